"""The indicator dashboard, the records behind each figure, exports, and a unit's own targets."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from casework.audit import service as audit
from casework.auth.permissions import (
    Perm,
    can_drill_down,
    can_manage_staff,
    can_set_targets,
    can_view_indicators,
    permission_required,
    require_in_scope,
)
from casework.core.fields import page_number
from casework.core.formatting import local_today
from casework.extensions import db
from casework.indicators import charts, export, forms, service, targets
from casework.indicators.labels import period_label
from casework.indicators.periods import Period
from casework.indicators.registry import CASEWORK, INDICATORS, QD112, Unit
from casework.orgunits.models import OrgUnit
from casework.orgunits.queries import ancestors, unit_by_code

bp = Blueprint("indicators", __name__, url_prefix="/indicators")


def _unit_and_period() -> tuple[OrgUnit, Period]:
    """The unit (?unit=<code>, default the user's home unit) and period (?period=2026|2026-Q3|2026-09)."""
    code = request.args.get("unit", "").strip()[:32]
    unit = unit_by_code(code) if code else current_user.home_unit
    if unit is None or not can_view_indicators(current_user, unit):
        abort(404)
    text = request.args.get("period", "").strip()[:16]
    period = Period.parse(text) if text else None
    if period is None:
        if text:
            flash(_("Choose a period such as 2026, 2026-Q3 or 2026-09."), "error")
        period = Period("year", local_today().year)
    return unit, period


def _locale() -> str:
    return str(get_locale() or "vi")


def _unit_choices(unit: OrgUnit) -> list[OrgUnit]:
    """The units offered in the chooser: the way up to the user's home unit, the unit and its children."""
    home = current_user.home_unit
    up = [u for u in ancestors(unit) if home.contains(u)]
    children = db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id)
                                  .order_by(OrgUnit.level, OrgUnit.name).limit(400)).all()
    return [*up, unit, *children]


def _period_choices(period: Period) -> list[Period]:
    this_year = local_today().year
    years = [Period("year", y) for y in range(this_year, this_year - 6, -1)]
    if period.year not in range(this_year - 5, this_year + 1):
        years.append(Period("year", period.year))
    parts = [Period("quarter", period.year, q) for q in range(1, 5)] + [
        Period("month", period.year, m) for m in range(1, 13)]
    return years + parts


@bp.route("/")
@permission_required(Perm.VIEW_INDICATORS)
def dashboard():
    unit, period = _unit_and_period()
    figures = service.compute(unit, period, today=local_today())
    locale = _locale()
    qd112 = [f for f in figures if f.indicator.group == QD112]
    percent_rows = [(f.indicator.code, f.value, f.target) for f in qd112 if f.indicator.unit == Unit.PERCENT]
    casework = [f for f in figures if f.indicator.group == CASEWORK]
    return render_template(
        "indicators/dashboard.html", unit=unit, period=period, period_text=period_label(period), locale=locale,
        qd112=qd112, casework=casework, centre_report=[f for f in figures if f.indicator.in_centre_report],
        unit_choices=_unit_choices(unit), period_choices=_period_choices(period), label_of=period_label,
        drill={f.indicator.code: can_drill_down(current_user, unit, f.indicator.records) for f in figures},
        can_set_targets=can_set_targets(current_user, unit), can_manage_staff=can_manage_staff(current_user, unit),
        chart_qd112=charts.actual_vs_target(_("Decision 112: actual and target (%)"), percent_rows,
                                            actual=_("Actual"), target=_("Target")),
        chart_casework=charts.counts(_("Casework in the period"), [
            (f.indicator.code, f.value) for f in casework if f.indicator.unit == Unit.COUNT]),
    )


