"""Jinja filters and the navigation each user sees; templates hold no logic of their own."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from casework.auth.permissions import Perm, has_permission
from casework.core.formatting import format_date, format_datetime, format_money
from casework.labels import ROLE_LABELS, UNIT_LEVEL_LABELS, facility_type_label
from casework.people.codes import CATEGORIES


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


_NAV = [
    ("core.home", _l("Home"), None),
    ("cases.index", _l("Cases"), Perm.VIEW_CASES),
    ("people.search_page", _l("Find a person"), Perm.VIEW_CASES),
    ("imports.index", _l("Import"), Perm.EDIT_CASES),
    ("followups.mine", _l("Follow-ups"), Perm.EDIT_CASES),
    ("hospital.workspace", _l("Hospital"), Perm.VIEW_HOSPITAL),
    ("referrals.partners", _l("Partners"), Perm.VIEW_CASES),
    ("supervision.dashboard", _l("Supervision"), Perm.SUPERVISE),
    ("cases.approvals", _l("Approvals"), Perm.APPROVE_CASES),
    ("dataprotection.overview", _l("Data requests"), Perm.HANDLE_DATA_REQUESTS),
    ("indicators.dashboard", _l("Indicators"), Perm.VIEW_INDICATORS),
    ("orgunits.tree", _l("Units"), Perm.VIEW_UNITS),
    ("admin.users", _l("Users"), Perm.MANAGE_USERS),
    ("audit.events", _l("Audit log"), Perm.VIEW_AUDIT),
    ("followups.notifications", _l("Notifications"), None),
]


def navigation() -> list[NavItem]:
    if not getattr(current_user, "is_authenticated", False):
        return []
    items = []
    for endpoint, label, perm in _NAV:
        if perm is None or has_permission(current_user, perm):
            text = str(label)
            if endpoint == "followups.notifications" and (unread := _unread_notifications()):
                text = f"{text} ({unread})"
            items.append(NavItem(text, url_for(endpoint), request.endpoint == endpoint))
    return items


def _unread_notifications() -> int:
    from sqlalchemy import func, select

    from casework.extensions import db
    from casework.referrals.models import Notification

    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == current_user.id, Notification.read_at.is_(None))) or 0


def field_attrs(field, base: dict, invalid: bool, hint) -> dict:
    """HTML attributes that tie an input to its error or hint text for screen readers."""
    attrs = dict(base)
    if invalid:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.id}-error"
    elif hint or field.description:
        attrs["aria-describedby"] = f"{field.id}-hint"
    return attrs


def init_app(app: Flask) -> None:
    from casework.audit.labels import action_label
    from casework.cases import labels as case_labels
    from casework.core.export import export_url
    from casework.people import display
    from casework.people import labels as people_labels
    from casework.referrals import labels as referral_labels
    app.jinja_env.globals["field_attrs"] = field_attrs
    app.jinja_env.globals["export_url"] = export_url
    app.jinja_env.filters["audit_action_label"] = action_label
    app.jinja_env.globals["category_groups"] = display.category_groups
    app.jinja_env.filters["person_facts"] = display.person_facts
    app.jinja_env.filters["birth_text"] = display.birth_text
    app.jinja_env.filters["ethnicity_name"] = display.ethnicity_name
    app.jinja_env.filters["relationship_label"] = display.relationship_label
    app.jinja_env.filters["poverty_label"] = display.poverty_label
    app.jinja_env.filters["disability_label"] = display.disability_label
    app.jinja_env.filters["category_label"] = lambda code: CATEGORIES.get(code, code)
    app.jinja_env.filters["sex_label"] = lambda value: str(people_labels.SEX.get(value, value))
    app.jinja_env.filters["consent_scope_label"] = lambda v: str(people_labels.CONSENT_SCOPE.get(v, v))
    for name in ("STATUS", "SOURCE", "RISK", "CLOSURE", "ASSESSMENT_KIND", "PLAN_STATUS", "NOTE_KIND",
                 "ATTACHMENT_KIND", "APPROVAL_KIND", "APPROVAL_STATUS", "NEEDS", "SERVICES", "EVENT_LABELS"):
        mapping = getattr(case_labels, name)
        app.jinja_env.filters[f"{name.lower()}_label"] = lambda key, m=mapping: case_labels.label(m, key)
    for name in ("PARTNER_KIND", "REFERRAL_STATUS", "COMMITMENT_KIND", "FREQUENCY", "COMMITMENT_STATUS",
                 "DISBURSEMENT_STATUS"):
        mapping = getattr(referral_labels, name)
        app.jinja_env.filters[f"{name.lower()}_label"] = lambda key, m=mapping: case_labels.label(m, key)
    app.jinja_env.filters["funding_label"] = lambda key: case_labels.label(referral_labels.SOURCE, key)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["role_label"] = lambda role: str(ROLE_LABELS.get(role, role))
    app.jinja_env.filters["level_label"] = lambda level: str(UNIT_LEVEL_LABELS.get(level, level))
    app.jinja_env.filters["facility_label"] = facility_type_label

    @app.context_processor
    def _globals():
        return {"navigation": navigation, "current_locale": str(get_locale())}
