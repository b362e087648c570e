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


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


_NAV = [
    ("core.home", _l("Home"), None),
    ("orgunits.tree", _l("Units"), Perm.VIEW_UNITS),
    ("admin.users", _l("Users"), Perm.MANAGE_USERS),
    ("audit.events", _l("Audit log"), Perm.VIEW_AUDIT),
]


def navigation() -> list[NavItem]:
    if not getattr(current_user, "is_authenticated", False):
        return []
    items = []
    for endpoint, label, perm in _NAV:
        if perm is None or has_permission(current_user, perm):
            blueprint = endpoint.split(".")[0]
            items.append(NavItem(str(label), url_for(endpoint), request.blueprint == blueprint))
    return items


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
    app.jinja_env.globals["field_attrs"] = field_attrs
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["role_label"] = lambda role: str(ROLE_LABELS.get(role, role))
    app.jinja_env.filters["level_label"] = lambda level: str(UNIT_LEVEL_LABELS.get(level, level))
    app.jinja_env.filters["facility_label"] = facility_type_label

    @app.context_processor
    def _globals():
        return {"navigation": navigation, "current_locale": str(get_locale())}
