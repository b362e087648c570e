"""Hospital pages as the team and the commune's collaborator use them."""

from sqlalchemy import select

from casework.auth.models import Role
from casework.core.formatting import local_today
from casework.extensions import db
from casework.hospital import service as hospital
from casework.hospital.models import Admission, AppealHandover, DonationKind, HospitalSupport, TeamActivity
from tests.conftest import KH_WARD_A, KH_WARD_B, PASSWORD

TODAY = local_today().strftime("%d/%m/%Y")


def _login(client, user):
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302


def test_the_team_records_an_admission_from_the_case_page(client, nurse, hospital_case):
    _login(client, nurse)
    page = client.get(f"/cases/{hospital_case.id}").data.decode()
    assert "Ghi nhận nhập viện" in page
    response = client.post(f"/hospital/cases/{hospital_case.id}/admit", data={
        "department": "Khoa Nội", "admitted_on": TODAY, "poverty": "near_poor", "no_relatives": "y",
        "assessment_note": "Người bệnh sống một mình."})
    admission = db.session.scalar(select(Admission))
    assert response.headers["Location"] == f"/hospital/admissions/{admission.id}"
    assert admission.hardships == ["near_poor", "no_relatives"]
    html = client.get(response.headers["Location"]).data.decode()
    assert "Khoa Nội" in html and "Không có người thân" in html


def test_admission_errors_stay_next_to_the_field_with_the_input_kept(client, nurse, hospital_case):
    _login(client, nurse)
    response = client.post(f"/hospital/cases/{hospital_case.id}/admit", data={
        "department": "Khoa Nội", "admitted_on": "31/02/2026", "poverty": "poor"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="admitted_on-error"' in html and 'value="31/02/2026"' in html and 'value="Khoa Nội"' in html


def test_a_hand_over_above_the_balance_is_refused_next_to_the_amount(client, nurse, appeal):
    hospital.record_donation(appeal, actor=nurse, received_on=local_today(), kind=DonationKind.CASH,
                             amount=2_000_000, donor_name="Nhà hảo tâm")
    db.session.commit()
    _login(client, nurse)
    response = client.post(f"/hospital/appeals/{appeal.id}/handovers", data={
        "handover-handed_on": TODAY, "handover-amount": "2.500.000", "handover-receipt_number": "BN-07",
        "handover-handed_over_by": "Lan Anh", "handover-received_by": "Vợ bệnh nhân"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="handover-amount-error"' in html and "Quỹ vận động không còn đủ" in html
    assert 'value="2.500.000"' in html and "2.000.000 ₫" in html
    assert db.session.scalar(select(AppealHandover.id)) is None


def test_donations_and_hand_over_show_the_balance_everywhere(client, nurse, appeal, admission):
    _login(client, nurse)
    for amount in ("5.000.000", "3.000.000"):
        response = client.post(f"/hospital/appeals/{appeal.id}/donations", data={
            "received_on": TODAY, "donor_name": "Nhà hảo tâm", "kind": "cash", "amount": amount})
        assert response.status_code == 302
    client.post(f"/hospital/appeals/{appeal.id}/handovers", data={
        "handover-handed_on": TODAY, "handover-amount": "6000000", "handover-receipt_number": "BN-01",
        "handover-handed_over_by": "Lan Anh", "handover-received_by": "Vợ bệnh nhân"})
    for url in (f"/hospital/appeals/{appeal.id}", f"/hospital/admissions/{admission.id}", "/hospital/"):
        assert "2.000.000 ₫" in client.get(url).data.decode(), url


def test_a_support_records_its_source_and_sponsor(client, nurse, admission):
    _login(client, nurse)
    response = client.post(f"/hospital/admissions/{admission.id}/supports", data={
        "kind": "transport_home", "given_on": TODAY, "amount": "800000", "source": "socialised",
        "sponsor_name": "Hội Chữ thập đỏ", "description": "Xe về nhà"})
    assert response.status_code == 302
    support = db.session.scalar(select(HospitalSupport))
    assert (support.kind.value, support.source.value, support.sponsor) == ("transport_home", "socialised",
                                                                          "Hội Chữ thập đỏ")
    assert "Đưa về nhà" in client.get("/hospital/").data.decode()


def test_discharge_hand_off_notifies_the_commune_and_the_case_appears_in_its_list(
        client, nurse, admission, hospital_case, make_user):
    ctv = make_user(Role.COLLABORATOR, KH_WARD_A)
    other = make_user(Role.COLLABORATOR, KH_WARD_B)
    _login(client, nurse)
    response = client.post(f"/hospital/admissions/{admission.id}/discharge", data={
        "discharged_on": TODAY, "hand_off": "y", "assignee": str(ctv.id)}, follow_redirects=True)
    assert "Hồ sơ nay thuộc về Phường Nha Trang" in response.data.decode()
    client.post("/logout")
    _login(client, ctv)
    assert "Thông báo (1)" in client.get("/cases/").data.decode()
    assert hospital_case.number in client.get("/cases/").data.decode()
    assert "Hồ Văn Thử" in client.get("/notifications/").data.decode()
    assert client.get(f"/cases/{hospital_case.id}").status_code == 200
    assert client.get(f"/hospital/admissions/{admission.id}").status_code == 403
    client.post("/logout")
    _login(client, other)
    assert hospital_case.number not in client.get("/cases/?scope=unit").data.decode()
    assert client.get(f"/cases/{hospital_case.id}").status_code == 404


def test_team_activities_are_listed_with_filters(client, nurse):
    _login(client, nurse)
    for kind, title in (("training", "Tập huấn tư vấn"), ("charity_event", "Bữa cơm từ thiện")):
        response = client.post("/hospital/activities/new", data={
            "kind": kind, "held_on": TODAY, "title": title, "participants": "30"})
        assert response.status_code == 302
    assert db.session.query(TeamActivity).count() == 2
    html = client.get("/hospital/activities/?kind=training").data.decode()
    assert "Tập huấn tư vấn" in html and "Bữa cơm từ thiện" not in html
    assert client.post("/hospital/activities/new", data={"kind": "training", "held_on": TODAY, "title": "x",
                                                         "participants": "-3"}).status_code == 422
