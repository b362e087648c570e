"""The columns of the partners list, shared by the page and its Excel export."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from casework.cases import labels as case_labels
from casework.core.export import Column
from casework.referrals import labels

PARTNER_COLUMNS = [
    Column(_l("Name"), lambda p: p.name, link=lambda p: url_for("referrals.partner", partner_id=p.id)),
    Column(_l("Kind of partner"), lambda p: case_labels.label(labels.PARTNER_KIND, p.kind)),
    Column(_l("What they support"), lambda p: ", ".join(case_labels.label(case_labels.SERVICES, code)
                                                        for code in p.funds or [])),
    Column(_l("Unit"), lambda p: p.org_unit.name),
    Column(_l("Anonymous to the family"), lambda p: str(_l("anonymous")) if p.anonymous_to_family else ""),
]
