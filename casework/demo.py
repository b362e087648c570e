"""Demo data: Khánh Hòa with its real communes, a provincial centre, a provincial hospital and one
user per role. The people are invented. Loading twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update

from casework.audit import service as audit
from casework.auth import service as accounts
from casework.auth.models import Role, User
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits import service as units
from casework.orgunits.models import FacilityType, OrgUnit
from casework.orgunits.queries import unit_by_code

KHANH_HOA = 56
DEMO_PASSWORD = "casework-demo-2026"  # noqa: S105 - printed by make run, demo only
CENTRE_CODE = "KH-CTXH"
HOSPITAL_CODE = "KH-BVDK"
DEMO_COMMUNE_CODE = "22366"  # Phường Nha Trang
OTHER_COMMUNE_CODE = "22402"  # another Khánh Hòa commune, for scope demonstrations


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    unit_code: str


DEMO_USERS = [
    DemoUser("admin", "Quản trị hệ thống", Role.ADMIN, units.COUNTRY_CODE),
    DemoUser("quanly", "Trần Minh Khoa", Role.PROVINCIAL_MANAGER, "56"),
    DemoUser("giamsat", "Lê Thị Thu Hà", Role.SUPERVISOR, "56"),
    DemoUser("ctv", "Nguyễn Văn Bình", Role.COLLABORATOR, DEMO_COMMUNE_CODE),
    DemoUser("bacsi.ctxh", "Phạm Thị Lan Anh", Role.HOSPITAL_SOCIAL_WORKER, HOSPITAL_CODE),
    DemoUser("trungtam", "Võ Thành Đạt", Role.CENTRE_STAFF, CENTRE_CODE),
]


def load_demo(*, actor: User | None = None) -> dict[str, int]:
    """Create what is missing of the demo; returns counts of what was added."""
    added = {"units": 0, "facilities": 0, "users": 0}
    report = units.load_admin_units(actor=actor, province_codes={KHANH_HOA})
    added["units"] = report.provinces_added + report.communes_added
    province = unit_by_code("56")
    for code, name, kind in (
        (CENTRE_CODE, "Trung tâm Công tác xã hội tỉnh Khánh Hòa", FacilityType.SOCIAL_PROTECTION_CENTRE),
        (HOSPITAL_CODE, "Bệnh viện Đa khoa tỉnh Khánh Hòa", FacilityType.HOSPITAL),
    ):
        if unit_by_code(code) is None:
            units.add_facility(province, actor=actor, name=name, facility_type=kind, code=code,
                               address="Nha Trang, Khánh Hòa", provides_sw_services=True)
            added["facilities"] += 1
    for demo in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.username == demo.username)) is None:
            home = db.session.scalar(select(OrgUnit).where(OrgUnit.code == demo.unit_code))
            accounts.create_user(actor=actor, username=demo.username, full_name=demo.full_name,
                                 password=DEMO_PASSWORD, role=demo.role, home_unit=home)
            added["users"] += 1
    added["cases"] = _load_demo_cases()
    added["hospital"] = _load_demo_hospital()
    added["indicator_records"] = _load_demo_indicators()
    added["supervision"] = _load_supervision_demo()
    if any(added.values()):
        audit.record("load_demo", actor=actor, entity_type="demo", changes=added)
    db.session.flush()
    return added


def _load_demo_cases() -> int:
    """A few invented households and cases in Phường Nha Trang, at different steps of the work."""
    from casework.cases import service as cases
    from casework.cases.models import AssessmentKind, CaseSource, ClosureReason, RiskLevel
    from casework.people import service as people
    from casework.people.models import DisabilityLevel, Person, PovertyStatus, Sex

    worker = db.session.scalar(select(User).where(User.username == "ctv"))
    supervisor = db.session.scalar(select(User).where(User.username == "giamsat"))
    commune = unit_by_code(DEMO_COMMUNE_CODE)
    if db.session.scalar(select(Person.id).where(Person.org_unit_id == commune.id).limit(1)) is not None:
        return 0
    today = local_today()

    def person(name, sex, born, **extra):
        data = people.PersonData(full_name=name, sex=sex, birth_date=born, home_commune=commune, **extra)
        return people.create_person(data, actor=worker, unit=commune, today=today, allow_similar=True)

    grandmother = person("Đoàn Thị Lựu", Sex.FEMALE, date(1957, 1, 1), poverty_status=PovertyStatus.POOR,
                         disability=DisabilityLevel.VERY_SEVERE, address_detail="Tổ 3, đường Hai Bà Trưng",
                         categories=["ND20-5.5"])
    grandmother.birth_precision = people.BirthPrecision.YEAR
    grandchild = person("Đoàn Gia Bảo", Sex.MALE, date(today.year - 11, 4, 2), poverty_status=PovertyStatus.POOR,
                        categories=["LTE-10.c"])
    household = people.create_household(grandmother, actor=worker, unit=commune)
    people.add_household_member(household, grandchild, "grandchild", actor=worker)
    people.record_consent(grandchild, actor=worker, scope=people.ConsentScope.DISCLOSURE, given_on=today,
                          subject_agreed=True, guardian_agreed=True, guardian_name="Đoàn Thị Lựu",
                          guardian_relationship="grandparent")
    scholarship = cases.open_case(grandchild, actor=worker, unit=commune, source=CaseSource.COMMUNE,
                                  needs=["education", "income"], household=household,
                                  summary="Bà ngoại khiếm thị nuôi cháu học lớp 6; cần học bổng để cháu đi học tiếp.")
    cases.record_assessment(scholarship, actor=worker, kind=AssessmentKind.INITIAL, assessed_on=today,
                            ratings=[cases.CriterionRating("education", RiskLevel.HIGH),
                                     cases.CriterionRating("income", RiskLevel.MEDIUM)], summary="")
    cases.add_plan_item(scholarship, actor=worker, goal="Cháu Bảo có học bổng đến hết lớp 12", service="scholarship",
                        responsible="Cộng tác viên CTXH", due_on=None)

    widow = person("Mai Thị Cúc", Sex.FEMALE, date(1984, 8, 15), poverty_status=PovertyStatus.POOR,
                   phone="0905123456", categories=["ND20-5.4"])
    livelihood = cases.open_case(widow, actor=worker, unit=commune, source=CaseSource.SELF,
                                 needs=["income", "disability"],
                                 summary="Chồng mất, nuôi ba con, một cháu bại não; cần vốn sinh kế.")
    cases.record_assessment(livelihood, actor=worker, kind=AssessmentKind.INITIAL, assessed_on=today,
                            ratings=[cases.CriterionRating("income", RiskLevel.HIGH)], summary="")

    near_poor = person("Lương Thị Hạnh", Sex.FEMALE, date(1969, 2, 20), poverty_status=PovertyStatus.NEAR_POOR)
    closed = cases.open_case(near_poor, actor=worker, unit=commune, source=CaseSource.SELF,
                             needs=["health_insurance"], summary="Hộ cận nghèo chưa có thẻ BHYT.")
    request = cases.request_closure(closed, actor=worker, reason=ClosureReason.GOALS_MET, note="Đã có thẻ BHYT.")
    cases.decide(request, actor=supervisor, approve=True, comment="")

    child = person("Phùng Văn Tâm", Sex.MALE, date(today.year - 9, 1, 1), categories=["ND20-24.2e"])
    cases.open_case(child, actor=worker, unit=commune, source=CaseSource.POLICE, needs=["safety", "food"],
                    emergency=True, summary="Trẻ khoảng 9 tuổi xin ăn ở chợ, không có người thân đi cùng.")
    return 4


def _load_demo_hospital() -> int:
    """One patient of the provincial hospital from Phường Nha Trang: an admission with its hardship assessment,
    a support from the hospital's fund and an appeal to benefactors with a first donation."""
    from casework.cases import service as cases
    from casework.cases.models import CaseSource
    from casework.hospital import service as hospital
    from casework.hospital.models import Admission, DonationKind, SupportKind, SupportSource
    from casework.people import service as people
    from casework.people.models import PovertyStatus, Sex

    hospital_unit = unit_by_code(HOSPITAL_CODE)
    if db.session.scalar(select(Admission.id).where(Admission.org_unit_id == hospital_unit.id).limit(1)) is not None:
        return 0
    nurse = db.session.scalar(select(User).where(User.username == "bacsi.ctxh"))
    today = local_today()
    patient = people.create_person(
        people.PersonData(full_name="Trần Văn Lộc", sex=Sex.MALE, birth_date=date(1978, 1, 1),
                          birth_precision=people.BirthPrecision.YEAR, home_commune=unit_by_code(DEMO_COMMUNE_CODE),
                          address_detail="Tổ 5, đường Yersin", poverty_status=PovertyStatus.NEAR_POOR),
        actor=nurse, unit=hospital_unit, today=today, allow_similar=True)
    case = cases.open_case(patient, actor=nurse, unit=hospital_unit, source=CaseSource.HOSPITAL,
                           needs=["health", "income"],
                           summary="Tai nạn lao động, gãy chân; hộ cận nghèo, không có thẻ BHYT, vợ làm thuê.")
    admission = hospital.record_admission(
        case, actor=nurse, department="Khoa Chấn thương chỉnh hình", admitted_on=today,
        hardship=hospital.Hardship(poverty=PovertyStatus.NEAR_POOR, no_bhyt=True, accident_victim=True,
                                   note="Chi phí phẫu thuật khoảng 30 triệu đồng; gia đình không đủ khả năng."))
    hospital.record_support(admission, hospital.SupportData(
        kind=SupportKind.IN_KIND, given_on=today, source=SupportSource.HOSPITAL_FUND, amount=300_000,
        description="Suất ăn miễn phí trong 10 ngày"), actor=nurse)
    appeal = hospital.open_appeal(admission, actor=nurse, title="Chung tay giúp anh Lộc phẫu thuật chân",
                                  purpose="Chi phí phẫu thuật và phục hồi chức năng.", target_amount=30_000_000,
                                  opened_on=today)
    hospital.record_donation(appeal, actor=nurse, received_on=today, kind=DonationKind.CASH, amount=5_000_000,
                             donor_name="Nhóm thiện nguyện Hương Biển", receipt_number="PT-0001")
    return 1


