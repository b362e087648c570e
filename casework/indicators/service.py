"""Computing every indicator of a unit and period in a few set-based queries, and the records behind
each figure.

A unit's figure is the sum over its subtree (materialised path prefix). Units that were merged in
2025 are kept under their successor with a valid_to date, so a merged province counts its former
parts. Every query here filters cases, people or staff by `org_unit_id IN (subtree)`; the indexes
they need are declared in casework/indicators/models.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, and_, case, distinct, exists, false, func, or_, select

from casework.cases.models import Case, CaseNote, NoteKind
from casework.extensions import db
from casework.followups.models import FollowUp, FollowUpStatus
from casework.hospital.models import Admission, Appeal, AppealHandover, Donation, HospitalSupport, TeamActivity
from casework.indicators.models import IndicatorBaseline, IndicatorTarget
from casework.indicators.periods import Period
from casework.indicators.registry import BY_CODE, INDICATORS, Indicator, Records, Unit
from casework.orgunits.models import FacilityType, OrgUnit, UnitLevel
from casework.people.models import Person, PersonCategory
from casework.referrals.models import Disbursement, DisbursementStatus, Referral, ReferralStatus
from casework.workforce.models import BaseSalary, PositionType, StaffMember, Training

CHILD_CATEGORY_PREFIX = "LTE-10."  # Children Law 2016 art. 10: children in special circumstances


@dataclass(frozen=True)
class Scope:
    unit: OrgUnit
    period: Period
    as_of: date  # the day states are read on
    start_utc: datetime
    end_utc: datetime

    @classmethod
    def of(cls, unit: OrgUnit, period: Period, today: date) -> Scope:
        start_utc, end_utc = period.utc_bounds()
        return cls(unit, period, period.as_of(today), start_utc, end_utc)

    def units(self):
        """Ids of the unit and everything below it, former (merged) units included."""
        return select(OrgUnit.id).where(OrgUnit.path.startswith(self.unit.path, autoescape=True))

    def valid_units(self):
        """Units of the subtree that existed on the as-of day (the denominators of the % indicators)."""
        return and_(OrgUnit.path.startswith(self.unit.path, autoescape=True),
                    or_(OrgUnit.valid_from.is_(None), OrgUnit.valid_from <= self.as_of),
                    or_(OrgUnit.valid_to.is_(None), OrgUnit.valid_to >= self.as_of))


@dataclass
class Figure:
    indicator: Indicator
    value: float | int | None
    numerator: int | None
    denominator: int | float | None = None
    target: float | None = None
    breakdowns: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        if self.value is None or self.target is None:
            return None
        return round(self.value - self.target, 1)

    @property
    def met(self) -> bool | None:
        return None if self.gap is None else self.gap >= 0


# Predicates shared by the counts and the drill-down lists, so that both always agree. --------------

def _case_in(scope: Scope):
    return Case.org_unit_id.in_(scope.units())


def _opened_in(scope: Scope):
    return Case.opened_on.between(scope.period.start, scope.period.end)


def _active_in(scope: Scope):
    """A case open at some time during the period."""
    return and_(Case.opened_on <= scope.period.end, or_(Case.closed_at.is_(None), Case.closed_at >= scope.start_utc))


def _centre_units(scope: Scope):
    return scope.units().where(OrgUnit.facility_type == FacilityType.SOCIAL_PROTECTION_CENTRE)


def _counselled_case_ids(scope: Scope):
    return select(CaseNote.case_id).where(CaseNote.kind == NoteKind.COUNSELLING,
                                          CaseNote.occurred_on.between(scope.period.start, scope.period.end))


def _is_child(person_id_column):
    return exists().where(PersonCategory.person_id == person_id_column,
                          PersonCategory.code.startswith(CHILD_CATEGORY_PREFIX))


def _has_active_case(scope: Scope, person_id_column):
    return exists().where(Case.person_id == person_id_column, _active_in(scope))


# Referrals, payments and follow-ups are joined to their case (driven by their own status/date
# index, then the case's primary key), never filtered by "case_id IN (every case of the subtree)".
def _referral_done(scope: Scope):
    return and_(Referral.status == ReferralStatus.COMPLETED,
                Referral.completed_on.between(scope.period.start, scope.period.end), _case_in(scope))


def _paid(scope: Scope):
    return and_(Disbursement.status == DisbursementStatus.PAID,
                Disbursement.paid_on.between(scope.period.start, scope.period.end), _case_in(scope))


def _followup_done(scope: Scope):
    return and_(FollowUp.status == FollowUpStatus.DONE, FollowUp.done_at >= scope.start_utc,
                FollowUp.done_at < scope.end_utc, _case_in(scope))


def _staff_active(scope: Scope, staff=StaffMember):
    return and_(staff.contract_start <= scope.as_of,
                or_(staff.contract_end.is_(None), staff.contract_end >= scope.as_of))


def _trained(scope: Scope):
    return exists().where(Training.staff_id == StaffMember.id, Training.held_on <= scope.as_of)


def _unit_staffed(scope: Scope):
    return exists().where(StaffMember.org_unit_id == OrgUnit.id, _staff_active(scope))


def _commune_paid(scope: Scope, base_salary: int):
    return exists().where(StaffMember.org_unit_id == OrgUnit.id, _staff_active(scope),
                          StaffMember.position == PositionType.COLLABORATOR,
                          StaffMember.monthly_allowance >= base_salary)


_STAFFED_LEVELS = (UnitLevel.COMMUNE, UnitLevel.FACILITY)


def base_salary_on(day: date) -> int | None:
    return db.session.scalar(select(BaseSalary.amount).where(BaseSalary.effective_from <= day)
                             .order_by(BaseSalary.effective_from.desc()).limit(1))


# The measures: each source is one query yielding several measures. --------------------------------

def _one(stmt) -> list[int]:
    return [int(v or 0) for v in db.session.execute(stmt).one()]


def _cases_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    new = _opened_in(scope)
    in_centre = Case.org_unit_id.in_(_centre_units(scope))
    out["new_cases"], out["emergencies"], out["taken_into_care"], out["people_supported"] = _one(
        select(func.sum(case((new, 1), else_=0)),
               func.sum(case((and_(new, Case.emergency.is_(True)), 1), else_=0)),
               func.count(distinct(case((and_(new, in_centre), Case.person_id)))),
               func.count(distinct(case((_active_in(scope), Case.person_id)))))
        .where(_case_in(scope), Case.opened_on <= scope.period.end))
    # Driven by the notes' (kind, date) index, then each note's case.
    out["cases_counselled"] = _one(
        select(func.count(distinct(CaseNote.case_id))).join(Case, Case.id == CaseNote.case_id).where(
            CaseNote.kind == NoteKind.COUNSELLING, CaseNote.occurred_on.between(scope.period.start, scope.period.end),
            _case_in(scope)))[0]
    breakdowns["new_cases:sex"] = dict(db.session.execute(
        select(Person.sex, func.count()).select_from(Case).join(Person, Person.id == Case.person_id)
        .where(_case_in(scope), new).group_by(Person.sex)).all())
    breakdowns["new_cases:category"] = dict(db.session.execute(
        select(PersonCategory.code, func.count()).select_from(Case)
        .join(PersonCategory, PersonCategory.person_id == Case.person_id)
        .where(_case_in(scope), new).group_by(PersonCategory.code)).all())


def _children_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    out["children_total"], out["children_supported"] = _one(
        select(func.count(), func.sum(case((_has_active_case(scope, Person.id), 1), else_=0)))
        .where(Person.org_unit_id.in_(scope.units()), Person.created_at < scope.end_utc, _is_child(Person.id)))


def _referrals_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    by_service = dict(db.session.execute(
        select(Referral.service, func.count()).join(Case, Case.id == Referral.case_id).where(_referral_done(scope))
        .group_by(Referral.service)).all())
    breakdowns["referrals_completed:service"] = by_service
    out["referrals_completed"] = sum(by_service.values())
    for service, n in by_service.items():
        out[f"referrals:{service}"] = n


def _support_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    by_source = {str(getattr(s, "value", s)): int(v or 0) for s, v in db.session.execute(
        select(Disbursement.source, func.sum(Disbursement.amount_paid)).join(Case, Case.id == Disbursement.case_id)
        .where(_paid(scope)).group_by(Disbursement.source)).all()}
    breakdowns["support_total:source"] = by_source
    out["support_total"] = sum(by_source.values())
    for source, amount in by_source.items():
        out[f"support:{source}"] = amount


def _followups_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    out["followups_done"] = _one(select(func.count()).select_from(FollowUp).join(Case, Case.id == FollowUp.case_id)
                                 .where(_followup_done(scope)))[0]


def _units_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    base = base_salary_on(scope.as_of)
    staffed_level = OrgUnit.level.in_(_STAFFED_LEVELS)
    facility = OrgUnit.level == UnitLevel.FACILITY
    commune = OrgUnit.level == UnitLevel.COMMUNE
    paid = _commune_paid(scope, base) if base is not None else false()
    (out["units_total"], out["units_staffed"], out["facilities_total"], out["facilities_sw"],
     out["communes_total"], out["communes_paid"]) = _one(
        select(func.sum(case((staffed_level, 1), else_=0)),
               func.sum(case((and_(staffed_level, _unit_staffed(scope)), 1), else_=0)),
               func.sum(case((facility, 1), else_=0)),
               func.sum(case((and_(facility, OrgUnit.provides_sw_services.is_(True)), 1), else_=0)),
               func.sum(case((commune, 1), else_=0)),
               func.sum(case((and_(commune, paid), 1), else_=0)))
        .where(scope.valid_units(), staffed_level))


def _staff_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    out["staff_total"], out["staff_trained"] = _one(
        select(func.count(), func.sum(case((_trained(scope), 1), else_=0)))
        .where(StaffMember.org_unit_id.in_(scope.units()), _staff_active(scope)))


# Hospital social work: counted by the hospital that recorded it (its own org unit), not by the case.
def _in_period(column, scope: Scope):
    return column.between(scope.period.start, scope.period.end)


def _support_given(scope: Scope):
    return and_(HospitalSupport.org_unit_id.in_(scope.units()), _in_period(HospitalSupport.given_on, scope))


def _supported_patients(scope: Scope):
    """Patients given a support, or handed appeal money, by a hospital in scope during the period."""
    by_support = select(Admission.person_id).join(HospitalSupport, HospitalSupport.admission_id == Admission.id) \
        .where(_support_given(scope))
    by_handover = select(Admission.person_id).join(Appeal, Appeal.admission_id == Admission.id) \
        .join(AppealHandover, AppealHandover.appeal_id == Appeal.id) \
        .where(Appeal.org_unit_id.in_(scope.units()), _in_period(AppealHandover.handed_on, scope))
    return by_support.union(by_handover).subquery()


def _appeals_with(scope: Scope, money):
    """Appeals in scope with a donation (or hand-over) dated in the period."""
    day = money.received_on if money is Donation else money.handed_on
    return and_(Appeal.org_unit_id.in_(scope.units()),
                exists().where(money.appeal_id == Appeal.id, _in_period(day, scope)))


def _hospital_source(scope: Scope, out: dict, breakdowns: dict) -> None:
    by_source = {str(getattr(k, "value", k)): int(v or 0) for k, v in db.session.execute(
        select(HospitalSupport.source, func.sum(HospitalSupport.amount)).where(_support_given(scope))
        .group_by(HospitalSupport.source)).all()}
    breakdowns["hospital_support_total:source"] = by_source
    out["hospital_support_total"] = sum(by_source.values())
    appeals = Appeal.org_unit_id.in_(scope.units())
    (out["hospital_patients"], out["appeals_launched"], out["appeal_donations"],
     out["appeal_handovers"]) = _one(select(
        select(func.count()).select_from(_supported_patients(scope)).scalar_subquery(),
        select(func.count()).where(appeals, _in_period(Appeal.opened_on, scope)).scalar_subquery(),
        select(func.sum(Donation.amount)).join(Appeal, Appeal.id == Donation.appeal_id)
        .where(appeals, _in_period(Donation.received_on, scope)).scalar_subquery(),
        select(func.sum(AppealHandover.amount)).join(Appeal, Appeal.id == AppealHandover.appeal_id)
        .where(appeals, _in_period(AppealHandover.handed_on, scope)).scalar_subquery()))
    by_kind = {str(getattr(k, "value", k)): int(v) for k, v in db.session.execute(
        select(TeamActivity.kind, func.count()).where(TeamActivity.org_unit_id.in_(scope.units()),
                                                      _in_period(TeamActivity.held_on, scope))
        .group_by(TeamActivity.kind)).all()}
    breakdowns["team_activities:kind"] = by_kind
    out["team_activities"] = sum(by_kind.values())


# Which source yields a measure. A measure "referrals:<service>" or "support:<source>" comes from the
# source of its prefix. The hospital workspace adds its own source here.
SOURCES = {
    "new_cases": _cases_source, "emergencies": _cases_source, "taken_into_care": _cases_source,
    "people_supported": _cases_source, "cases_counselled": _cases_source,
    "children_supported": _children_source, "children_total": _children_source,
    "referrals_completed": _referrals_source, "referrals": _referrals_source,
    "support_total": _support_source, "support": _support_source,
    "followups_done": _followups_source,
    "units_staffed": _units_source, "units_total": _units_source, "facilities_sw": _units_source,
    "facilities_total": _units_source, "communes_paid": _units_source, "communes_total": _units_source,
    "staff_trained": _staff_source, "staff_total": _staff_source,
    "hospital_patients": _hospital_source, "hospital_support_total": _hospital_source,
    "appeals_launched": _hospital_source, "appeal_donations": _hospital_source, "appeal_handovers": _hospital_source,
    "team_activities": _hospital_source,
}


def _source_of(measure: str):
    return SOURCES[measure.split(":", 1)[0]]


def measures(scope: Scope, indicators=INDICATORS) -> tuple[dict, dict]:
    """Every measure the indicators need, each source queried once."""
    wanted = {m for i in indicators for m in (i.numerator, i.denominator) if m}
    out: dict[str, int] = {}
    breakdowns: dict[str, dict] = {}
    done = set()
    for measure in sorted(wanted):
        source = _source_of(measure)
        if source not in done:
            source(scope, out, breakdowns)
            done.add(source)
    return out, breakdowns


def compute(unit: OrgUnit, period: Period, *, today: date, indicators=INDICATORS) -> list[Figure]:
    """The figures of every indicator for a unit (its whole subtree) and period, with their targets."""
    scope = Scope.of(unit, period, today)
    values, breakdowns = measures(scope, indicators)
    targets = targets_for(unit, period.year, [i.code for i in indicators])
    baselines = baselines_for(scope, {i.baseline_year for i in indicators if i.baseline_year})
    figures = []
    for indicator in indicators:
        numerator = values.get(indicator.numerator, 0)
        figure = Figure(indicator, numerator, numerator, target=targets.get(indicator.code))
        if indicator.unit == Unit.PERCENT:
            figure.denominator = values.get(indicator.denominator, 0)
            figure.value = round(100 * numerator / figure.denominator, 1) if figure.denominator else None
        elif indicator.unit == Unit.CHANGE:
            baseline = baselines.get(indicator.baseline_year)
            figure.denominator = baseline
            # The change against a yearly baseline only means something for a whole year.
            figure.value = (round(100 * (numerator - baseline) / baseline, 1)
                            if baseline and period.kind == "year" else None)
        figure.breakdowns = {key.split(":", 1)[1]: {str(getattr(k, "value", k)): v for k, v in b.items()}
                             for key, b in breakdowns.items() if key.split(":", 1)[0] == indicator.numerator}
        figures.append(figure)
    return figures


def targets_for(unit: OrgUnit, year: int, codes: list[str]) -> dict[str, float]:
    """For each indicator, the target of the nearest unit up the tree (then the national default) for
    the first target year not before the period's year."""
    chain = [int(part) for part in unit.path.strip("/").split("/") if part]
    depth = {unit_id: i for i, unit_id in enumerate(chain)}
    rows = db.session.execute(
        select(IndicatorTarget.indicator_code, IndicatorTarget.org_unit_id, IndicatorTarget.year,
               IndicatorTarget.value)
        .where(IndicatorTarget.indicator_code.in_(codes), IndicatorTarget.year >= year,
               or_(IndicatorTarget.org_unit_id.is_(None), IndicatorTarget.org_unit_id.in_(chain)))).all()
    best: dict[str, tuple] = {}
    for code, unit_id, target_year, value in rows:
        rank = (-depth.get(unit_id, -1), target_year)  # deepest unit first, then the nearest year
        if code not in best or rank < best[code][0]:
            best[code] = (rank, value)
    return {code: value for code, (_, value) in best.items()}