@bp.route("/<code>/records")
@permission_required(Perm.VIEW_INDICATORS)
def records(code: str):
    indicator = service.indicator(code[:32])
    if indicator is None:
        abort(404)
    unit, period = _unit_and_period()
    if not can_drill_down(current_user, unit, indicator.records):
        abort(403)
    scope = service.Scope.of(unit, period, local_today())
    pagination = db.paginate(service.records_query(indicator, scope), page=page_number(request.args.get("page")),
                             per_page=50, error_out=False)
    if indicator.records not in ("units",):
        audit.record("indicator_drilldown", actor=current_user, entity_type="indicators", unit=unit,
                     changes={"indicator": indicator.code, "period": period.code, "page": pagination.page,
                              "records": len(pagination.items)})
        db.session.commit()
    return render_template("indicators/records.html", indicator=indicator, unit=unit, period=period,
                           period_text=period_label(period), pagination=pagination, locale=_locale(),
                           kind=str(indicator.records))


def _export(kind: str):
    unit, period = _unit_and_period()
    figures = service.compute(unit, period, today=local_today())
    audit.record("indicator_export", actor=current_user, entity_type="indicators", unit=unit,
                 changes={"format": kind, "period": period.code})
    db.session.commit()
    name = f"chi-so-{unit.code}-{period.code}"
    if kind == "xlsx":
        data = export.workbook(unit, period_label(period), figures, locale=_locale(), generated_on=local_today(),
                               author=current_user.full_name)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = export.csv_text(unit, period_label(period), figures, locale=_locale()).encode()
        mimetype = "text/csv"
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"',
                             "Cache-Control": "no-store"})


@bp.route("/export.xlsx")
@permission_required(Perm.VIEW_INDICATORS)
def export_xlsx():
    return _export("xlsx")


@bp.route("/export.csv")
@permission_required(Perm.VIEW_INDICATORS)
def export_csv():
    return _export("csv")


@bp.route("/units/<id:unit_id>/targets", methods=["GET", "POST"])
@permission_required(Perm.SET_TARGETS)
def unit_targets(unit_id: int):
    unit = require_in_scope(current_user, db.session.get(OrgUnit, unit_id))
    if not can_set_targets(current_user, unit):
        abort(403)
    target_form = forms.TargetForm(prefix="t")
    baseline_form = forms.BaselineForm(prefix="b")
    form, setter = ((target_form, targets.set_target) if "t-submit" in request.form
                    else (baseline_form, targets.set_baseline))
    if request.method == "POST" and form.validate_on_submit():
        try:
            setter(unit, actor=current_user, code=form.indicator.data, year=form.year.data,
                   value=float(form.value.data))
        except targets.TargetError as exc:
            getattr(form, exc.field).errors = [forms.ERRORS[exc.message]]
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("indicators.unit_targets", unit_id=unit.id))
    return render_template("indicators/targets.html", unit=unit, target_form=target_form,
                           baseline_form=baseline_form, targets=targets.unit_targets(unit),
                           baselines=targets.unit_baselines(unit), locale=_locale(),
                           names={i.code: i.name(_locale()) for i in INDICATORS})


@bp.app_template_filter("indicator_value")
def indicator_value(value, unit: str) -> str:
    """A figure as shown on screen: 1.234 · 45,5% · +12,3% · 300.000 ₫ · — when there is none."""
    from casework.core.formatting import format_money

    if value is None:
        return "—"
    if unit == Unit.VND:
        return format_money(int(value))
    if unit in (Unit.PERCENT, Unit.CHANGE):
        sign = "+" if unit == Unit.CHANGE and value > 0 else ""
        return f"{sign}{value:.1f}".replace(".", ",") + "%"
    return f"{int(value):,}".replace(",", ".")


@bp.app_template_filter("breakdown_title")
def _breakdown_title(name: str) -> str:
    from casework.indicators.labels import breakdown_title

    return breakdown_title(name)


@bp.app_template_global("breakdown_label")
def _breakdown_label(name: str, key: str) -> str:
    from casework.indicators.labels import breakdown_label

    return breakdown_label(name, key)
