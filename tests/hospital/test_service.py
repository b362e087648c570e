"""Hospital services: admissions, supports with their source, appeal balances, discharge hand-off."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases.models import CaseEvent, CaseNote
from casework.cases.queries import CaseFilters, case_list, get_visible_case
from casework.cases.service import CaseError
from casework.core.formatting import local_today
from casework.extensions import db
from casework.hospital import service as hospital
from casework.hospital.models import ActivityKind, DonationKind, SupportKind, SupportSource
from casework.referrals.models import Notification
from tests.conftest import KH_WARD_A, KH_WARD_B

TODAY = local_today()


def test_an_admission_keeps_the_hardship_assessment_and_is_audited(admission, hospital_case):
    assert admission.org_unit_id == hospital_case.org_unit_id and admission.person_id == hospital_case.person_id
    assert admission.hardships == ["poor", "no_bhyt", "accident_victim"]
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "admission_create"))
    assert audit.changes["hardships"] == ["poor", "no_bhyt", "accident_victim"]
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == hospital_case.id)).all()
    assert "admission" in kinds


def test_a_second_stay_waits_for_the_discharge_of_the_first(admission, hospital_case, nurse):
    with pytest.raises(CaseError) as exc:
        hospital.record_admission(hospital_case, actor=nurse, department="Khoa Nội", admitted_on=TODAY,
                                  hardship=hospital.Hardship())
    assert exc.value.code == "already_admitted"


def test_cash_support_needs_an_amount_and_a_benefactor_gift_needs_the_benefactor(admission, nurse):
    with pytest.raises(CaseError) as exc:
        hospital.record_support(admission, hospital.SupportData(kind=SupportKind.CASH, given_on=TODAY,
                                                                source=SupportSource.HOSPITAL_FUND), actor=nurse)
    assert (exc.value.code, exc.value.field) == ("bad_amount", "amount")
    with pytest.raises(CaseError) as exc:
        hospital.record_support(admission, hospital.SupportData(kind=SupportKind.CASH, given_on=TODAY, amount=500_000,
                                                                source=SupportSource.SOCIALISED), actor=nurse)
    assert exc.value.field == "sponsor_name"
    support = hospital.record_support(admission, hospital.SupportData(
        kind=SupportKind.CASH, given_on=TODAY, amount=500_000, source=SupportSource.HOSPITAL_FUND), actor=nurse)
    assert (support.source, support.amount, support.org_unit_id) == (SupportSource.HOSPITAL_FUND, 500_000,
                                                                     admission.org_unit_id)


def test_the_balance_is_cash_donated_minus_cash_handed_over(appeal, nurse):
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=5_000_000,
                             donor_name="Nhà hảo tâm A", receipt_number="PT-01")
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=3_000_000,
                             donor_name="Nhà hảo tâm B")
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.IN_KIND, amount=2_000_000,
                             donor_name="Cửa hàng C", description="Xe lăn")
    hospital.record_handover(appeal, actor=nurse, handed_on=TODAY, amount=6_000_000, receipt_number="BN-01",
                             handed_over_by="Phạm Thị Lan Anh", received_by="Vợ bệnh nhân")
    money = hospital.money_of(appeal)
    assert (money.cash_raised, money.in_kind_value, money.handed_over, money.balance) == (
        8_000_000, 2_000_000, 6_000_000, 2_000_000)


def test_a_hand_over_larger_than_the_balance_is_refused_on_the_amount(appeal, nurse):
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=1_000_000,
                             donor_name="Nhà hảo tâm A")
    with pytest.raises(CaseError) as exc:
        hospital.record_handover(appeal, actor=nurse, handed_on=TODAY, amount=1_000_001, receipt_number="BN-01",
                                 handed_over_by="A", received_by="B")
    assert (exc.value.code, exc.value.field) == ("over_balance", "amount")


def test_an_appeal_closes_only_when_everything_was_handed_over(appeal, nurse):
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=1_000_000,
                             donor_name="Nhà hảo tâm A")
    with pytest.raises(CaseError):
        hospital.close_appeal(appeal, actor=nurse)
    hospital.record_handover(appeal, actor=nurse, handed_on=TODAY, amount=1_000_000, receipt_number="BN-01",
                             handed_over_by="A", received_by="B")
    hospital.close_appeal(appeal, actor=nurse)
    with pytest.raises(CaseError) as exc:
        hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=1,
                                 donor_name="Muộn")
    assert exc.value.code == "appeal_closed"


def test_discharge_hands_the_case_to_the_home_commune_its_collaborators_see_it_others_do_not(
        admission, hospital_case, nurse, make_user):
    ward_worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    colleague = make_user(Role.COLLABORATOR, KH_WARD_A)
    elsewhere = make_user(Role.COLLABORATOR, KH_WARD_B)
    notes = hospital.discharge(admission, actor=nurse, discharged_on=TODAY, hand_off=True, assignee=ward_worker,
                               note="Cần thăm tại nhà trong tuần.")
    db.session.commit()
    assert hospital_case.org_unit.code == KH_WARD_A and hospital_case.assigned_to_id == ward_worker.id
    assert admission.handed_off_to.code == KH_WARD_A and admission.discharged_on == TODAY
    assert {n.user_id for n in notes} == {ward_worker.id, colleague.id}
    mine = db.session.scalars(case_list(ward_worker, CaseFilters(mine_only=True))).all()
    assert hospital_case in mine
    area = db.session.scalars(case_list(colleague, CaseFilters(mine_only=False))).all()
    assert hospital_case in area
    assert get_visible_case(elsewhere, hospital_case.id) is None
    assert hospital_case not in db.session.scalars(case_list(elsewhere, CaseFilters(mine_only=False))).all()
    assert db.session.scalar(select(Notification).where(Notification.user_id == elsewhere.id)) is None
    body = db.session.scalar(select(Notification.body).where(Notification.user_id == ward_worker.id))
    assert "Hồ Văn Thử" in body and "Cần thăm tại nhà trong tuần." in body
    assert db.session.scalar(select(CaseNote.body).where(CaseNote.case_id == hospital_case.id)) == (
        "Cần thăm tại nhà trong tuần.")


def test_the_hospital_keeps_its_records_after_the_hand_off(appeal, admission, nurse):
    from casework.hospital.queries import get_admission, get_appeal

    hospital.discharge(admission, actor=nurse, discharged_on=TODAY, hand_off=True)
    assert get_admission(nurse, admission.id) is admission
    assert get_appeal(nurse, appeal.id) is appeal
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=100_000,
                             donor_name="Gửi sau khi ra viện")


def test_hand_off_needs_a_home_commune(admission, patient, nurse):
    patient.home_commune_id = None
    patient.home_commune = None
    with pytest.raises(CaseError) as exc:
        hospital.discharge(admission, actor=nurse, discharged_on=TODAY, hand_off=True)
    assert exc.value.code == "no_home_commune"
    assert admission.discharged_on is None


def test_discharge_before_admission_is_refused(admission, nurse):
    with pytest.raises(CaseError) as exc:
        hospital.discharge(admission, actor=nurse, discharged_on=admission.admitted_on - timedelta(days=1),
                           hand_off=False)
    assert exc.value.code == "before_admission"


def test_team_activities_are_counted_by_unit(nurse):
    activity = hospital.record_activity(actor=nurse, unit=nurse.home_unit, kind=ActivityKind.TRAINING, held_on=TODAY,
                                        title="Tập huấn kỹ năng tư vấn", participants=25)
    assert (activity.org_unit_id, activity.participants) == (nurse.home_unit_id, 25)
    with pytest.raises(CaseError):
        hospital.record_activity(actor=nurse, unit=nurse.home_unit, kind=ActivityKind.OTHER, held_on=TODAY,
                                 title="", participants=1)


def test_totals_for_reports_count_the_period_by_source_within_the_unit(appeal, admission, nurse, make_user):
    from casework.hospital.queries import hospital_totals
    from tests.conftest import HN, KH, unit

    hospital.record_support(admission, hospital.SupportData(kind=SupportKind.CASH, given_on=TODAY, amount=500_000,
                                                            source=SupportSource.HOSPITAL_FUND), actor=nurse)
    hospital.record_support(admission, hospital.SupportData(kind=SupportKind.BHYT, given_on=TODAY, amount=1_200_000,
                                                            source=SupportSource.STATE_BUDGET), actor=nurse)
    hospital.record_donation(appeal, actor=nurse, received_on=TODAY, kind=DonationKind.CASH, amount=3_000_000,
                             donor_name="A")
    hospital.record_handover(appeal, actor=nurse, handed_on=TODAY, amount=1_000_000, receipt_number="BN",
                             handed_over_by="A", received_by="B")
    hospital.record_activity(actor=nurse, unit=nurse.home_unit, kind=ActivityKind.TRAINING, held_on=TODAY,
                             title="Tập huấn", participants=20)
    totals = hospital_totals(unit(KH), TODAY - timedelta(days=30), TODAY + timedelta(days=1))
    assert totals.admissions == 1 and totals.supports == 2
    assert totals.support_value_by_source == {"hospital_fund": 500_000, "state_budget": 1_200_000}
    assert (totals.donations_received, totals.handed_over) == (3_000_000, 1_000_000)
    assert (totals.activities_by_kind, totals.activity_participants) == ({"training": 1}, 20)
    elsewhere = hospital_totals(unit(HN), TODAY - timedelta(days=30), TODAY + timedelta(days=1))
    assert (elsewhere.supports, elsewhere.donations_received, elsewhere.activity_participants) == (0, 0, 0)
    before = hospital_totals(unit(KH), TODAY - timedelta(days=60), TODAY - timedelta(days=30))
    assert before.admissions == 0 and before.support_value_by_source == {}