def baselines_for(scope: Scope, years: set[int]) -> dict[int, float]:
    """The unit's own baseline, or else the sum of the baselines stored below it."""
    if not years:
        return {}
    code = "QD112-4"
    own = dict(db.session.execute(select(IndicatorBaseline.year, IndicatorBaseline.value).where(
        IndicatorBaseline.indicator_code == code, IndicatorBaseline.org_unit_id == scope.unit.id,
        IndicatorBaseline.year.in_(years))).all())
    below = dict(db.session.execute(select(IndicatorBaseline.year, func.sum(IndicatorBaseline.value)).where(
        IndicatorBaseline.indicator_code == code, IndicatorBaseline.org_unit_id.in_(scope.units()),
        IndicatorBaseline.year.in_(years)).group_by(IndicatorBaseline.year)).all())
    return {year: own.get(year, below.get(year)) for year in years if own.get(year, below.get(year))}


# Drill-down: the records behind a figure (its numerator). ---------------------------------------

def _hospital_records(code: str, kind: Records, scope: Scope) -> Select | None:
    """The records behind the hospital figures (None for the other indicators)."""
    if kind == Records.PEOPLE and code == "CW-HOSP-PATIENTS":
        return select(Person).where(Person.id.in_(select(_supported_patients(scope)))) \
            .order_by(Person.search_name, Person.id)
    if kind == Records.HOSPITAL_SUPPORTS:
        return select(HospitalSupport).where(_support_given(scope)) \
            .order_by(HospitalSupport.given_on.desc(), HospitalSupport.id.desc())
    if kind == Records.APPEALS:
        where = {"CW-APPEALS": and_(Appeal.org_unit_id.in_(scope.units()), _in_period(Appeal.opened_on, scope)),
                 "CW-APPEAL-DONATIONS": _appeals_with(scope, Donation),
                 "CW-APPEAL-HANDOVERS": _appeals_with(scope, AppealHandover)}[code]
        return select(Appeal).where(where).order_by(Appeal.opened_on.desc(), Appeal.id.desc())
    if kind == Records.ACTIVITIES:
        return select(TeamActivity).where(TeamActivity.org_unit_id.in_(scope.units()),
                                          _in_period(TeamActivity.held_on, scope)) \
            .order_by(TeamActivity.held_on.desc(), TeamActivity.id.desc())
    return None


