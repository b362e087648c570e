"""The hospital API: admissions, supports, appeals with their balance, discharge hand-off, activities."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.auth.models import Role
from casework.core.formatting import local_today
from tests.conftest import HN_WARD, KH_WARD_A
from tests.hospital.conftest import HOSP, admission, appeal, hospital_case, nurse, patient  # noqa: F401

TODAY = local_today().isoformat()


def test_the_team_records_an_admission_supports_and_an_appeal_by_api(api, token_for, hospital_case):  # noqa: F811
    _, headers = token_for(Role.HOSPITAL_SOCIAL_WORKER, HOSP)
    response = api.post("/api/v1/hospital/admissions", headers=headers, json={
        "case_id": hospital_case.id, "department": "Khoa Nhi", "admitted_on": TODAY, "poverty": "poor",
        "no_bhyt": True})
    assert response.status_code == 201, response.json
    admission_id = response.json["id"]
    assert response.json["hardships"] == ["poor", "no_bhyt"]
    response = api.post(f"/api/v1/hospital/admissions/{admission_id}/supports", headers=headers, json={
        "kind": "cash", "given_on": TODAY, "source": "hospital_fund"})
    assert response.status_code == 422 and response.json["errors"] == {"amount": ["bad_amount"]}
    response = api.post(f"/api/v1/hospital/admissions/{admission_id}/supports", headers=headers, json={
        "kind": "cash", "given_on": TODAY, "source": "state_budget", "amount": 1_000_000})
    assert response.status_code == 201 and response.json["source"] == "state_budget"
    response = api.post(f"/api/v1/hospital/admissions/{admission_id}/appeals", headers=headers, json={
        "title": "Giúp cháu", "target_amount": 10_000_000, "opened_on": TODAY})
    assert response.status_code == 201 and response.json["money"]["balance"] == 0
    body = api.get(f"/api/v1/hospital/admissions/{admission_id}", headers=headers).json
    assert [s["amount"] for s in body["supports"]] == [1_000_000]
    assert body["appeals"][0]["target_amount"] == 10_000_000


def test_donations_and_hand_overs_keep_the_balance_and_refuse_too_much(api, token_for, appeal):  # noqa: F811
    _, headers = token_for(Role.HOSPITAL_SOCIAL_WORKER, HOSP)
    for amount in (3_000_000, 2_000_000):
        assert api.post(f"/api/v1/hospital/appeals/{appeal.id}/donations", headers=headers, json={
            "received_on": TODAY, "kind": "cash", "amount": amount, "donor_name": "Nhà hảo tâm"}).status_code == 201
    too_much = {"handed_on": TODAY, "amount": 6_000_000, "receipt_number": "BN-1", "handed_over_by": "Lan Anh",
                "received_by": "Mẹ bệnh nhân"}
    response = api.post(f"/api/v1/hospital/appeals/{appeal.id}/handovers", headers=headers, json=too_much)
    assert response.status_code == 422 and response.json["errors"] == {"amount": ["over_balance"]}
    response = api.post(f"/api/v1/hospital/appeals/{appeal.id}/handovers", headers=headers,
                        json={**too_much, "amount": 4_000_000})
    assert response.status_code == 201
    body = api.get(f"/api/v1/hospital/appeals/{appeal.id}", headers=headers).json
    assert body["money"] == {"cash_raised": 5_000_000, "in_kind_value": 0, "handed_over": 4_000_000,
                             "balance": 1_000_000}
    listed = api.get("/api/v1/hospital/appeals?status=open", headers=headers).json
    assert [a["money"]["balance"] for a in listed["items"]] == [1_000_000]


def test_discharge_by_api_hands_the_case_over_and_others_cannot_see_it(api, token_for, admission):  # noqa: F811
    _, headers = token_for(Role.HOSPITAL_SOCIAL_WORKER, HOSP)
    ctv, ctv_headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    response = api.post(f"/api/v1/hospital/admissions/{admission.id}/discharge", headers=headers, json={
        "discharged_on": TODAY, "assignee_id": ctv.id})
    assert response.status_code == 200, response.json
    assert response.json["notified"] == 1 and response.json["admission"]["handed_off_to"]["code"] == KH_WARD_A
    assert api.get(f"/api/v1/cases/{admission.case_id}", headers=ctv_headers).status_code == 200
    notes = api.get("/api/v1/notifications", headers=ctv_headers).json
    assert "Hồ Văn Thử" in notes["items"][0]["body"]
    _, stranger = token_for(Role.HOSPITAL_SOCIAL_WORKER, "T-HN-HOSP")
    assert api.get(f"/api/v1/hospital/admissions/{admission.id}", headers=stranger).status_code == 404
    _, other_ward = token_for(Role.COLLABORATOR, HN_WARD)
    assert api.get(f"/api/v1/cases/{admission.case_id}", headers=other_ward).status_code == 404


def test_activities_by_api(api, token_for):
    _, headers = token_for(Role.HOSPITAL_SOCIAL_WORKER, HOSP)
    response = api.post("/api/v1/hospital/activities", headers=headers, json={
        "kind": "communication", "held_on": TODAY, "title": "Truyền thông phòng chống bạo lực", "participants": 40})
    assert response.status_code == 201
    body = api.get("/api/v1/hospital/activities?kind=communication", headers=headers).json
    assert [a["participants"] for a in body["items"]] == [40]
    _, supervisor = token_for(Role.SUPERVISOR, "56")
    assert api.get("/api/v1/hospital/activities", headers=supervisor).json["total"] == 1
    _, collaborator = token_for(Role.COLLABORATOR, KH_WARD_A)
    assert api.get("/api/v1/hospital/activities", headers=collaborator).status_code == 403


JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**63, max_value=2**63),
                       st.floats(allow_nan=False), st.text(max_size=30),
                       st.sampled_from(["", TODAY, "2026-02-31", "cash", "in_kind", "socialised", "poor", "x" * 5000]))
BODIES = {
    "admissions": ["case_id", "department", "admitted_on", "poverty", "no_bhyt", "assessment_note"],
    "admissions/{admission}/supports": ["kind", "given_on", "source", "amount", "description", "partner_id",
                                        "sponsor_name"],
    "admissions/{admission}/appeals": ["title", "purpose", "target_amount", "opened_on"],
    "admissions/{admission}/discharge": ["discharged_on", "hand_off", "assignee_id", "note"],
    "appeals/{appeal}/donations": ["received_on", "kind", "amount", "partner_id", "donor_name", "description",
                                   "receipt_number"],
    "appeals/{appeal}/handovers": ["handed_on", "amount", "receipt_number", "handed_over_by", "received_by"],
    "activities": ["kind", "held_on", "title", "participants", "notes"],
}


@pytest.mark.parametrize("path", sorted(BODIES))
def test_random_json_bodies_never_cause_a_server_error(api, token_for, appeal, path):  # noqa: F811
    """The schemathesis test fuzzes paths and queries; this one fuzzes the hospital bodies as the team."""
    _, headers = token_for(Role.HOSPITAL_SOCIAL_WORKER, HOSP)
    url = "/api/v1/hospital/" + path.format(admission=appeal.admission_id, appeal=appeal.id)

    @given(body=st.dictionaries(st.sampled_from(BODIES[path]), JSON_VALUE))
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def post(body):
        response = api.post(url, headers=headers, json=body)
        assert response.status_code < 500, (url, body, response.data[:300])

    post()
