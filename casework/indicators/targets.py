"""Writes of indicator reference data: national targets, a unit's own targets and baselines, base salaries."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casework.audit import service as audit
from casework.extensions import db
from casework.indicators.models import IndicatorBaseline, IndicatorTarget
from casework.indicators.registry import BASE_SALARIES, BY_CODE, NATIONAL_TARGETS, TARGET_SOURCE
from casework.workforce.models import BaseSalary

MIN_YEAR, MAX_YEAR = 2020, 2040


class TargetError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def load_reference_data(*, actor=None) -> dict[str, int]:
    """Load the national Decision 112 targets and the base salaries that are missing. Idempotent."""
    added = {"targets": 0, "base_salaries": 0}
    national = {(t.indicator_code, t.year) for t in db.session.scalars(
        select(IndicatorTarget).where(IndicatorTarget.org_unit_id.is_(None)))}
    for (code, year), value in NATIONAL_TARGETS.items():
        if (code, year) not in national:
            db.session.add(IndicatorTarget(indicator_code=code, org_unit_id=None, year=year, value=value,
                                           source=TARGET_SOURCE))
            added["targets"] += 1
    known = set(db.session.scalars(select(BaseSalary.effective_from)))
    for day, amount, basis in BASE_SALARIES:
        if date.fromisoformat(day) not in known:
            db.session.add(BaseSalary(effective_from=date.fromisoformat(day), amount=amount, legal_basis=basis))
            added["base_salaries"] += 1
    if any(added.values()):
        audit.record("indicator_reference_load", actor=actor, entity_type="indicator_targets", changes=added)
    db.session.flush()
    return added


def _check(code: str, year: int, value: float) -> None:
    if code not in BY_CODE:
        raise TargetError("indicator", "unknown_indicator")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TargetError("year", "bad_year")
    if not 0 <= value <= 1_000_000_000_000:
        raise TargetError("value", "bad_value")


def set_target(unit, *, actor, code: str, year: int, value: float) -> IndicatorTarget:
    """A unit's own target (a province's plan may differ from the national one)."""
    _check(code, year, value)
    target = db.session.scalar(select(IndicatorTarget).where(
        IndicatorTarget.indicator_code == code, IndicatorTarget.org_unit_id == unit.id, IndicatorTarget.year == year))
    old = target.value if target else None
    if target is None:
        target = IndicatorTarget(indicator_code=code, org_unit_id=unit.id, year=year, value=value, source="")
        db.session.add(target)
    target.value = value
    db.session.flush()
    audit.record("indicator_target_set", actor=actor, entity=target, unit=unit,
                 changes={"indicator": code, "year": year, "value": [old, value]})
    return target


def set_baseline(unit, *, actor, code: str, year: int, value: float) -> IndicatorBaseline:
    _check(code, year, value)
    baseline = db.session.scalar(select(IndicatorBaseline).where(
        IndicatorBaseline.indicator_code == code, IndicatorBaseline.org_unit_id == unit.id,
        IndicatorBaseline.year == year))
    old = baseline.value if baseline else None
    if baseline is None:
        baseline = IndicatorBaseline(indicator_code=code, org_unit_id=unit.id, year=year, value=value)
        db.session.add(baseline)
    baseline.value = value
    db.session.flush()
    audit.record("indicator_baseline_set", actor=actor, entity=baseline, unit=unit,
                 changes={"indicator": code, "year": year, "value": [old, value]})
    return baseline


def unit_targets(unit) -> list[IndicatorTarget]:
    return list(db.session.scalars(select(IndicatorTarget).where(IndicatorTarget.org_unit_id == unit.id)
                                   .order_by(IndicatorTarget.indicator_code, IndicatorTarget.year)))


def unit_baselines(unit) -> list[IndicatorBaseline]:
    return list(db.session.scalars(select(IndicatorBaseline).where(IndicatorBaseline.org_unit_id == unit.id)
                                   .order_by(IndicatorBaseline.indicator_code, IndicatorBaseline.year)))
