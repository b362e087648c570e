"""Each indicator equals a hand-written SQL computation on random casework (both engines)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import BigInteger, Date, String, bindparam, text

from casework.cases.models import Case, CaseNote, CaseSource, CaseStatus, NoteKind
from casework.db import UTCDateTime
from casework.extensions import db
from casework.followups.models import FollowUp, FollowUpStatus
from casework.hospital.models import (
    ActivityKind,
    Admission,
    Appeal,
    AppealHandover,
    Donation,
    DonationKind,
    HospitalSupport,
    SupportKind,
    SupportSource,
    TeamActivity,
)
from casework.indicators import service, targets
from casework.indicators.models import IndicatorBaseline
from casework.indicators.periods import Period
from casework.indicators.registry import INDICATORS, Unit
from casework.orgunits import service as units
from casework.orgunits.models import UnitLevel
from casework.people.models import Person, PersonCategory, Sex
from casework.referrals.models import (
    Commitment,
    CommitmentKind,
    Disbursement,
    DisbursementStatus,
    Frequency,
    FundingSource,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from casework.workforce.models import PositionType, StaffMember, Training
from tests.conftest import HN_WARD, KH, KH_WARD_A, KH_WARD_B, unit

TODAY = date(2026, 11, 25)
UNIT_CODES = [KH_WARD_A, KH_WARD_B, "T-CENTRE", "T-HOSP", "T-SCHOOL", "FORMER", HN_WARD]
SERVICES = ["scholarship", "livelihood_capital", "health_insurance_card", "childcare_fee", "counselling"]
CATEGORIES = ["LTE-10.a", "LTE-10.c", "ND20-5.5", "ND20-24.2e"]

days = st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 1, 31))
moments = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2027, 1, 31)).map(
    lambda d: d.replace(tzinfo=UTC))
case_specs = st.fixed_dictionaries({
    "unit": st.sampled_from(UNIT_CODES), "sex": st.sampled_from(list(Sex)), "opened": days,
    "closed": st.none() | moments, "emergency": st.booleans(), "registered": moments,
    "categories": st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
    "notes": st.lists(st.tuples(st.sampled_from(list(NoteKind)), days), max_size=2),
    "referrals": st.lists(st.tuples(st.sampled_from(SERVICES), st.sampled_from(list(ReferralStatus)), days),
                          max_size=2),
    "payments": st.lists(st.tuples(st.sampled_from(list(FundingSource)), st.sampled_from(list(DisbursementStatus)),
                                   days, st.integers(1, 5_000_000)), max_size=2),
    "followups": st.lists(st.tuples(st.sampled_from(list(FollowUpStatus)), moments), max_size=2),
    # A hospital stay: supports given, and maybe an appeal with donations and hand-overs.
    "hospital": st.none() | st.fixed_dictionaries({
        "supports": st.lists(st.tuples(st.sampled_from(list(SupportSource)), days,
                                       st.none() | st.integers(1, 5_000_000)), max_size=2),
        "appeal": st.none() | st.fixed_dictionaries({
            "opened": days, "donations": st.lists(st.tuples(days, st.integers(1, 5_000_000)), max_size=2),
            "handovers": st.lists(st.tuples(days, st.integers(1, 5_000_000)), max_size=2)}),
    }),
})
activity_specs = st.tuples(st.sampled_from(UNIT_CODES), st.sampled_from(list(ActivityKind)), days)
staff_specs = st.fixed_dictionaries({
    "unit": st.sampled_from(UNIT_CODES), "position": st.sampled_from(list(PositionType)),
    "allowance": st.sampled_from([0, 1_500_000, 2_340_000, 3_000_000]), "start": days,
    "end": st.none() | days, "trainings": st.lists(days, max_size=2),
})
periods = st.sampled_from(["2025", "2026", "2025-Q3", "2026-Q2", "2026-07", "2025-12"]).map(Period.parse)


def _insert_hospital(case, spec) -> None:
    admission = Admission(case_id=case.id, person_id=case.person_id, org_unit_id=case.org_unit_id, department="K",
                          admitted_on=case.opened_on)
    db.session.add(admission)
    db.session.flush()
    for source, day, amount in spec["supports"]:
        db.session.add(HospitalSupport(admission_id=admission.id, case_id=case.id, org_unit_id=case.org_unit_id,
                                       kind=SupportKind.CASH if amount else SupportKind.IN_KIND, given_on=day,
                                       amount=amount, source=source))
    if spec["appeal"]:
        appeal = Appeal(admission_id=admission.id, case_id=case.id, org_unit_id=case.org_unit_id, title="a",
                        target_amount=1_000_000, opened_on=spec["appeal"]["opened"])
        db.session.add(appeal)
        db.session.flush()
        for day, amount in spec["appeal"]["donations"]:
            db.session.add(Donation(appeal_id=appeal.id, received_on=day, kind=DonationKind.CASH, amount=amount))
        for day, amount in spec["appeal"]["handovers"]:
            db.session.add(AppealHandover(appeal_id=appeal.id, handed_on=day, amount=amount, receipt_number="r",
                                          handed_over_by="x", received_by="y"))


def _insert(case_rows, staff_rows, sw_flags, former, activity_rows=()):
    unit_of = {code: (former if code == "FORMER" else unit(code)) for code in UNIT_CODES}
    for code, flag in zip(["T-CENTRE", "T-HOSP", "T-SCHOOL"], sw_flags, strict=True):
        unit_of[code].provides_sw_services = flag
    partner = Partner(name="Quỹ Thử", kind=PartnerKind.CHARITY, org_unit=unit(KH))
    db.session.add(partner)
    for n, spec in enumerate(case_rows):
        owner = unit_of[spec["unit"]]
        person = Person(full_name=f"Người {n}", sex=spec["sex"], org_unit=owner, created_at=spec["registered"],
                        categories=[PersonCategory(code=c) for c in spec["categories"]])
        closed = spec["closed"] if spec["closed"] and spec["closed"].date() >= spec["opened"] else None
        case = Case(number=f"PT-{n}", person=person, org_unit=owner, source=CaseSource.OTHER, needs=[],
                    opened_on=spec["opened"], emergency=spec["emergency"], closed_at=closed,
                    status=CaseStatus.CLOSED if closed else CaseStatus.INTAKE)
        db.session.add(case)
        db.session.flush()
        for kind, day in spec["notes"]:
            db.session.add(CaseNote(case_id=case.id, kind=kind, occurred_on=day, body="x"))
        for svc, status, day in spec["referrals"]:
            db.session.add(Referral(case_id=case.id, partner_id=partner.id, service=svc, status=status,
                                    completed_on=day if status == ReferralStatus.COMPLETED else None))
        for source, status, day, amount in spec["payments"]:
            commitment = Commitment(case_id=case.id, partner_id=partner.id, service="other",
                                    kind=CommitmentKind.CASH, amount=amount, source=source,
                                    frequency=Frequency.ONE_OFF, start_on=day)
            db.session.add(commitment)
            db.session.flush()
            paid = status == DisbursementStatus.PAID
            db.session.add(Disbursement(commitment_id=commitment.id, case_id=case.id, expected_on=day,
                                        amount_expected=amount, status=status, source=source,
                                        paid_on=day if paid else None, amount_paid=amount if paid else None))
        for status, moment in spec["followups"]:
            db.session.add(FollowUp(case_id=case.id, title="t", kind="phone", due_on=spec["opened"], status=status,
                                    done_at=moment if status == FollowUpStatus.DONE else None))
        if spec["hospital"]:
            _insert_hospital(case, spec["hospital"])
    for code, kind, day in activity_rows:
        db.session.add(TeamActivity(org_unit_id=unit_of[code].id, kind=kind, held_on=day, title="hoạt động",
                                    participants=10))
    for n, spec in enumerate(staff_rows):
        end = spec["end"] if spec["end"] and spec["end"] >= spec["start"] else None
        member = StaffMember(org_unit=unit_of[spec["unit"]], full_name=f"Cán bộ {n}", position=spec["position"],
                             monthly_allowance=spec["allowance"], contract_start=spec["start"], contract_end=end,
                             trainings=[Training(course="k", held_on=d, hours=8) for d in spec["trainings"]])
        db.session.add(member)
    db.session.flush()


# The hand-written SQL: subtree by path prefix, written with joins (the service uses IN subqueries).
IN_TREE = "u.path LIKE :prefix || '%'"
CASE_JOIN = f"FROM cases c JOIN org_units u ON u.id = c.org_unit_id WHERE {IN_TREE}"
NEW = "c.opened_on BETWEEN :start AND :end"
ACTIVE = "c.opened_on <= :end AND (c.closed_at IS NULL OR c.closed_at >= :start_utc)"
VALID = "(u.valid_from IS NULL OR u.valid_from <= :as_of) AND (u.valid_to IS NULL OR u.valid_to >= :as_of)"
STAFF_ACTIVE = "s.contract_start <= :as_of AND (s.contract_end IS NULL OR s.contract_end >= :as_of)"
SQL = {
    "new_cases": f"SELECT count(*) {CASE_JOIN} AND {NEW}",
    "emergencies": f"SELECT count(*) {CASE_JOIN} AND {NEW} AND c.emergency",
    "taken_into_care": f"SELECT count(DISTINCT c.person_id) {CASE_JOIN} AND {NEW} "
                       "AND u.facility_type = 'social_protection_centre'",
    "cases_counselled": f"SELECT count(*) {CASE_JOIN} AND EXISTS (SELECT 1 FROM case_notes n WHERE n.case_id = c.id "
                        "AND n.kind = 'counselling' AND n.occurred_on BETWEEN :start AND :end)",
    "people_supported": f"SELECT count(DISTINCT c.person_id) {CASE_JOIN} AND {ACTIVE}",
    "children_total": f"SELECT count(*) FROM people p JOIN org_units u ON u.id = p.org_unit_id WHERE {IN_TREE} "
                      "AND p.created_at < :end_utc AND EXISTS (SELECT 1 FROM person_categories pc "
                      "WHERE pc.person_id = p.id AND pc.code LIKE 'LTE-10.%')",
    "referrals_completed": "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id JOIN org_units u "
                           f"ON u.id = c.org_unit_id WHERE {IN_TREE} AND r.status = 'completed' "
                           "AND r.completed_on BETWEEN :start AND :end",
    "support_total": "SELECT coalesce(sum(d.amount_paid), 0) FROM disbursements d JOIN cases c ON c.id = d.case_id "
                     f"JOIN org_units u ON u.id = c.org_unit_id WHERE {IN_TREE} AND d.status = 'paid' "
                     "AND d.paid_on BETWEEN :start AND :end",
    "followups_done": "SELECT count(*) FROM followups f JOIN cases c ON c.id = f.case_id JOIN org_units u "
                      f"ON u.id = c.org_unit_id WHERE {IN_TREE} AND f.status = 'done' AND f.done_at >= :start_utc "
                      "AND f.done_at < :end_utc",
    "units_total": f"SELECT count(*) FROM org_units u WHERE {IN_TREE} AND {VALID} "
                   "AND u.level IN ('commune', 'facility')",
    "facilities_total": f"SELECT count(*) FROM org_units u WHERE {IN_TREE} AND {VALID} AND u.level = 'facility'",
    "facilities_sw": f"SELECT count(*) FROM org_units u WHERE {IN_TREE} AND {VALID} AND u.level = 'facility' "
                     "AND u.provides_sw_services",
    "communes_total": f"SELECT count(*) FROM org_units u WHERE {IN_TREE} AND {VALID} AND u.level = 'commune'",
    "staff_total": f"SELECT count(*) FROM staff_members s JOIN org_units u ON u.id = s.org_unit_id WHERE {IN_TREE} "
                   f"AND {STAFF_ACTIVE}",
}
HOSPITAL_IN_TREE = "JOIN org_units u ON u.id = {t}.org_unit_id WHERE " + IN_TREE
SQL.update({
    "hospital_patients": "SELECT count(DISTINCT a.person_id) FROM hospital_admissions a WHERE "
                         "EXISTS (SELECT 1 FROM hospital_supports s " + HOSPITAL_IN_TREE.format(t="s") +
                         " AND s.admission_id = a.id AND s.given_on BETWEEN :start AND :end) OR "
                         "EXISTS (SELECT 1 FROM hospital_appeals ap JOIN hospital_appeal_handovers h "
                         "ON h.appeal_id = ap.id " + HOSPITAL_IN_TREE.format(t="ap") +
                         " AND ap.admission_id = a.id AND h.handed_on BETWEEN :start AND :end)",
    "hospital_support_total": "SELECT coalesce(sum(s.amount), 0) FROM hospital_supports s " +
                              HOSPITAL_IN_TREE.format(t="s") + " AND s.given_on BETWEEN :start AND :end",
    "appeals_launched": "SELECT count(*) FROM hospital_appeals ap " + HOSPITAL_IN_TREE.format(t="ap") +
                        " AND ap.opened_on BETWEEN :start AND :end",
    "appeal_donations": "SELECT coalesce(sum(d.amount), 0) FROM hospital_donations d JOIN hospital_appeals ap "
                        "ON ap.id = d.appeal_id " + HOSPITAL_IN_TREE.format(t="ap") +
                        " AND d.received_on BETWEEN :start AND :end",
    "appeal_handovers": "SELECT coalesce(sum(h.amount), 0) FROM hospital_appeal_handovers h JOIN hospital_appeals "
                        "ap ON ap.id = h.appeal_id " + HOSPITAL_IN_TREE.format(t="ap") +
                        " AND h.handed_on BETWEEN :start AND :end",
    "team_activities": "SELECT count(*) FROM hospital_team_activities t " + HOSPITAL_IN_TREE.format(t="t") +
                       " AND t.held_on BETWEEN :start AND :end",
})
# The records behind a money figure: the appeals with a donation / a hand-over in the period.
RECORDS_SQL = {
    "CW-APPEAL-DONATIONS": "SELECT count(*) FROM hospital_appeals ap " + HOSPITAL_IN_TREE.format(t="ap") +
                           " AND EXISTS (SELECT 1 FROM hospital_donations d WHERE d.appeal_id = ap.id "
                           "AND d.received_on BETWEEN :start AND :end)",
    "CW-APPEAL-HANDOVERS": "SELECT count(*) FROM hospital_appeals ap " + HOSPITAL_IN_TREE.format(t="ap") +
                           " AND EXISTS (SELECT 1 FROM hospital_appeal_handovers h WHERE h.appeal_id = ap.id "
                           "AND h.handed_on BETWEEN :start AND :end)",
    "CW-HOSP-SUPPORT": "SELECT count(*) FROM hospital_supports s " + HOSPITAL_IN_TREE.format(t="s") +
                       " AND s.given_on BETWEEN :start AND :end",
}
SQL.update({f"records:{code}": sql for code, sql in RECORDS_SQL.items()})
SQL["children_supported"] = SQL["children_total"] + (
    " AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND " + ACTIVE + ")")
SQL["units_staffed"] = SQL["units_total"] + (
    f" AND EXISTS (SELECT 1 FROM staff_members s WHERE s.org_unit_id = u.id AND {STAFF_ACTIVE})")
SQL["communes_paid"] = SQL["communes_total"] + (
    f" AND EXISTS (SELECT 1 FROM staff_members s WHERE s.org_unit_id = u.id AND {STAFF_ACTIVE} "
    "AND s.position = 'collaborator' AND s.monthly_allowance >= :base)")
SQL["staff_trained"] = SQL["staff_total"] + (
    " AND EXISTS (SELECT 1 FROM trainings t WHERE t.staff_id = s.id AND t.held_on <= :as_of)")
for _service in SERVICES:
    SQL[f"referrals:{_service}"] = SQL["referrals_completed"] + f" AND r.service = '{_service}'"
for _source in FundingSource:
    SQL[f"support:{_source.value}"] = SQL["support_total"] + f" AND d.source = '{_source.value}'"

PARAMS = [bindparam("prefix", type_=String), bindparam("start", type_=Date), bindparam("end", type_=Date),
          bindparam("as_of", type_=Date), bindparam("start_utc", type_=UTCDateTime),
          bindparam("end_utc", type_=UTCDateTime), bindparam("base", type_=BigInteger)]


def _by_hand(measure: str, the_unit, period: Period) -> int:
    sql = text(SQL[measure])
    params = {"prefix": the_unit.path, "start": period.start, "end": period.end, "as_of": period.as_of(TODAY),
              "start_utc": period.utc_bounds()[0], "end_utc": period.utc_bounds()[1], "base": 2_340_000}
    names = set(re.findall(r":(\w+)", SQL[measure]))
    used = [p for p in PARAMS if p.key in names]
    return int(db.session.execute(sql.bindparams(*used), {k: v for k, v in params.items() if k in names}).scalar()
               or 0)


def _expected(indicator, the_unit, period, baseline):
    numerator = _by_hand(indicator.numerator, the_unit, period)
    if indicator.unit == Unit.PERCENT:
        denominator = _by_hand(indicator.denominator, the_unit, period)
        return numerator, (round(100 * numerator / denominator, 1) if denominator else None)
    if indicator.unit == Unit.CHANGE:
        change = round(100 * (numerator - baseline) / baseline, 1) if period.kind == "year" else None
        return numerator, change
    return numerator, numerator


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case_rows=st.lists(case_specs, max_size=8), staff_rows=st.lists(staff_specs, max_size=5),
       activity_rows=st.lists(activity_specs, max_size=3),
       sw_flags=st.tuples(st.booleans(), st.booleans(), st.booleans()), period=periods,
       at_commune=st.booleans(), baseline=st.integers(1, 20))
def test_every_indicator_equals_its_hand_written_sql(app, case_rows, staff_rows, activity_rows, sw_flags, period,
                                                     at_commune, baseline):
    nested = db.session.begin_nested()
    try:
        targets.load_reference_data()
        former = units.add_former_unit(unit(KH), actor=None, code="PT-FORMER", name="Phường Cũ",
                                       level=UnitLevel.COMMUNE, kind="phường")
        _insert(case_rows, staff_rows, sw_flags, former, activity_rows)
        the_unit = unit(KH_WARD_A) if at_commune else unit(KH)
        db.session.add(IndicatorBaseline(indicator_code="QD112-4", org_unit_id=the_unit.id, year=2020,
                                         value=baseline))
        db.session.flush()
        figures = {f.indicator.code: f for f in service.compute(the_unit, period, today=TODAY)}
        for indicator in INDICATORS:
            numerator, value = _expected(indicator, the_unit, period, baseline)
            figure = figures[indicator.code]
            assert figure.numerator == numerator, indicator.code
            assert figure.value == value, indicator.code
            # The drill-down lists exactly the records counted.
            if indicator.unit == Unit.COUNT or indicator.records in ("people", "staff", "units"):
                scope = service.Scope.of(the_unit, period, TODAY)
                listed = db.session.scalars(service.records_query(indicator, scope)).unique().all()
                assert len(listed) == numerator, indicator.code
            elif indicator.code in RECORDS_SQL:
                scope = service.Scope.of(the_unit, period, TODAY)
                listed = db.session.scalars(service.records_query(indicator, scope)).unique().all()
                assert len(listed) == _by_hand(f"records:{indicator.code}", the_unit, period), indicator.code
    finally:
        nested.rollback()