FORMER_PROVINCE_CODE = "58-TRUOC2025"  # Ninh Thuận, merged into Khánh Hòa on 1/7/2025
FORMER_COMMUNE_CODE = "22771-TRUOC2025"


def _load_demo_indicators() -> int:
    """Workforce, trainings, a 2020 baseline, the provincial centre's year of work (people taken into
    care, emergencies, counselling, scholarships, livelihood, childcare fees, money by source) and a
    former Ninh Thuận commune, so that every indicator of Khánh Hòa has something to show."""
    from casework.cases import service as cases
    from casework.cases.models import CaseSource, NoteKind
    from casework.followups import service as followups
    from casework.indicators import targets
    from casework.orgunits.models import UnitLevel
    from casework.people import service as people
    from casework.people.models import Sex
    from casework.referrals import service as referrals
    from casework.referrals.models import CommitmentKind, Disbursement, Frequency, FundingSource, PartnerKind
    from casework.workforce import service as workforce
    from casework.workforce.models import PositionType, Qualification, StaffMember

    targets.load_reference_data()
    province, centre = unit_by_code("56"), unit_by_code(CENTRE_CODE)
    if db.session.scalar(select(StaffMember.id).join(StaffMember.org_unit)
                         .where(OrgUnit.path.startswith(province.path)).limit(1)) is not None:
        return 0
    manager = db.session.scalar(select(User).where(User.username == "quanly"))
    staff_worker = db.session.scalar(select(User).where(User.username == "trungtam"))
    today = local_today()
    year_start = date(today.year, 1, 1)
    added = 0

    # The workforce: a collaborator paid the base salary, one paid less, a full-time officer at the centre.
    staff_rows = [
        (DEMO_COMMUNE_CODE, "Nguyễn Văn Bình", PositionType.COLLABORATOR, Qualification.VOCATIONAL, 2_340_000),
        (OTHER_COMMUNE_CODE, "Trần Thị Mỹ", PositionType.COLLABORATOR, Qualification.SW_CERTIFICATE, 1_500_000),
        (CENTRE_CODE, "Võ Thành Đạt", PositionType.FULL_TIME, Qualification.BACHELOR_SW, 0),
        (HOSPITAL_CODE, "Phạm Thị Lan Anh", PositionType.CONCURRENT, Qualification.BACHELOR_RELATED, 0),
    ]
    for i, (code, name, position, qualification, allowance) in enumerate(staff_rows):
        member = workforce.add_staff(unit_by_code(code), workforce.StaffData(
            full_name=name, position=position, qualification=qualification, monthly_allowance=allowance,
            contract_start=date(2024, 1, 1)), actor=manager)
        if i % 2 == 0:
            workforce.add_training(member, actor=manager, course="Tập huấn kỹ năng quản lý trường hợp",
                                   held_on=date(2025, 10, 14), hours=24)
        added += 1
    targets.set_baseline(province, actor=manager, code="QD112-4", year=2020, value=5)

    # The centre's year: people taken into care, one of them an emergency, with counselling.
    partner_social = referrals.create_partner(referrals.PartnerData(
        name="Quỹ Bảo trợ trẻ em Khánh Hòa", kind=PartnerKind.CHARITY, funds=["scholarship", "childcare_fee"]),
        actor=staff_worker, unit=centre)
    partner_state = referrals.create_partner(referrals.PartnerData(
        name="Chương trình hỗ trợ sinh kế của tỉnh", kind=PartnerKind.STATE_PROGRAM, funds=["livelihood_capital"]),
        actor=staff_worker, unit=centre)
    residents = [("Hồ Văn Lộc", Sex.MALE, 12, "LTE-10.c", False), ("Đinh Thị Na", Sex.FEMALE, 8, "LTE-10.b", True),
                 ("Lý Thị Mến", Sex.FEMALE, 41, "ND20-24.2a", False)]
    services = [("scholarship", partner_social, FundingSource.SOCIALISED, 3_000_000),
                ("childcare_fee", partner_social, FundingSource.SOCIALISED, 1_200_000),
                ("livelihood_capital", partner_state, FundingSource.STATE_BUDGET, 10_000_000)]
    for (name, sex, age, category, emergency), (service, partner, source, amount) in zip(
            residents, services, strict=True):
        person = people.create_person(people.PersonData(
            full_name=name, sex=sex, birth_date=date(today.year - age, 3, 1), categories=[category]),
            actor=staff_worker, unit=centre, today=today, allow_similar=True)
        opened = cases.open_case(person, actor=staff_worker, unit=centre, source=CaseSource.COMMUNE,
                                 needs=["care", "psychosocial"], emergency=emergency,
                                 summary="Tiếp nhận chăm sóc tại trung tâm.")
        cases.add_note(opened, actor=staff_worker, kind=NoteKind.COUNSELLING, occurred_on=today,
                       body="Buổi tư vấn tâm lý ban đầu.")
        referral = referrals.create_referral(opened, partner, actor=staff_worker, service=service,
                                             reason="Kết nối nguồn lực", shares_personal_data=False)
        referrals.send_referral(referral, actor=staff_worker, on=today)
        referrals.respond_to_referral(referral, actor=staff_worker, accepted=True, on=today)
        referrals.complete_referral(referral, actor=staff_worker, on=today, outcome="Đã nhận hỗ trợ.")
        commitment = referrals.create_commitment(opened, partner, referrals.CommitmentData(
            kind=CommitmentKind.CASH, amount=amount, source=source, frequency=Frequency.ONE_OFF,
            start_on=max(year_start, today)), actor=staff_worker, referral=referral)
        for instalment in db.session.scalars(select(Disbursement).where(Disbursement.commitment_id == commitment.id)):
            referrals.record_payment(instalment, actor=staff_worker, paid_on=today, amount=amount)
        followup = followups.schedule_followup(opened, actor=staff_worker, title="Thăm lại sau hỗ trợ",
                                               kind="office", due_on=today)
        followups.complete_followup(followup, actor=staff_worker, outcome="Ổn định.", done_on=today)
        added += 1

    # Ninh Thuận before the merger: its records count in Khánh Hòa's figures.
    former = units.add_former_unit(province, actor=None, code=FORMER_PROVINCE_CODE,
                                   name="Tỉnh Ninh Thuận (trước 01/7/2025)", level=UnitLevel.PROVINCE, kind="tỉnh")
    units.add_former_unit(former, actor=None, code=FORMER_COMMUNE_CODE, name="Phường Phủ Hà (trước 01/7/2025)",
                          level=UnitLevel.COMMUNE, kind="phường")
    return added


