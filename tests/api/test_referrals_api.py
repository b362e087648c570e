"""Partners, referrals, commitments, payments, totals, follow-ups and notifications by API.

The same services and permission checks as the pages: out of scope is 404, in scope but not
allowed 403, a refused step 422 with the service's code.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseSource
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.people import service as people
from casework.people.models import ConsentScope
from casework.referrals import service as referrals
from casework.referrals.models import (
    CommitmentKind,
    Frequency,
    FundingSource,
    Notification,
    PartnerKind,
    Referral,
)
from tests.conftest import HN, HN_WARD, KH, KH_WARD_A, KH_WARD_B, unit

J1 = {"kind": "cash", "amount": 300_000, "source": "socialised", "frequency": "monthly",
      "start_on": "2025-09-01", "end_on": "2026-05-31", "months": [9, 10, 11, 12, 1, 2, 3, 4, 5],
      "description": "Học bổng J1"}



@pytest.fixture
def stranger(token_for):
    """A collaborator of another commune of the same province."""
    return token_for(Role.COLLABORATOR, KH_WARD_B)[1]


def _case(unit_code: str = KH_WARD_A, name: str = "Trần Thị Hoa"):
    home = unit(unit_code)
    person = people.create_person(people.PersonData(full_name=name), actor=None, unit=home, today=local_today(),
                                  allow_similar=True)
    opened = cases.open_case(person, actor=None, unit=home, source=CaseSource.COMMUNE, needs=["education"],
                             summary="Học sinh nghèo")
    db.session.commit()
    return person, opened


def _partner(unit_code: str = KH_WARD_A, name: str = "Quỹ Khuyến học"):
    partner = referrals.create_partner(referrals.PartnerData(name=name, kind=PartnerKind.CHARITY), actor=None,
                                       unit=unit(unit_code))
    db.session.commit()
    return partner


def _accepted_referral(api, headers, case_id: int, partner_id: int) -> int:
    """A referral that shares no personal data, sent and accepted, by API."""
    created = api.post(f"/api/v1/cases/{case_id}/referrals", headers=headers, json={
        "partner_id": partner_id, "service": "scholarship", "reason": "Học bổng", "shares_personal_data": False})
    assert created.status_code == 201, created.json
    referral_id = created.json["id"]
    for action in ("send", "accept"):
        response = api.post(f"/api/v1/referrals/{referral_id}/actions", headers=headers, json={"action": action})
        assert response.status_code == 200, response.json
    return referral_id


def _audited(action: str, entity_id: int) -> int:
    return len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity_id == entity_id)).all())


# Partners -------------------------------------------------------------------------------------

def test_partners_are_registered_listed_read_and_changed(api, worker, stranger):
    created = api.post("/api/v1/partners", headers=worker, json={
        "name": "  Công ty   Hải Sản Nha Trang ", "kind": "business", "funds": ["scholarship", "medical_cost"],
        "email": "lienhe@haisan.vn"})
    assert created.status_code == 201, created.json
    body = created.json
    assert body["name"] == "Công ty Hải Sản Nha Trang"
    assert body["org_unit_code"] == KH_WARD_A and body["is_donor"] is True
    partner_id = body["id"]
    _partner(KH, "Hội Chữ thập đỏ tỉnh")  # kept by the province: its communes see it too

    listed = api.get("/api/v1/partners?q=hải sản", headers=worker).json
    assert [p["id"] for p in listed["items"]] == [partner_id] and listed["total"] == 1
    names = {p["name"] for p in api.get("/api/v1/partners?per_page=200", headers=worker).json["items"]}
    assert {"Công ty Hải Sản Nha Trang", "Hội Chữ thập đỏ tỉnh"} <= names
    assert "Công ty Hải Sản Nha Trang" not in {
        p["name"] for p in api.get("/api/v1/partners?per_page=200", headers=stranger).json["items"]}

    assert api.get(f"/api/v1/partners/{partner_id}", headers=worker).json["kind"] == "business"
    assert api.get(f"/api/v1/partners/{partner_id}", headers=stranger).status_code == 404
    assert api.patch(f"/api/v1/partners/{partner_id}", headers=stranger, json={"phone": "0258"}).status_code == 404

    changed = api.patch(f"/api/v1/partners/{partner_id}", headers=worker, json={"phone": "0258 3822 111"})
    assert changed.status_code == 200
    assert changed.json["phone"] == "0258 3822 111" and changed.json["funds"] == ["medical_cost", "scholarship"]
    assert changed.json["email"] == "lienhe@haisan.vn"
    assert _audited("partner_update", partner_id) == 1


def test_partner_input_is_checked(api, worker, token_for):
    assert api.post("/api/v1/partners", headers=worker, json={"name": "A\x00B", "kind": "charity"}).status_code == 422
    refused = api.post("/api/v1/partners", headers=worker, json={"name": " x ", "kind": "charity"})
    assert refused.status_code == 422 and refused.json["errors"] == {"name": ["name_required"]}
    assert api.post("/api/v1/partners", headers=worker, json={"name": "Quỹ", "kind": "galaxy"}).status_code == 422
    assert api.get("/api/v1/partners?per_page=201", headers=worker).status_code == 422
    _, admin = token_for(Role.ADMIN, KH)
    assert api.get("/api/v1/partners", headers=admin).status_code == 403
    assert api.post("/api/v1/partners", headers=admin, json={"name": "Quỹ", "kind": "charity"}).status_code == 403


# Referrals and the consent rule ---------------------------------------------------------------

def test_sending_personal_data_needs_disclosure_consent(api, worker):
    person, opened = _case()
    partner = _partner()
    created = api.post(f"/api/v1/cases/{opened.id}/referrals", headers=worker, json={
        "partner_id": partner.id, "service": "medical_cost", "reason": "Hỗ trợ viện phí"})
    assert created.status_code == 201, created.json
    referral_id = created.json["id"]
    assert created.json["status"] == "draft" and created.json["may_share"] is False

    refused = api.post(f"/api/v1/referrals/{referral_id}/actions", headers=worker, json={"action": "send"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {"_schema": ["consent_needed"]}
    assert db.session.get(Referral, referral_id).status.value == "draft"

    people.record_consent(person, actor=None, scope=ConsentScope.DISCLOSURE, given_on=local_today(),
                          subject_agreed=True, guardian_agreed=False)
    db.session.commit()
    sent = api.post(f"/api/v1/referrals/{referral_id}/actions", headers=worker, json={"action": "send"})
    assert sent.status_code == 200, sent.json
    assert sent.json["status"] == "sent" and sent.json["sent_on"] == local_today().isoformat()
    listed = api.get(f"/api/v1/cases/{opened.id}/referrals", headers=worker).json
    assert [r["id"] for r in listed] == [referral_id]


def test_a_supervisor_overrides_the_consent_rule_and_it_is_audited(api, worker, token_for):
    _, opened = _case()
    partner = _partner()
    referral_id = api.post(f"/api/v1/cases/{opened.id}/referrals", headers=worker, json={
        "partner_id": partner.id, "service": "emergency_shelter", "reason": "Trẻ gặp nguy hiểm"}).json["id"]
    url = f"/api/v1/referrals/{referral_id}/actions"

    assert api.post(url, headers=worker, json={"action": "override", "note": "Khẩn cấp"}).status_code == 403
    _, supervisor = token_for(Role.SUPERVISOR, KH)
    no_reason = api.post(url, headers=supervisor, json={"action": "override"})
    assert no_reason.status_code == 422 and no_reason.json["errors"] == {"reason": ["reason_required"]}
    overridden = api.post(url, headers=supervisor, json={"action": "override", "note": "Trẻ gặp nguy hiểm"})
    assert overridden.status_code == 200, overridden.json
    assert overridden.json["consent_override_reason"] == "Trẻ gặp nguy hiểm" and overridden.json["may_share"]
    assert _audited("consent_override", referral_id) == 1

    assert api.post(url, headers=worker, json={"action": "send"}).json["status"] == "sent"
    _, other_supervisor = token_for(Role.SUPERVISOR, HN)
    assert api.post(url, headers=other_supervisor, json={"action": "override", "note": "x"}).status_code == 404


def test_referral_steps_follow_the_workflow(api, worker):
    _, opened = _case()
    partner = _partner()
    referral_id = _accepted_referral(api, worker, opened.id, partner.id)
    url = f"/api/v1/referrals/{referral_id}/actions"
    assert api.post(url, headers=worker, json={"action": "send"}).json["errors"] == {
        "_schema": ["referral_not_draft"]}
    assert api.post(url, headers=worker, json={"action": "complete"}).json["errors"] == {
        "outcome": ["outcome_required"]}
    assert api.post(url, headers=worker, json={"action": "fly"}).status_code == 422
    done = api.post(url, headers=worker, json={"action": "complete", "note": "Đã nhận học bổng"})
    assert done.json["status"] == "completed" and done.json["outcome"] == "Đã nhận học bổng"
    assert api.post(url, headers=worker, json={"action": "cancel"}).json["errors"] == {
        "_schema": ["referral_not_cancellable"]}


def test_a_referral_needs_a_partner_the_caller_may_see(api, worker):
    _, opened = _case()
    elsewhere = _partner(HN_WARD, "Quỹ Hà Nội")
    response = api.post(f"/api/v1/cases/{opened.id}/referrals", headers=worker, json={
        "partner_id": elsewhere.id, "service": "scholarship", "reason": "x"})
    assert response.status_code == 422 and response.json["errors"] == {"partner_id": ["not_found"]}


# Commitments, payments and totals -------------------------------------------------------------

def test_a_j1_commitment_schedules_nine_instalments(api, worker):
    _, opened = _case()
    referral_id = _accepted_referral(api, worker, opened.id, _partner().id)
    created = api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=worker, json=J1)
    assert created.status_code == 201, created.json
    body = created.json
    assert body["amount"] == 300_000 and body["service"] == "scholarship" and body["status"] == "active"
    dates = [row["expected_on"] for row in body["disbursements"]]
    assert len(dates) == 9
    assert dates[0] == "2025-09-05" and dates[-1] == "2026-05-05"
    assert {row["amount_expected"] for row in body["disbursements"]} == {300_000}

    read = api.get(f"/api/v1/commitments/{body['id']}", headers=worker).json
    assert len(read["disbursements"]) == 9 and read["paid"] == 0


@pytest.mark.parametrize("amount", [300000.5, 300000.0, "300000", True, 0, -5, 10_000_000_001, None])
def test_an_amount_must_be_a_whole_number_of_dong(api, worker, amount):
    _, opened = _case()
    referral_id = _accepted_referral(api, worker, opened.id, _partner().id)
    response = api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=worker, json={**J1, "amount": amount})
    assert response.status_code == 422
    assert "amount" in response.json["errors"]["json"]


def test_commitment_schedule_errors_are_422(api, worker):
    _, opened = _case()
    referral_id = _accepted_referral(api, worker, opened.id, _partner().id)
    url = f"/api/v1/referrals/{referral_id}/commitments"
    no_end = api.post(url, headers=worker, json={**J1, "end_on": None})
    assert no_end.status_code == 422 and no_end.json["errors"] == {"end_on": ["end_required"]}
    assert api.post(url, headers=worker, json={**J1, "months": [13]}).status_code == 422
    assert api.post(url, headers=worker, json={**J1, "start_on": "01/09/2025"}).status_code == 422
    once = api.post(url, headers=worker, json={**J1, "frequency": "one_off", "end_on": None})
    assert once.status_code == 201 and len(once.json["disbursements"]) == 1 and once.json["months"] == []


def test_payments_changes_and_totals(api, worker, token_for):
    _, opened = _case()
    partner = _partner()
    referral_id = _accepted_referral(api, worker, opened.id, partner.id)
    commitment = api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=worker, json=J1).json
    rows = commitment["disbursements"]

    first = api.post(f"/api/v1/disbursements/{rows[0]['id']}/payment", headers=worker,
                     json={"paid_on": "2025-09-05", "amount": 300_000})
    assert first.status_code == 200, first.json
    assert first.json["status"] == "paid" and first.json["source"] == "socialised"
    second = api.post(f"/api/v1/disbursements/{rows[1]['id']}/payment", headers=worker,
                      json={"paid_on": "2025-10-06", "amount": 250_000, "source": "state_budget", "note": "Thiếu"})
    assert second.status_code == 200
    future = api.post(f"/api/v1/disbursements/{rows[2]['id']}/payment", headers=worker,
                      json={"paid_on": (local_today() + timedelta(days=2)).isoformat(), "amount": 300_000})
    assert future.status_code == 422 and future.json["errors"] == {"paid_on": ["bad_date"]}
    assert api.post(f"/api/v1/disbursements/{rows[2]['id']}/payment", headers=worker,
                    json={"paid_on": "2025-11-05", "amount": 300000.5}).status_code == 422

    totals = api.get(f"/api/v1/totals?unit_code={KH_WARD_A}", headers=worker).json
    assert totals == {"unit_code": KH_WARD_A, "start": None, "end": None, "state_budget": 250_000,
                      "socialised": 300_000, "total": 550_000}
    october = api.get("/api/v1/totals?start=2025-10-01&end=2025-11-01", headers=worker).json
    assert october["total"] == 250_000 and october["unit_code"] == KH_WARD_A
    _, supervisor = token_for(Role.SUPERVISOR, KH)
    assert api.get(f"/api/v1/totals?unit_code={KH}", headers=supervisor).json["total"] >= 550_000
    assert api.get(f"/api/v1/totals?unit_code={HN}", headers=worker).status_code == 404
    assert api.get(f"/api/v1/totals?unit_code={KH}", headers=worker).status_code == 404
    assert api.get("/api/v1/totals?unit_code=nowhere", headers=worker).status_code == 404

    read = api.get(f"/api/v1/commitments/{commitment['id']}", headers=worker).json
    assert read["paid"] == 550_000

    report = api.get(f"/api/v1/partners/{partner.id}/report", headers=worker).json
    assert report["totals"]["total"] == 550_000
    assert report["rows"] == [{"case_id": opened.id, "number": opened.number, "service": "scholarship",
                               "paid": 550_000}]

    url = f"/api/v1/commitments/{commitment['id']}/changes"
    no_amount = api.post(url, headers=worker, json={"action": "amount", "from_date": "2026-01-01"})
    assert no_amount.status_code == 422 and no_amount.json["errors"] == {"amount": ["bad_amount"]}
    assert api.post(url, headers=worker, json={"action": "amount", "from_date": "2026-01-01",
                                               "amount": 350000.0}).status_code == 422
    raised = api.post(url, headers=worker, json={"action": "amount", "from_date": "2026-01-01", "amount": 350_000})
    assert raised.status_code == 200 and raised.json["changed"] == 5
    assert raised.json["commitment"]["amount"] == 350_000
    paused = api.post(url, headers=worker, json={"action": "pause", "from_date": "2026-03-01"})
    assert paused.json["changed"] == 3 and paused.json["commitment"]["status"] == "paused"
    cancelled = [r for r in paused.json["commitment"]["disbursements"] if r["status"] == "cancelled"]
    assert len(cancelled) == 3
    refused = api.post(f"/api/v1/disbursements/{cancelled[0]['id']}/payment", headers=worker,
                       json={"paid_on": "2025-11-05", "amount": 300_000})
    assert refused.status_code == 422 and refused.json["errors"] == {"_schema": ["disbursement_cancelled"]}
    assert api.post(url, headers=worker, json={"action": "pause", "from_date": "2026-03-01"}).json["errors"] == {
        "_schema": ["not_active"]}
    resumed = api.post(url, headers=worker, json={"action": "resume", "from_date": "2026-04-01"})
    assert resumed.json["commitment"]["status"] == "active" and resumed.json["changed"] == 2


def test_the_partner_report_hides_cases_outside_the_callers_scope(api, worker):
    provincial = _partner(KH, "Quỹ Bảo trợ trẻ em tỉnh")
    _, mine = _case(KH_WARD_A, "Nguyễn Văn An")
    _, theirs = _case(KH_WARD_B, "Phạm Thị Bình")
    for case, amount in ((mine, 200_000), (theirs, 500_000)):
        commitment = referrals.create_commitment(case, provincial, referrals.CommitmentData(
            kind=CommitmentKind.CASH, amount=amount, source=FundingSource.STATE_BUDGET, frequency=Frequency.ONE_OFF,
            start_on=date(2025, 9, 1), service="scholarship"), actor=None)
        row = db.session.scalars(select(referrals.Disbursement).where(
            referrals.Disbursement.commitment_id == commitment.id)).one()
        referrals.record_payment(row, actor=None, paid_on=date(2025, 9, 2), amount=amount)
    db.session.commit()
    report = api.get(f"/api/v1/partners/{provincial.id}/report", headers=worker).json
    assert sorted(report["rows"], key=lambda r: r["paid"]) == [
        {"case_id": mine.id, "number": mine.number, "service": "scholarship", "paid": 200_000},
        {"case_id": None, "number": None, "service": "scholarship", "paid": 500_000}]
    assert report["totals"] == {"state_budget": 200_000, "socialised": 0, "total": 200_000}


def test_a_collaborator_of_another_commune_gets_404(api, worker, stranger):
    _, opened = _case()
    referral_id = _accepted_referral(api, worker, opened.id, _partner().id)
    commitment = api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=worker, json=J1).json
    disbursement_id = commitment["disbursements"][0]["id"]
    assert api.get(f"/api/v1/referrals/{referral_id}", headers=stranger).status_code == 404
    assert api.post(f"/api/v1/referrals/{referral_id}/actions", headers=stranger,
                    json={"action": "cancel"}).status_code == 404
    assert api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=stranger, json=J1).status_code == 404
    assert api.get(f"/api/v1/commitments/{commitment['id']}", headers=stranger).status_code == 404
    assert api.post(f"/api/v1/commitments/{commitment['id']}/changes", headers=stranger,
                    json={"action": "pause", "from_date": "2026-01-01"}).status_code == 404
    assert api.post(f"/api/v1/disbursements/{disbursement_id}/payment", headers=stranger,
                    json={"paid_on": "2025-09-05", "amount": 300_000}).status_code == 404
    assert api.get(f"/api/v1/cases/{opened.id}/referrals", headers=stranger).status_code == 404
    # whatever the body, out of scope stays 404
    assert api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=stranger, json={}).status_code == 404
    assert api.get(f"/api/v1/referrals/{referral_id}", headers=worker).status_code == 200


def test_a_role_without_the_permission_gets_403_first(api, worker, token_for):
    _, opened = _case()
    referral_id = _accepted_referral(api, worker, opened.id, _partner().id)
    _, manager = token_for(Role.PROVINCIAL_MANAGER, KH)  # sees cases, does not work them
    assert api.get(f"/api/v1/referrals/{referral_id}", headers=manager).status_code == 200
    assert api.post(f"/api/v1/referrals/{referral_id}/actions", headers=manager,
                    json={"action": "cancel"}).status_code == 403
    assert api.post(f"/api/v1/referrals/{referral_id}/commitments", headers=manager, json=J1).status_code == 403
    assert api.get("/api/v1/followups", headers=manager).status_code == 403


# Follow-ups and notifications -----------------------------------------------------------------

def test_followups_are_planned_listed_and_done(api, token_for, stranger):
    user, headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    _, opened = _case()
    today = local_today()
    planned = api.post(f"/api/v1/cases/{opened.id}/followups", headers=headers, json={
        "title": "Thăm nhà", "kind": "home_visit", "due_on": today.isoformat(), "recurrence_months": 3})
    assert planned.status_code == 201, planned.json
    assert planned.json["assignee_id"] == user.id and planned.json["status"] == "open"
    later = api.post(f"/api/v1/cases/{opened.id}/followups", headers=headers, json={
        "title": "Gọi điện", "kind": "phone", "due_on": (today + timedelta(days=3)).isoformat()})
    assert later.status_code == 201
    assert api.post(f"/api/v1/cases/{opened.id}/followups", headers=headers, json={
        "title": "x", "kind": "telepathy", "due_on": today.isoformat()}).status_code == 422
    assert api.post(f"/api/v1/cases/{opened.id}/followups", headers=stranger, json={
        "title": "x", "kind": "phone", "due_on": today.isoformat()}).status_code == 404

    agenda = api.get("/api/v1/followups", headers=headers).json
    assert agenda["date"] == today.isoformat()
    assert [f["id"] for f in agenda["today"]] == [planned.json["id"]]
    assert [f["id"] for f in agenda["next_7_days"]] == [later.json["id"]] and agenda["overdue"] == []

    url = f"/api/v1/followups/{planned.json['id']}/done"
    assert api.post(url, headers=stranger, json={"outcome": "Ổn"}).status_code == 404
    assert api.post(url, headers=headers, json={"outcome": ""}).status_code == 422
    done = api.post(url, headers=headers, json={"outcome": "Gia đình ổn định"})
    assert done.status_code == 200, done.json
    assert done.json["followup"]["status"] == "done"
    assert done.json["next"]["due_on"] > today.isoformat()
    again = api.post(url, headers=headers, json={"outcome": "Lần nữa"})
    assert again.status_code == 422 and again.json["errors"] == {"_schema": ["followup_not_open"]}


def test_notifications_are_the_callers_own_and_are_not_marked_read(api, token_for):
    user, headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    other, _ = token_for(Role.COLLABORATOR, KH_WARD_A)
    for owner, title in ((user, "Việc hôm nay"), (other, "Không phải của bạn")):
        db.session.add(Notification(user_id=owner.id, created_at=utcnow(), kind="digest", title=title, body=""))
    db.session.commit()
    body = api.get("/api/v1/notifications", headers=headers).json
    assert [n["title"] for n in body["items"]] == ["Việc hôm nay"] and body["total"] == 1
    assert body["items"][0]["read_at"] is None
    assert api.get("/api/v1/notifications?unread=true", headers=headers).json["total"] == 1
    assert api.get("/api/v1/notifications?unread=false", headers=headers).json["total"] == 0
    assert db.session.scalar(select(Notification.read_at).where(Notification.user_id == user.id)) is None
