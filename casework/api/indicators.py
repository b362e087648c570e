"""GET /api/v1/indicators: every indicator of a unit in scope for a period, with targets."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint, abort

from casework.api import require_api_user
from casework.auth.permissions import Perm, can_view_indicators, has_permission
from casework.core.formatting import local_today
from casework.indicators import service
from casework.indicators.periods import Period
from casework.indicators.schemas import IndicatorArgs, IndicatorReportSchema
from casework.orgunits.queries import unit_by_code

blp = Blueprint("api_indicators", __name__, url_prefix="/api/v1/indicators",
                description="Programme indicators (aggregates) of units in your scope")
blp.before_request(require_api_user)


@blp.route("")
@blp.arguments(IndicatorArgs, location="query")
@blp.response(200, IndicatorReportSchema)
def indicator_report(args):
    """The figures of a unit (its whole subtree) for a year, quarter or month; 404 outside your scope."""
    if not has_permission(current_user, Perm.VIEW_INDICATORS):
        abort(403)
    unit = unit_by_code(args["unit"]) if args["unit"] else current_user.home_unit
    if unit is None or not can_view_indicators(current_user, unit):
        abort(404)
    period = Period.parse(args["period"]) if args["period"] else Period("year", local_today().year)
    if period is None:
        abort(422)
    figures = service.compute(unit, period, today=local_today())
    return {"unit_code": unit.code, "unit_name": unit.name, "period": period.code, "figures": figures}
