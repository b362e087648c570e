"""Referrals, consent, commitments, disbursements and money totals at the service level."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import ClosureReason
from casework.core.formatting import local_today
from casework.extensions import db
from casework.followups import service as followups
from casework.followups.models import FollowUpStatus
from casework.people import service as people
from casework.referrals import queries
from casework.referrals import service as referrals
from casework.referrals.models import (
    CommitmentKind,
    Disbursement,
    DisbursementStatus,
    Frequency,
    FundingSource,
    ReferralStatus,
)
from casework.referrals.schedule import SCHOOL_MONTHS
from tests.conftest import KH, KH_WARD_A, unit


def _accepted(case, sponsor, worker):
    referral = referrals.create_referral(case, sponsor, actor=worker, service="scholarship", reason="Học bổng")
    referrals.send_referral(referral, actor=worker, on=local_today())
    referrals.respond_to_referral(referral, actor=worker, accepted=True, on=local_today())
    return referral


def test_sending_personal_data_needs_consent(open_case, child, sponsor, worker, consent):
    case = open_case(who=child)
    referral = referrals.create_referral(case, sponsor, actor=worker, service="scholarship", reason="Học bổng")
    with pytest.raises(cases.CaseError, match="consent_needed"):
        referrals.send_referral(referral, actor=worker, on=local_today())
    consent(child)
    referrals.send_referral(referral, actor=worker, on=local_today())
    assert referral.status == ReferralStatus.SENT


def test_withdrawn_consent_stops_sharing_from_that_day(open_case, child, sponsor, worker, consent):
    case = open_case(who=child)
    consent(child)
    given = db.session.scalars(select(people.Consent)).first()
    people.withdraw_consent(given, actor=worker, on=local_today())
    referral = referrals.create_referral(case, sponsor, actor=worker, service="scholarship", reason="x")
    with pytest.raises(cases.CaseError, match="consent_needed"):
        referrals.send_referral(referral, actor=worker, on=local_today())


def test_a_legal_basis_or_a_supervisor_override_lets_it_go(open_case, child, sponsor, worker, supervisor):
    case = open_case(who=child)
    with pytest.raises(cases.CaseError, match="legal_basis_needs_supervisor"):
        referrals.create_referral(case, sponsor, actor=worker, service="emergency_shelter", reason="x",
                                  legal_basis=".")
    with_basis = referrals.create_referral(case, sponsor, actor=supervisor, service="emergency_shelter", reason="x",
                                           legal_basis="Điều 50 Luật Trẻ em 2016")
    referrals.send_referral(with_basis, actor=worker, on=local_today())
    urgent = referrals.create_referral(case, sponsor, actor=worker, service="medical_cost", reason="x")
    with pytest.raises(cases.CaseError, match="not_allowed"):
        referrals.override_consent(urgent, actor=worker, reason="Khẩn cấp")
    referrals.override_consent(urgent, actor=supervisor, reason="Trẻ cần phẫu thuật gấp")
    referrals.send_referral(urgent, actor=worker, on=local_today())
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consent_override"))
    assert event.actor_id == supervisor.id and event.changes["reason"] == "Trẻ cần phẫu thuật gấp"


def test_referral_steps_are_dated_and_checked(open_case, person, sponsor, worker):
    case = open_case()
    referral = referrals.create_referral(case, sponsor, actor=worker, service="livelihood_capital", reason="Vốn",
                                         shares_personal_data=False)
    with pytest.raises(cases.CaseError, match="referral_not_sent"):
        referrals.respond_to_referral(referral, actor=worker, accepted=True, on=local_today())
    referrals.send_referral(referral, actor=worker, on=local_today())
    referrals.respond_to_referral(referral, actor=worker, accepted=True, on=local_today(), note="Đồng ý")
    with pytest.raises(cases.CaseError, match="outcome_required"):
        referrals.complete_referral(referral, actor=worker, on=local_today(), outcome="")
    referrals.complete_referral(referral, actor=worker, on=local_today(), outcome="Đã nhận vốn")
    assert (referral.sent_on, referral.responded_on, referral.completed_on) == (local_today(),) * 3


def test_j1_commitment_generates_nine_monthly_instalments_a_year(open_case, child, sponsor, worker, consent):
    case = open_case(who=child)
    consent(child)
    referral = _accepted(case, sponsor, worker)
    commitment = referrals.create_commitment(case, sponsor, referrals.CommitmentData(
        kind=CommitmentKind.CASH, amount=300_000, source=FundingSource.SOCIALISED, frequency=Frequency.MONTHLY,
        start_on=date(2025, 9, 1), end_on=date(2026, 5, 31), months=list(SCHOOL_MONTHS)), actor=worker,
        referral=referral)
    rows = db.session.scalars(select(Disbursement).where(Disbursement.commitment_id == commitment.id)
                              .order_by(Disbursement.expected_on)).all()
    assert len(rows) == 9 and all(r.amount_expected == 300_000 for r in rows)
    assert [r.expected_on.month for r in rows] == list(SCHOOL_MONTHS)


def _commitment(case, sponsor, worker, start, end, amount=300_000):
    return referrals.create_commitment(case, sponsor, referrals.CommitmentData(
        kind=CommitmentKind.CASH, amount=amount, source=FundingSource.SOCIALISED, frequency=Frequency.MONTHLY,
        start_on=start, end_on=end), actor=worker)


def test_a_changed_amount_applies_to_instalments_not_yet_paid(open_case, sponsor, worker):
    case = open_case()
    commitment = _commitment(case, sponsor, worker, date(2026, 1, 1), date(2026, 6, 30))
    rows = db.session.scalars(select(Disbursement).order_by(Disbursement.expected_on)).all()
    referrals.record_payment(rows[0], actor=worker, paid_on=rows[0].expected_on, amount=300_000)
    changed = referrals.change_amount(commitment, 500_000, actor=worker, from_date=date(2026, 1, 1))
    assert changed == 5
    assert rows[0].amount_paid == 300_000 and rows[0].amount_expected == 300_000
    assert {r.amount_expected for r in rows[1:]} == {500_000}


def test_pausing_cancels_future_instalments_and_resuming_brings_them_back(open_case, sponsor, worker):
    case = open_case()
    commitment = _commitment(case, sponsor, worker, date(2026, 1, 1), date(2026, 12, 31))
    assert referrals.pause_commitment(commitment, actor=worker, from_date=date(2026, 7, 1)) == 6
    statuses = [r.status for r in db.session.scalars(select(Disbursement).order_by(Disbursement.expected_on))]
    assert statuses[:6] == [DisbursementStatus.EXPECTED] * 6 and statuses[6:] == [DisbursementStatus.CANCELLED] * 6
    assert referrals.resume_commitment(commitment, actor=worker, from_date=date(2026, 10, 1)) == 3
    statuses = [r.status for r in db.session.scalars(select(Disbursement).order_by(Disbursement.expected_on))]
    assert statuses.count(DisbursementStatus.CANCELLED) == 3
    assert len(statuses) == 12  # no duplicates


def test_missed_instalments_are_flagged(open_case, sponsor, worker):
    case = open_case()
    today = local_today()
    _commitment(case, sponsor, worker, today - timedelta(days=80), today + timedelta(days=40))
    rows = db.session.scalars(select(Disbursement).order_by(Disbursement.expected_on)).all()
    missed = [r for r in rows if referrals.is_missed(r, today)]
    assert missed and all(r.expected_on < today - timedelta(days=10) for r in missed)
    assert [d.id for d in queries.missed_disbursements(worker, today)] == [r.id for r in missed]


def test_money_is_integer_and_bounded(open_case, sponsor, worker):
    case = open_case()
    for bad in (0, -5, 300_000.5, 10**12):
        with pytest.raises(cases.CaseError, match="bad_amount"):
            _commitment(case, sponsor, worker, date(2026, 1, 1), date(2026, 2, 1), amount=bad)


def test_closing_a_case_cancels_its_open_followups_in_the_same_transaction(open_case, worker, supervisor):
    case = open_case()
    first = followups.schedule_followup(case, actor=worker, title="Thăm 1 tháng", kind="home_visit",
                                        due_on=local_today() + timedelta(days=30), recurrence_months=1)
    nxt = followups.complete_followup(first, actor=worker, outcome="Thu nhập ổn định hơn")
    assert nxt.due_on.month != first.due_on.month and nxt.status == FollowUpStatus.OPEN
    request = cases.request_closure(case, actor=worker, reason=ClosureReason.GOALS_MET, note="")
    cases.decide(request, actor=supervisor, approve=True, comment="")
    assert nxt.status == FollowUpStatus.CANCELLED and first.status == FollowUpStatus.DONE


def test_agenda_buckets_overdue_today_and_next_week(open_case, worker):
    case = open_case()
    today = local_today()
    for days in (-3, 0, 5, 20):
        followups.schedule_followup(case, actor=worker, title=f"d{days}", kind="phone",
                                    due_on=today + timedelta(days=days))
    work = followups.agenda(worker, today)
    assert [f.title for f in work.overdue] == ["d-3"]
    assert [f.title for f in work.today] == ["d0"]
    assert [f.title for f in work.next_7_days] == ["d5"]


def test_totals_by_source_equal_a_hand_written_sql_sum_on_generated_data(app, make_user, sponsor):
    """Random commitments and payments over two communes; totals by unit, partner and period match SQL."""
    import random

    from casework.cases.models import CaseSource
    from casework.people.service import PersonData, create_person

    rng = random.Random(20261125)
    worker_a = make_user(Role.COLLABORATOR, KH_WARD_A)
    worker_b = make_user(Role.COLLABORATOR, "22402")
    state = referrals.create_partner(
        referrals.PartnerData(name="Chương trình BHYT", kind=referrals.PartnerKind.STATE_PROGRAM),
        actor=worker_a, unit=unit(KH))
    for i in range(12):
        worker, code = (worker_a, KH_WARD_A) if i % 2 else (worker_b, "22402")
        person = create_person(PersonData(full_name=f"Người Sinh {i}"), actor=worker, unit=unit(code),
                               today=local_today(), allow_similar=True)
        case = cases.open_case(person, actor=worker, unit=unit(code), source=CaseSource.SELF, needs=[], summary="")
        partner = rng.choice([sponsor, state])
        commitment = referrals.create_commitment(case, partner, referrals.CommitmentData(
            kind=CommitmentKind.CASH, amount=rng.randrange(50, 900) * 1000,
            source=rng.choice(list(FundingSource)), frequency=Frequency.MONTHLY,
            start_on=date(2025, rng.randrange(1, 12), 1), end_on=date(2026, rng.randrange(1, 12), 28)), actor=worker)
        for row in db.session.scalars(select(Disbursement).where(Disbursement.commitment_id == commitment.id)):
            if rng.random() < 0.7:
                referrals.record_payment(row, actor=worker, paid_on=row.expected_on,
                                         amount=row.amount_expected + rng.randrange(-5, 5) * 1000,
                                         source=rng.choice(list(FundingSource)))
    db.session.commit()

    def sql(where: str, **params) -> dict:
        rows = db.session.execute(text(
            "SELECT d.source, SUM(d.amount_paid) FROM disbursements d JOIN cases c ON c.id = d.case_id "
            "JOIN org_units u ON u.id = c.org_unit_id JOIN commitments m ON m.id = d.commitment_id "
            f"WHERE d.status = 'paid' AND {where} GROUP BY d.source"), params).all()
        return {source: int(total) for source, total in rows}

    for unit_code in (KH, KH_WARD_A, "22402"):
        path = unit(unit_code).path
        expected = sql("u.path LIKE :p", p=path + "%")
        got = queries.totals_by_source(unit=unit(unit_code))
        assert (got.state_budget, got.socialised) == (expected.get("state_budget", 0), expected.get("socialised", 0))
    expected = sql("m.partner_id = :p AND d.paid_on >= :a AND d.paid_on < :b", p=sponsor.id,
                   a=date(2025, 7, 1), b=date(2026, 1, 1))
    got = queries.totals_by_source(partner_id=sponsor.id, start=date(2025, 7, 1), end=date(2026, 1, 1))
    assert (got.state_budget, got.socialised) == (expected.get("state_budget", 0), expected.get("socialised", 0))
    assert got.total > 0