SECOND_WORKER = DemoUser("ctv.mai", "Hồ Thị Mai", Role.COLLABORATOR, DEMO_COMMUNE_CODE)
SUPERVISION_MARKER = "Đinh Thị Thảo"  # the first person this part of the demo registers


def _load_supervision_demo() -> int:
    """Journey J7: a second collaborator's caseload, a closure waiting for approval, an overdue
    follow-up and a case nobody touched for 40 days. Returns the number of records added."""
    from casework.cases import service as cases
    from casework.cases.models import Case, CaseSource, ClosureReason
    from casework.db import utcnow
    from casework.followups import service as followups
    from casework.people import service as people
    from casework.people.models import Person, PovertyStatus, Sex

    commune = unit_by_code(DEMO_COMMUNE_CODE)
    worker = db.session.scalar(select(User).where(User.username == "ctv"))
    if worker is None or db.session.scalar(select(Person.id).where(
            Person.org_unit_id == commune.id, Person.full_name == SUPERVISION_MARKER)) is not None:
        return 0
    added = 0
    second = db.session.scalar(select(User).where(User.username == SECOND_WORKER.username))
    if second is None:
        second = accounts.create_user(actor=None, username=SECOND_WORKER.username, full_name=SECOND_WORKER.full_name,
                                      password=DEMO_PASSWORD, role=SECOND_WORKER.role, home_unit=commune)
        added += 1
    today, now = local_today(), utcnow()

    def person(name, sex, born, **extra):
        data = people.PersonData(full_name=name, sex=sex, birth_date=born, home_commune=commune, **extra)
        return people.create_person(data, actor=worker, unit=commune, today=today, allow_similar=True)

    mother = person(SUPERVISION_MARKER, Sex.FEMALE, date(1990, 5, 12), poverty_status=PovertyStatus.POOR)
    livelihood = cases.open_case(mother, actor=worker, unit=commune, source=CaseSource.SELF, needs=["income"],
                                 summary="Mẹ đơn thân nuôi hai con nhỏ; cần hỗ trợ sinh kế.")
    followups.schedule_followup(livelihood, actor=worker, title="Thăm hộ gia đình sau một tháng", kind="home_visit",
                                due_on=today - timedelta(days=4))
    elder = person("Võ Văn Hải", Sex.MALE, date(1948, 3, 3), poverty_status=PovertyStatus.POOR)
    pension = cases.open_case(elder, actor=second, unit=commune, source=CaseSource.COMMUNE, needs=["income"],
                              summary="Cụ ông sống một mình, chưa được hưởng trợ cấp xã hội hằng tháng.")
    cases.request_closure(pension, actor=second, reason=ClosureReason.GOALS_MET,
                          note="Cụ đã được hưởng trợ cấp xã hội hằng tháng từ tháng này.")
    quiet = person("Lý Thị Nga", Sex.FEMALE, date(1975, 9, 9), poverty_status=PovertyStatus.NEAR_POOR)
    forgotten = cases.open_case(quiet, actor=worker, unit=commune, source=CaseSource.SELF,
                                needs=["health_insurance"], now=now - timedelta(days=40),
                                summary="Hộ cận nghèo cần tư vấn thẻ BHYT; chưa liên lạc lại được.")
    # Seed data only: the case was opened 40 days ago and nothing happened since (recording the
    # opening stamps "now" as its last activity).
    db.session.execute(update(Case).where(Case.id == forgotten.id).values(last_activity_at=now - timedelta(days=40)))
    return added + 3
