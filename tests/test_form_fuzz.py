"""Random input on every form that writes (property-based, hypothesis): never a server error.

Each example posts arbitrary text (Vietnamese, control characters, huge strings, dates in odd
shapes) into every field of a form; the answer may be a redirect or a 4xx with messages, never 5xx.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseSource, ClosureReason
from casework.core.formatting import local_today
from casework.extensions import db
from casework.hospital import service as hospital
from casework.hospital.models import DonationKind
from casework.people import service as people
from casework.referrals import service as referrals
from casework.referrals.models import CommitmentKind, Frequency, FundingSource, PartnerKind
from casework.workforce import service as workforce
from casework.workforce.models import PositionType
from tests.conftest import KH, KH_WARD_A, PASSWORD, unit

TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789/-. ", max_size=12),
    st.sampled_from(["", " ", "31/02/2025", "2025", "0", "-1", "99999999999", "Nguyễn Thị Tiếp", "ĐẶNG",
                     "high", "cccd", "female", "poor", "none", "scholarship", "closure", "22366", "x" * 6000]),
)

FORMS = {
    "people.create": ("/people/new", Role.COLLABORATOR,
                      ["full_name", "sex", "birth_date", "id_type", "id_number", "bhyt_number", "phone", "ethnicity",
                       "home_commune_code", "address_detail", "poverty_status", "disability", "categories",
                       "household_id", "relationship", "confirm_new"]),
    "people.edit": ("/people/{person}/edit", Role.COLLABORATOR,
                    ["full_name", "sex", "birth_date", "id_type", "id_number", "phone", "poverty_status",
                     "disability", "version", "categories"]),
    "people.add_consent": ("/people/{person}/consents/new", Role.COLLABORATOR,
                           ["scope", "given_on", "subject_agreed", "guardian_agreed", "guardian_name",
                            "guardian_relationship", "note"]),
    "cases.create": ("/cases/new?person_id={person}", Role.COLLABORATOR,
                     ["source", "needs", "summary", "risk_level", "emergency"]),
    "cases.edit": ("/cases/{case}/edit", Role.COLLABORATOR, ["summary", "needs", "risk_level", "version"]),
    "cases.step": ("/cases/{case}/step", Role.COLLABORATOR, ["to", "version"]),
    "cases.assess": ("/cases/{case}/assessments/new", Role.COLLABORATOR,
                     ["kind", "assessed_on", "summary", "ratings-0-level", "ratings-0-note", "ratings-0-domain",
                      "ratings-99-level"]),
    "cases.add_plan_item": ("/cases/{case}/plan", Role.COLLABORATOR, ["goal", "service", "responsible", "due_on"]),
    "cases.add_note": ("/cases/{case}/notes", Role.COLLABORATOR, ["kind", "occurred_on", "body"]),
    "cases.emergency_action": ("/cases/{case}/emergency", Role.COLLABORATOR, ["note"]),
    "cases.request_closure": ("/cases/{case}/close", Role.COLLABORATOR, ["reason", "note"]),
    "cases.request_transfer": ("/cases/{case}/transfer", Role.COLLABORATOR, ["target_unit_code", "note"]),
    "cases.reopen": ("/cases/{case}/reopen", Role.COLLABORATOR, ["reason"]),
    "cases.decide": ("/cases/approvals/{request}", Role.SUPERVISOR, ["comment", "approve", "refuse", "from"]),
    "cases.assign": ("/cases/{case}/assign", Role.SUPERVISOR, ["worker"]),
    "referrals.new_partner": ("/partners/new", Role.COLLABORATOR,
                              ["name", "kind", "is_donor", "funds", "contact_name", "phone", "email", "address"]),
    "referrals.new_referral": ("/cases/{case}/referrals/new", Role.COLLABORATOR,
                               ["partner_id", "service", "reason", "shares_personal_data", "legal_basis"]),
    "referrals.new_commitment": ("/referrals/{referral}/commitments/new", Role.COLLABORATOR,
                                 ["kind", "description", "amount", "source", "frequency", "start_on", "end_on",
                                  "months", "day_of_month"]),
    "referrals.pay": ("/commitments/{commitment}/pay", Role.COLLABORATOR,
                      ["disbursement_id", "paid_on", "amount", "source", "note"]),
    "referrals.change_commitment": ("/commitments/{commitment}/change", Role.COLLABORATOR,
                                    ["from_date", "amount", "action"]),
    "referrals.referral_action": ("/referrals/{referral}/complete", Role.COLLABORATOR, ["note"]),
    "followups.new": ("/cases/{case}/followups/new", Role.COLLABORATOR,
                      ["title", "kind", "due_on", "recurrence_months"]),
    "hospital.new_admission": ("/hospital/cases/{hcase}/admit", Role.HOSPITAL_SOCIAL_WORKER,
                               ["department", "admitted_on", "poverty", "no_bhyt", "no_relatives", "unidentified",
                                "violence_victim", "accident_victim", "assessment_note"]),
    "hospital.add_support": ("/hospital/admissions/{admission}/supports", Role.HOSPITAL_SOCIAL_WORKER,
                             ["kind", "given_on", "description", "amount", "source", "partner_id", "sponsor_name"]),
    "hospital.new_appeal": ("/hospital/admissions/{admission}/appeals", Role.HOSPITAL_SOCIAL_WORKER,
                            ["title", "purpose", "target_amount", "opened_on"]),
    "hospital.discharge": ("/hospital/admissions/{admission}/discharge", Role.HOSPITAL_SOCIAL_WORKER,
                           ["discharged_on", "hand_off", "assignee", "note"]),
    "hospital.add_donation": ("/hospital/appeals/{appeal}/donations", Role.HOSPITAL_SOCIAL_WORKER,
                              ["received_on", "partner_id", "donor_name", "kind", "amount", "description",
                               "receipt_number"]),
    "hospital.add_handover": ("/hospital/appeals/{appeal}/handovers", Role.HOSPITAL_SOCIAL_WORKER,
                              ["handover-handed_on", "handover-amount", "handover-receipt_number",
                               "handover-handed_over_by", "handover-received_by", "handover-note"]),
    "hospital.new_activity": ("/hospital/activities/new", Role.HOSPITAL_SOCIAL_WORKER,
                              ["kind", "held_on", "title", "participants", "notes"]),
    "supervision.reassign": ("/supervision/reassign", Role.SUPERVISOR,
                             ["case_ids", "worker", "confirm", "all_matching", "filter_scope", "filter_status",
                              "filter_risk", "filter_emergency"]),
    "supervision.add_note": ("/supervision/cases/{case}/notes", Role.SUPERVISOR,
                             ["supervision-occurred_on", "supervision-body"]),
    "supervision.reviews": ("/supervision/reviews/{worker}", Role.SUPERVISOR,
                            ["year", "half", "reviewed_on", "rating", "notes", "actions"]),
    "admin.create_user": ("/admin/users/new", Role.ADMIN,
                          ["username", "full_name", "email", "role", "home_unit_code", "password", "active"]),
    "orgunits.add_facility": ("/units/{province}/facilities/new", Role.ADMIN,
                              ["name", "facility_type", "code", "address", "provides_sw_services"]),
    "workforce.new_staff": ("/workforce/units/{province}/new", Role.SUPERVISOR,
                            ["full_name", "position", "qualification", "monthly_allowance", "contract_start",
                             "contract_end", "note"]),
    "workforce.edit_staff": ("/workforce/staff/{staff}", Role.SUPERVISOR,
                             ["full_name", "position", "qualification", "monthly_allowance", "contract_start",
                              "contract_end", "note"]),
    "workforce.add_training": ("/workforce/staff/{staff}/trainings", Role.SUPERVISOR,
                               ["tr-course", "tr-held_on", "tr-hours"]),
    "indicators.unit_targets": ("/indicators/units/{province}/targets", Role.PROVINCIAL_MANAGER,
                                ["t-indicator", "t-year", "t-value", "t-submit", "b-indicator", "b-year", "b-value",
                                 "b-submit"]),
    "auth.change_password": ("/profile/password", Role.COLLABORATOR,
                             ["pw-current_password", "pw-new_password", "pw-confirm"]),
}
HOMES = {Role.COLLABORATOR: KH_WARD_A, Role.SUPERVISOR: KH, Role.PROVINCIAL_MANAGER: KH, Role.ADMIN: "VN",
         Role.HOSPITAL_SOCIAL_WORKER: "T-HOSP"}


@pytest.fixture
def world(app, make_user):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    person = people.create_person(people.PersonData(full_name="Mai Thị Thử"), actor=worker, unit=unit(KH_WARD_A),
                                  today=local_today())
    case = cases.open_case(person, actor=worker, unit=unit(KH_WARD_A), source=CaseSource.SELF, needs=["food"],
                           summary="Thử", emergency=True)
    request = cases.request_closure(case, actor=worker, reason=ClosureReason.OTHER, note="")
    partner = referrals.create_partner(referrals.PartnerData(name="Quỹ Thử", kind=PartnerKind.CHARITY),
                                       actor=worker, unit=unit(KH_WARD_A))
    referral = referrals.create_referral(case, partner, actor=worker, service="scholarship", reason="x",
                                         shares_personal_data=False)
    referrals.send_referral(referral, actor=worker, on=local_today())
    referrals.respond_to_referral(referral, actor=worker, accepted=True, on=local_today())
    commitment = referrals.create_commitment(case, partner, referrals.CommitmentData(
        kind=CommitmentKind.CASH, amount=300_000, source=FundingSource.SOCIALISED, frequency=Frequency.MONTHLY,
        start_on=date(2026, 1, 1), end_on=date(2026, 12, 31)), actor=worker, referral=referral)
    nurse = make_user(Role.HOSPITAL_SOCIAL_WORKER, "T-HOSP")
    patient = people.create_person(people.PersonData(full_name="Hồ Thị Thử", home_commune=unit(KH_WARD_A)),
                                   actor=nurse, unit=unit("T-HOSP"), today=local_today())
    hcase = cases.open_case(patient, actor=nurse, unit=unit("T-HOSP"), source=CaseSource.HOSPITAL, needs=[],
                            summary="Thử")
    admission = hospital.record_admission(hcase, actor=nurse, department="Khoa Nội", admitted_on=local_today(),
                                          hardship=hospital.Hardship())
    appeal = hospital.open_appeal(admission, actor=nurse, title="Thử", purpose="", target_amount=1_000_000,
                                  opened_on=local_today())
    hospital.record_donation(appeal, actor=nurse, received_on=local_today(), kind=DonationKind.CASH,
                             amount=500_000, donor_name="Nhà hảo tâm")
    staff = workforce.add_staff(unit(KH_WARD_A), workforce.StaffData(
        full_name="Cán Bộ Thử", position=PositionType.COLLABORATOR, contract_start=date(2026, 1, 1)), actor=worker)
    db.session.commit()
    return {"person": person.id, "case": case.id, "request": request.id, "province": unit(KH).id,
            "referral": referral.id, "commitment": commitment.id, "hcase": hcase.id, "admission": admission.id,
            "appeal": appeal.id, "staff": staff.id, "worker": worker.id}


@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_random_form_input_never_causes_a_server_error(app, make_user, world, endpoint):
    path, role, fields = FORMS[endpoint]
    url = path.format(**world)
    user = make_user(role, HOMES[role])
    client = app.test_client()
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302

    @given(values=st.fixed_dictionaries({name: st.lists(TEXT, max_size=2) for name in fields}))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def post(values):
        data = MultiDict([(name, value.replace("\x00", "")) for name, items in values.items() for value in items])
        response = client.post(url, data=data)
        assert response.status_code < 500, (endpoint, data, response.data[:500])

    post()