def records_query(indicator: Indicator, scope: Scope) -> Select:
    """The records counted in an indicator's numerator, newest first."""
    code, kind = indicator.code, indicator.records
    if kind == Records.CASES:
        where = {"CW-NEW": _opened_in(scope), "CW-EMERGENCY": and_(_opened_in(scope), Case.emergency.is_(True)),
                 "CW-CARE": and_(_opened_in(scope), Case.org_unit_id.in_(_centre_units(scope))),
                 "CW-COUNSELLED": Case.id.in_(_counselled_case_ids(scope))}[code]
        return select(Case).where(_case_in(scope), where).order_by(Case.opened_on.desc(), Case.id.desc())
    hospital = _hospital_records(code, kind, scope)
    if hospital is not None:
        return hospital
    if kind == Records.PEOPLE:
        supported = select(Case.person_id).where(_case_in(scope), _active_in(scope))
        stmt = select(Person).where(Person.id.in_(supported))
        if code == "QD112-5":
            stmt = select(Person).where(Person.org_unit_id.in_(scope.units()), Person.created_at < scope.end_utc,
                                        _is_child(Person.id), _has_active_case(scope, Person.id))
        return stmt.order_by(Person.search_name, Person.id)
    if kind == Records.REFERRALS:
        stmt = select(Referral).join(Case, Case.id == Referral.case_id).where(_referral_done(scope))
        if "service" in indicator.filters:
            stmt = stmt.where(Referral.service == indicator.filters["service"])
        return stmt.order_by(Referral.completed_on.desc(), Referral.id.desc())
    if kind == Records.DISBURSEMENTS:
        stmt = select(Disbursement).join(Case, Case.id == Disbursement.case_id).where(_paid(scope))
        if "source" in indicator.filters:
            stmt = stmt.where(Disbursement.source == indicator.filters["source"])
        return stmt.order_by(Disbursement.paid_on.desc(), Disbursement.id.desc())
    if kind == Records.FOLLOWUPS:
        return (select(FollowUp).join(Case, Case.id == FollowUp.case_id).where(_followup_done(scope))
                .order_by(FollowUp.done_at.desc()))
    if kind == Records.STAFF:
        return (select(StaffMember).where(StaffMember.org_unit_id.in_(scope.units()), _staff_active(scope),
                                          _trained(scope)).order_by(StaffMember.full_name, StaffMember.id))
    return _unit_records(code, scope)


def _unit_records(code: str, scope: Scope) -> Select:
    if code == "QD112-1":
        where = and_(OrgUnit.level.in_(_STAFFED_LEVELS), _unit_staffed(scope))
    elif code == "QD112-3":
        where = and_(OrgUnit.level == UnitLevel.FACILITY, OrgUnit.provides_sw_services.is_(True))
    else:
        base = base_salary_on(scope.as_of)
        where = and_(OrgUnit.level == UnitLevel.COMMUNE, _commune_paid(scope, base) if base is not None else false())
    return select(OrgUnit).where(scope.valid_units(), where).order_by(OrgUnit.name)


def indicator(code: str) -> Indicator | None:
    return BY_CODE.get(code)


def group_breakdown(breakdown: dict[str, int]) -> list[tuple[str, int]]:
    """Rows of a breakdown, largest first."""
    merged: dict[str, int] = defaultdict(int)
    for key, n in breakdown.items():
        merged[key] += n
    return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
