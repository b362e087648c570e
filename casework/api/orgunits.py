"""GET /api/v1/units and /api/v1/units/<id>: org units within the caller's scope."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint, abort

from casework.api import require_api_user
from casework.auth.permissions import Perm, has_permission, in_scope
from casework.core.text import fold
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel
from casework.orgunits.queries import visible_units
from casework.orgunits.schemas import OrgUnitPageSchema, OrgUnitSchema, UnitListArgs

blp = Blueprint("api_units", __name__, url_prefix="/api/v1/units", description="Org units in your scope")
blp.before_request(require_api_user)


@blp.route("")
@blp.arguments(UnitListArgs, location="query")
@blp.response(200, OrgUnitPageSchema)
def list_units(args):
    """Units in the caller's subtree, filtered by level, parent or name (diacritics ignored)."""
    if not has_permission(current_user, Perm.VIEW_UNITS):
        abort(403)
    stmt = visible_units(current_user)
    if args["level"]:
        stmt = stmt.where(OrgUnit.level == UnitLevel(args["level"]))
    if args["parent_id"]:
        stmt = stmt.where(OrgUnit.parent_id == args["parent_id"])
    if args["q"]:
        stmt = stmt.where(OrgUnit.search_name.contains(fold(args["q"]), autoescape=True))
    pagination = db.paginate(stmt.order_by(OrgUnit.code), page=args["page"], per_page=args["per_page"],
                             error_out=False)
    return {"items": pagination.items, "page": args["page"], "per_page": args["per_page"],
            "total": pagination.total}


@blp.route("/<id:unit_id>")
@blp.response(200, OrgUnitSchema)
def get_unit(unit_id: int):
    """One unit; 404 when it does not exist or lies outside the caller's scope."""
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None or not in_scope(current_user, unit):
        abort(404)
    if not has_permission(current_user, Perm.VIEW_UNITS):
        abort(403)
    return unit
