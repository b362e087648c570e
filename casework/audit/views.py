"""Browse and filter the audit log. There is deliberately no way to edit or delete an entry."""

from __future__ import annotations

import json

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from casework.audit import queries
from casework.audit.forms import AuditFilterForm
from casework.audit.labels import action_label
from casework.auth.permissions import Perm, permission_required
from casework.core.export import DATETIME, Column, export_response, wants_export
from casework.core.fields import page_number
from casework.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _record(event) -> str:
    if not event.entity_type:
        return ""
    return f"{event.entity_type} #{event.entity_id}" if event.entity_id else event.entity_type


def _details(event) -> str:
    parts = [event.summary or "", json.dumps(event.changes, ensure_ascii=False) if event.changes else ""]
    return " ".join(p for p in parts if p)


EVENT_COLUMNS = [
    Column(_l("When"), lambda e: e.occurred_at, DATETIME),
    Column(_l("User"), lambda e: e.actor_username or ""),
    Column(_l("Action"), lambda e: f"{action_label(e.action)} ({e.action})"),
    Column(_l("Record"), _record),
    Column(_l("Details"), _details),
]


@bp.route("/")
@permission_required(Perm.VIEW_AUDIT)
def events():
    form = AuditFilterForm(request.args)
    valid = form.validate()
    filters = {name: form[name].data or "" for name in ("action", "username", "entity_type")} if valid else {}
    if valid:
        filters.update(date_from=form.date_from.data, date_to=form.date_to.data)
    page = page_number(request.args.get("page"))
    stmt = queries.visible_events(current_user, **filters)
    if valid and wants_export():
        response = export_response("audit", _("Audit log"), EVENT_COLUMNS, db.session.scalars(stmt),
                                   actor=current_user, filters=filters)
        db.session.commit()
        return response
    page_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/events.html", form=form, page_args=page_args, columns=EVENT_COLUMNS,
                           events=db.paginate(stmt, page=page, per_page=50, error_out=False)), (
        200 if valid else 422)
