"""The columns of the case lists, shared by the page and its Excel export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from casework.cases import labels
from casework.core.export import DATE, DATETIME, Column


def case_row_class(case) -> str:
    """Pending emergencies stand out on every list."""
    return "row-emergency" if case.emergency_pending else ""


@dataclass(frozen=True)
class Selection:
    """Checkboxes in a list's first column, submitted with the form named form."""

    name: str
    value: Callable[[Any], Any]
    label: Callable[[Any], str]
    form: str


CASE_SELECTION = Selection("case_ids", lambda c: c.id, lambda c: c.number, "reassign-form")


def _case_link(case) -> str:
    return url_for("cases.detail", case_id=case.id)


CASE_COLUMNS = [
    Column(_l("Case"), lambda c: c.number, link=_case_link),
    Column(_l("Person"), lambda c: c.person.full_name),
    Column(_l("Step"), lambda c: labels.label(labels.STATUS, c.status)),
    Column(_l("Risk"), lambda c: labels.label(labels.RISK, c.risk_level) if c.risk_level else ""),
    Column(_l("Emergency"), lambda c: str(_l("Emergency")) if c.emergency_pending else ""),
    Column(_l("Worker"), lambda c: c.assigned_to.full_name if c.assigned_to else ""),
    Column(_l("Unit"), lambda c: c.org_unit.name),
    Column(_l("Opened"), lambda c: c.opened_on, DATE),
    Column(_l("Last activity"), lambda c: c.last_activity_at, DATE),
]


APPROVAL_COLUMNS = [
    Column(_l("Request"), lambda r: labels.label(labels.APPROVAL_KIND, r.kind)),
    Column(_l("Case"), lambda r: r.case.number, link=lambda r: url_for("cases.detail", case_id=r.case_id)),
    Column(_l("Person"), lambda r: r.case.person.full_name),
    Column(_l("Asked by"), lambda r: r.requested_by.full_name),
    Column(_l("Asked on"), lambda r: r.created_at, DATETIME),
    Column(_l("Reason"), lambda r: labels.label(labels.CLOSURE, r.closure_reason) if r.closure_reason else ""),
    Column(_l("Transfer to"), lambda r: r.target_unit.name if r.target_unit else ""),
    Column(_l("Note"), lambda r: r.request_note or ""),
]
