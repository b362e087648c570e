"""Browse and filter the audit log. There is deliberately no way to edit or delete an entry."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from casework.audit import queries
from casework.audit.forms import AuditFilterForm
from casework.auth.permissions import Perm, permission_required
from casework.core.fields import page_number
from casework.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")


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
    page_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/events.html", form=form, page_args=page_args,
                           events=db.paginate(stmt, page=page, per_page=50, error_out=False)), (
        200 if valid else 422)
