"""Working a case by API: households, consent, edits, plan, emergencies, files, approvals, timeline.

The same services and permission checks as the pages: out of scope is 404, in scope but not
allowed 403, a refused step 422 with the service's code, a stale version 409.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import Case, CaseSource
from casework.core.formatting import local_today
from casework.extensions import db
from casework.people import service as people
from tests.conftest import HN_WARD, KH, KH_WARD_A, KH_WARD_B, unit

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
TODAY = local_today().isoformat()


@pytest.fixture
def api(app, tmp_path):
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "files")  # the app fixture restores the config
    return app.test_client()


@pytest.fixture
def stranger(token_for):
    """A collaborator of another commune of the same province."""
    return token_for(Role.COLLABORATOR, KH_WARD_B)[1]


def _registered(unit_code: str = KH_WARD_A, name: str = "Lê Văn Cường", **fields):
    """A person and their case made directly with the services."""
    home = unit(unit_code)
    person = people.create_person(people.PersonData(full_name=name, **fields), actor=None, unit=home,
                                  today=local_today(), allow_similar=True)
    opened = cases.open_case(person, actor=None, unit=home, source=CaseSource.COMMUNE, needs=["housing"],
                             summary="Nhà dột")
    db.session.commit()
    return person, opened


def _audited(action: str, entity_id: int) -> int:
    return len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity_id == entity_id)).all())


def _upload(api, headers, case_id: int, data: bytes = PDF, name: str = "giấy đồng ý.pdf", kind="consent_scan"):
    return api.post(f"/api/v1/cases/{case_id}/attachments", headers=headers, content_type="multipart/form-data",
                    data={"kind": kind, "file": (io.BytesIO(data), name)})


# Households -------------------------------------------------------------------------------------

def test_a_household_is_started_and_members_added(api, worker):
    head, _ = _registered(name="Trần Văn Chủ", address_detail="Thôn 3")
    child, _ = _registered(name="Trần Thị Con")
    response = api.post(f"/api/v1/people/{head.id}/household", headers=worker)
    assert response.status_code == 201, response.json
    household = response.json
    assert household["address_detail"] == "Thôn 3" and household["org_unit_id"] == unit(KH_WARD_A).id
    assert [(m["person_id"], m["relationship"], m["is_head"]) for m in household["members"]] == [
        (head.id, "head", True)]
    again = api.post(f"/api/v1/people/{head.id}/household", headers=worker)
    assert again.status_code == 422 and again.json["errors"] == {"_schema": ["already_in_household"]}

    url = f"/api/v1/households/{household['id']}/members"
    response = api.post(url, json={"person_id": child.id, "relationship": "child"}, headers=worker)
    assert response.status_code == 201, response.json
    assert [(m["person"]["full_name"], m["relationship"]) for m in response.json["members"]] == [
        ("Trần Văn Chủ", "head"), ("Trần Thị Con", "child")]
    twice = api.post(url, json={"person_id": child.id, "relationship": "child"}, headers=worker)
    assert twice.status_code == 422 and twice.json["errors"] == {"person_id": ["already_member"]}
    head_again = api.post(url, json={"person_id": child.id, "relationship": "head"}, headers=worker)
    assert head_again.status_code == 422 and "relationship" in head_again.json["errors"]["json"]


def test_household_members_must_be_people_and_households_in_scope(api, worker, stranger):
    head, _ = _registered()
    elsewhere, _ = _registered(HN_WARD, "Đỗ Thị Xa")
    household = api.post(f"/api/v1/people/{head.id}/household", headers=worker).json
    url = f"/api/v1/households/{household['id']}/members"
    response = api.post(url, json={"person_id": elsewhere.id, "relationship": "spouse"}, headers=worker)
    assert response.status_code == 422 and response.json["errors"] == {"person_id": ["not_found"]}
    neighbour, _ = _registered(KH_WARD_B, "Đỗ Văn Gần")
    assert api.post(url, json={"person_id": neighbour.id, "relationship": "spouse"},
                    headers=stranger).status_code == 404
    assert api.post(f"/api/v1/people/{head.id}/household", headers=stranger).status_code == 404


# Consent ----------------------------------------------------------------------------------------

def test_consent_is_recorded_listed_and_withdrawn(api, worker):
    person, _ = _registered(birth_date=date(1980, 5, 1))
    url = f"/api/v1/people/{person.id}/consents"
    response = api.post(url, json={"scope": "services", "given_on": TODAY, "subject_agreed": True}, headers=worker)
    assert response.status_code == 201, response.json
    consent = response.json
    assert consent["scope"] == "services" and consent["withdrawn_on"] is None
    listed = api.get(url, headers=worker)
    assert listed.status_code == 200 and [c["id"] for c in listed.json] == [consent["id"]]
    withdrawn = api.post(f"/api/v1/consents/{consent['id']}/withdraw", headers=worker)
    assert withdrawn.status_code == 200 and withdrawn.json["withdrawn_on"] == TODAY
    assert _audited("consent_withdraw", consent["id"]) == 1
    assert api.post(f"/api/v1/consents/{consent['id']}/withdraw", headers=worker).status_code == 200
    assert _audited("consent_withdraw", consent["id"]) == 1  # withdrawing again changes nothing


def test_a_childs_consent_needs_a_guardian(api, worker):
    child, _ = _registered(name="Phan Văn Nhỏ", birth_date=local_today() - timedelta(days=365 * 10))
    url = f"/api/v1/people/{child.id}/consents"
    response = api.post(url, json={"scope": "disclosure", "given_on": TODAY, "subject_agreed": True}, headers=worker)
    assert response.status_code == 422 and response.json["errors"] == {"guardian_agreed": ["guardian_needed"]}
    response = api.post(url, headers=worker, json={"scope": "disclosure", "given_on": TODAY, "subject_agreed": True,
                                                   "guardian_agreed": True})
    assert response.json["errors"] == {"guardian_name": ["guardian_name_needed"]}
    response = api.post(url, headers=worker, json={
        "scope": "disclosure", "given_on": TODAY, "subject_agreed": True, "guardian_agreed": True,
        "guardian_name": "Phan Thị Mẹ", "guardian_relationship": "parent"})
    assert response.status_code == 201 and response.json["guardian_relationship"] == "parent"


def test_consent_out_of_scope_is_404(api, stranger):
    person, _ = _registered()
    consent = people.record_consent(person, actor=None, scope=people.ConsentScope.SERVICES, given_on=local_today(),
                                    subject_agreed=True, guardian_agreed=False)
    db.session.commit()
    assert api.get(f"/api/v1/people/{person.id}/consents", headers=stranger).status_code == 404
    assert api.post(f"/api/v1/people/{person.id}/consents", json={}, headers=stranger).status_code == 404
    assert api.post(f"/api/v1/consents/{consent.id}/withdraw", headers=stranger).status_code == 404


# Editing a case ---------------------------------------------------------------------------------

def test_a_case_is_edited_with_its_version(api, worker):
    _, opened = _registered()
    url = f"/api/v1/cases/{opened.id}"
    response = api.patch(url, json={"version": opened.version, "summary": "Nhà sập một phần", "risk_level": "high"},
                         headers=worker)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["summary"] == "Nhà sập một phần" and body["risk_level"] == "high"
    assert body["needs"] == ["housing"] and body["version"] > opened.version  # needs not sent: kept
    stale = api.patch(url, json={"version": opened.version, "summary": "cũ"}, headers=worker)
    assert stale.status_code == 409 and stale.json["errors"] == {"version": ["edit_conflict"]}
    assert api.patch(url, json={"summary": "no version"}, headers=worker).status_code == 422


def test_a_manager_may_read_but_not_edit_a_case(api, token_for):
    _, opened = _registered()
    manager = token_for(Role.PROVINCIAL_MANAGER, KH)[1]
    assert api.get(f"/api/v1/cases/{opened.id}/timeline", headers=manager).status_code == 200
    assert api.patch(f"/api/v1/cases/{opened.id}", json={"version": 1}, headers=manager).status_code == 403
    assert api.post(f"/api/v1/cases/{opened.id}/plan", json={}, headers=manager).status_code == 403


# Plan -------------------------------------------------------------------------------------------

def test_plan_items_are_added_listed_and_updated(api, worker):
    _, opened = _registered()
    url = f"/api/v1/cases/{opened.id}/plan"
    later = api.post(url, headers=worker, json={"goal": "Sửa mái nhà", "service": "livelihood_capital",
                                                "due_on": (local_today() + timedelta(days=30)).isoformat()})
    assert later.status_code == 201, later.json
    sooner = api.post(url, headers=worker, json={"goal": "Tư vấn", "service": "counselling", "responsible": "Chị Lan",
                                                 "due_on": TODAY})
    undated = api.post(url, headers=worker, json={"goal": "Theo dõi", "service": "other"})
    assert [i["goal"] for i in api.get(url, headers=worker).json] == ["Tư vấn", "Sửa mái nhà", "Theo dõi"]
    response = api.patch(f"{url}/{sooner.json['id']}", json={"status": "done"}, headers=worker)
    assert response.status_code == 200 and response.json["status"] == "done"
    assert api.patch(f"{url}/{undated.json['id']}", json={"status": "finished"}, headers=worker).status_code == 422
    blank = api.post(url, json={"goal": "   ", "service": "other"}, headers=worker)
    assert blank.status_code == 422 and blank.json["errors"] == {"goal": ["goal_required"]}
    unknown = api.post(url, json={"goal": "X", "service": "teleportation"}, headers=worker)
    assert unknown.status_code == 422 and "service" in unknown.json["errors"]["json"]


def test_a_plan_item_of_another_case_is_404(api, worker):
    _, first = _registered()
    _, second = _registered(name="Lê Thị Khác")
    item = api.post(f"/api/v1/cases/{first.id}/plan", json={"goal": "Tư vấn", "service": "counselling"},
                    headers=worker).json
    response = api.patch(f"/api/v1/cases/{second.id}/plan/{item['id']}", json={"status": "done"}, headers=worker)
    assert response.status_code == 404


# Emergency --------------------------------------------------------------------------------------

def test_the_emergency_action_is_recorded_once(api, worker):
    person, _ = _registered()
    urgent = cases.open_case(person, actor=None, unit=unit(KH_WARD_A), source=CaseSource.HOTLINE_111, needs=[],
                             summary="", emergency=True)
    db.session.commit()
    url = f"/api/v1/cases/{urgent.id}/emergency-action"
    assert api.post(url, json={"note": "  "}, headers=worker).json["errors"] == {"note": ["note_required"]}
    response = api.post(url, json={"note": "Đưa trẻ đến nơi an toàn"}, headers=worker)
    assert response.status_code == 200, response.json
    assert response.json["emergency_pending"] is False and response.json["emergency_acted_at"]
    again = api.post(url, json={"note": "Lần nữa"}, headers=worker)
    assert again.status_code == 422 and again.json["errors"] == {"_schema": ["not_pending_emergency"]}


# Attachments ------------------------------------------------------------------------------------

def test_a_file_is_uploaded_listed_and_downloaded_with_an_audit(api, token_for):
    user, headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    _, opened = _registered()
    response = _upload(api, headers, opened.id)
    assert response.status_code == 201, response.json
    uploaded = response.json
    assert uploaded["content_type"] == "application/pdf" and uploaded["size"] == len(PDF)
    assert uploaded["original_name"] == "giấy đồng ý.pdf" and "stored_name" not in uploaded
    listed = api.get(f"/api/v1/cases/{opened.id}/attachments", headers=headers).json
    assert [a["id"] for a in listed] == [uploaded["id"]]

    download = api.get(f"/api/v1/attachments/{uploaded['id']}", headers=headers)
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "attachment_download")).all()
    assert [(row.actor_id, row.entity_id, row.changes) for row in rows] == [
        (user.id, opened.id, {"attachment": uploaded["id"]})]


def test_only_pdf_and_images_are_kept(api, worker):
    _, opened = _registered()
    response = _upload(api, worker, opened.id, data=b"MZ\x90\x00 not a document", name="report.pdf")
    assert response.status_code == 422 and response.json["errors"] == {"file": ["bad_type"]}
    empty = _upload(api, worker, opened.id, data=b"", name="empty.pdf")
    assert empty.status_code == 422 and empty.json["errors"] == {"file": ["empty"]}
    as_text = api.post(f"/api/v1/cases/{opened.id}/attachments", headers=worker, content_type="multipart/form-data",
                       data={"kind": "photo", "file": "not a file part"})
    assert as_text.status_code == 422 and "file" in as_text.json["errors"]["files"]
    no_kind = api.post(f"/api/v1/cases/{opened.id}/attachments", headers=worker,
                       content_type="multipart/form-data", data={"file": (io.BytesIO(PDF), "a.pdf")})
    assert no_kind.status_code == 422 and "kind" in no_kind.json["errors"]["files"]
    assert api.get(f"/api/v1/cases/{opened.id}/attachments", headers=worker).json == []


def test_a_file_over_10_mib_is_refused(api, worker):
    _, opened = _registered()

    def upload(size: int):
        # Encoded in memory: the test client would spool a large body to a temporary file it never closes.
        boundary, body = encode_multipart({"kind": "document",
                                           "file": FileStorage(io.BytesIO(PDF + b"0" * size), "big.pdf")})
        return api.post(f"/api/v1/cases/{opened.id}/attachments", headers=worker, data=body,
                        content_type=f'multipart/form-data; boundary="{boundary}"')

    response = upload(10 * 1024 * 1024)
    assert response.status_code == 422 and response.json["errors"] == {"file": ["too_large"]}
    response = upload(11 * 1024 * 1024)
    assert response.status_code == 413 and response.json["code"] == 413  # refused before it is read


def test_files_out_of_scope_are_404(api, worker, stranger):
    _, opened = _registered()
    uploaded = _upload(api, worker, opened.id).json
    assert api.get(f"/api/v1/attachments/{uploaded['id']}", headers=stranger).status_code == 404
    assert api.get(f"/api/v1/cases/{opened.id}/attachments", headers=stranger).status_code == 404
    assert _upload(api, stranger, opened.id).status_code == 404
    assert _audited("attachment_download", opened.id) == 0


# Closure, transfer, approvals -------------------------------------------------------------------

def test_closure_is_requested_approved_by_another_supervisor_and_reopened(api, worker, token_for):
    _, opened = _registered()
    response = api.post(f"/api/v1/cases/{opened.id}/closure-request", json={"reason": "goals_met", "note": "Ổn"},
                        headers=worker)
    assert response.status_code == 201, response.json
    request_id = response.json["id"]
    assert response.json["status"] == "pending" and response.json["closure_reason"] == "goals_met"
    again = api.post(f"/api/v1/cases/{opened.id}/closure-request", json={"reason": "other"}, headers=worker)
    assert again.status_code == 422 and again.json["errors"] == {"_schema": ["already_requested"]}

    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    queue = api.get("/api/v1/approvals", headers=supervisor).json
    assert [(r["id"], r["case_number"], r["can_decide"]) for r in queue] == [(request_id, opened.number, True)]
    decided = api.post(f"/api/v1/approvals/{request_id}/decision", json={"approve": True}, headers=supervisor)
    assert decided.status_code == 200 and decided.json["status"] == "approved"
    assert decided.json["can_decide"] is False and api.get("/api/v1/approvals", headers=supervisor).json == []
    assert api.get(f"/api/v1/cases/{opened.id}", headers=worker).json["status"] == "closed"
    twice = api.post(f"/api/v1/approvals/{request_id}/decision", json={"approve": True}, headers=supervisor)
    assert twice.json["errors"] == {"_schema": ["already_decided"]}

    url = f"/api/v1/cases/{opened.id}/reopen"
    assert api.post(url, json={"reason": " "}, headers=worker).json["errors"] == {"reason": ["reason_required"]}
    reopened = api.post(url, json={"reason": "Gia đình lại gặp khó khăn"}, headers=worker)
    assert reopened.status_code == 200 and reopened.json["status"] == "review"
    not_closed = api.post(url, json={"reason": "Lần nữa"}, headers=worker)
    assert not_closed.status_code == 422 and not_closed.json["errors"] == {"_schema": ["not_closed"]}


def test_a_supervisor_cannot_approve_their_own_request(api, token_for):
    _, opened = _registered()
    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    request_id = api.post(f"/api/v1/cases/{opened.id}/closure-request", json={"reason": "moved_away"},
                          headers=supervisor).json["id"]
    assert api.get("/api/v1/approvals", headers=supervisor).json[0]["can_decide"] is False
    response = api.post(f"/api/v1/approvals/{request_id}/decision", json={"approve": True}, headers=supervisor)
    assert response.status_code == 422 and response.json["errors"] == {"_schema": ["self_approval"]}
    db.session.expire_all()
    assert db.session.get(Case, opened.id).is_open


def test_a_refusal_needs_a_comment(api, worker, token_for):
    _, opened = _registered()
    request_id = api.post(f"/api/v1/cases/{opened.id}/closure-request", json={"reason": "other"},
                          headers=worker).json["id"]
    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    url = f"/api/v1/approvals/{request_id}/decision"
    response = api.post(url, json={"approve": False}, headers=supervisor)
    assert response.status_code == 422 and response.json["errors"] == {"comment": ["comment_required"]}
    response = api.post(url, json={"approve": False, "comment": "Chưa đạt mục tiêu"}, headers=supervisor)
    assert response.status_code == 200 and response.json["status"] == "refused"
    assert response.json["decision_comment"] == "Chưa đạt mục tiêu"


def test_approvals_are_for_supervisors_of_the_area(api, worker, token_for):
    _, opened = _registered()
    request_id = api.post(f"/api/v1/cases/{opened.id}/closure-request", json={"reason": "other"},
                          headers=worker).json["id"]
    assert api.get("/api/v1/approvals", headers=worker).status_code == 403
    assert api.post(f"/api/v1/approvals/{request_id}/decision", json={"approve": True},
                    headers=worker).status_code == 403
    far_away = token_for(Role.SUPERVISOR, "01")[1]
    assert api.get("/api/v1/approvals", headers=far_away).json == []
    assert api.post(f"/api/v1/approvals/{request_id}/decision", json={"approve": True},
                    headers=far_away).status_code == 404


def test_a_transfer_moves_the_case_once_approved(api, worker, token_for):
    _, opened = _registered()
    url = f"/api/v1/cases/{opened.id}/transfer-request"
    unknown = api.post(url, json={"target_unit_code": "nowhere"}, headers=worker)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"target_unit_code": ["unknown_code"]}
    same = api.post(url, json={"target_unit_code": KH_WARD_A}, headers=worker)
    assert same.status_code == 422 and same.json["errors"] == {"target_unit_code": ["same_unit"]}
    response = api.post(url, json={"target_unit_code": KH_WARD_B, "note": "Chuyển nhà"}, headers=worker)
    assert response.status_code == 201 and response.json["target_unit_code"] == KH_WARD_B
    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    assert api.post(f"/api/v1/approvals/{response.json['id']}/decision", json={"approve": True},
                    headers=supervisor).status_code == 200
    assert api.get(f"/api/v1/cases/{opened.id}", headers=supervisor).json["org_unit_id"] == unit(KH_WARD_B).id
    assert api.get(f"/api/v1/cases/{opened.id}", headers=worker).status_code == 404  # no longer ward A's


# Assignment -------------------------------------------------------------------------------------

def test_a_supervisor_assigns_a_case_to_a_worker_who_may_hold_it(api, token_for, make_user):
    _, opened = _registered()
    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    local = make_user(Role.COLLABORATOR, KH_WARD_A)
    url = f"/api/v1/cases/{opened.id}/assignment"
    response = api.post(url, json={"user_id": local.id}, headers=supervisor)
    assert response.status_code == 200 and response.json["assigned_to_id"] == local.id
    retired = make_user(Role.COLLABORATOR, KH_WARD_A)
    retired.active = False
    db.session.commit()
    for unfit in (make_user(Role.COLLABORATOR, KH_WARD_B), make_user(Role.COLLABORATOR, HN_WARD),
                  make_user(Role.PROVINCIAL_MANAGER, KH), retired):
        response = api.post(url, json={"user_id": unfit.id}, headers=supervisor)
        assert response.status_code == 422 and response.json["errors"] == {"user_id": ["bad_assignee"]}, unfit
    assert api.post(url, json={"user_id": 2**31 - 1}, headers=supervisor).json["errors"] == {
        "user_id": ["bad_assignee"]}
    worker = token_for(Role.COLLABORATOR, KH_WARD_A)[1]
    assert api.post(url, json={"user_id": local.id}, headers=worker).status_code == 403


# Timeline ---------------------------------------------------------------------------------------

def test_the_timeline_lists_what_happened_in_order(api, token_for):
    user, headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    _, opened = _registered()
    api.post(f"/api/v1/cases/{opened.id}/notes", headers=headers,
             json={"kind": "phone", "occurred_on": TODAY, "body": "Đã gọi"})
    api.post(f"/api/v1/cases/{opened.id}/plan", headers=headers, json={"goal": "Tư vấn", "service": "counselling"})
    response = api.get(f"/api/v1/cases/{opened.id}/timeline", headers=headers)
    assert response.status_code == 200
    assert [e["kind"] for e in response.json] == ["opened", "note", "plan_item"]
    assert response.json[1]["actor_id"] == user.id and response.json[1]["actor_name"] == user.full_name
    assert response.json[1]["detail"] == {"kind": "phone"}
    assert _audited("case_view", opened.id) == 1


# Scope ------------------------------------------------------------------------------------------

CASE_CALLS = [
    ("PATCH", "/api/v1/cases/{case}", {"version": 1}),
    ("GET", "/api/v1/cases/{case}/plan", None),
    ("POST", "/api/v1/cases/{case}/plan", {"goal": "x", "service": "other"}),
    ("PATCH", "/api/v1/cases/{case}/plan/{item}", {"status": "done"}),
    ("POST", "/api/v1/cases/{case}/emergency-action", {"note": "x"}),
    ("GET", "/api/v1/cases/{case}/attachments", None),
    ("GET", "/api/v1/attachments/{attachment}", None),
    ("POST", "/api/v1/cases/{case}/closure-request", {"reason": "other"}),
    ("POST", "/api/v1/cases/{case}/transfer-request", {"target_unit_code": KH_WARD_B}),
    ("POST", "/api/v1/cases/{case}/reopen", {"reason": "x"}),
    ("GET", "/api/v1/cases/{case}/timeline", None),
]


@pytest.mark.parametrize(("method", "template", "body"), CASE_CALLS, ids=[f"{m} {t}" for m, t, _ in CASE_CALLS])
def test_a_collaborator_of_another_commune_gets_404(api, worker, stranger, method, template, body):
    _, opened = _registered()
    item = api.post(f"/api/v1/cases/{opened.id}/plan", json={"goal": "Tư vấn", "service": "counselling"},
                    headers=worker).json
    attachment = _upload(api, worker, opened.id).json
    url = template.format(case=opened.id, item=item["id"], attachment=attachment["id"])
    response = api.open(url, method=method, json=body, headers=stranger)
    assert response.status_code == 404 and response.json["code"] == 404
    owner = api.open(url, method=method, json=body, headers=worker)
    assert owner.status_code not in (403, 404)  # the owner reaches it (a refused step is a 422)
    owner.close()


def test_the_openapi_document_describes_the_case_work_endpoints(api):
    spec = api.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert {"/api/v1/people/{person_id}/household", "/api/v1/households/{household_id}/members",
            "/api/v1/people/{person_id}/consents", "/api/v1/consents/{consent_id}/withdraw",
            "/api/v1/cases/{case_id}/plan", "/api/v1/cases/{case_id}/plan/{item_id}",
            "/api/v1/cases/{case_id}/emergency-action", "/api/v1/cases/{case_id}/attachments",
            "/api/v1/attachments/{attachment_id}", "/api/v1/cases/{case_id}/closure-request",
            "/api/v1/cases/{case_id}/transfer-request", "/api/v1/approvals",
            "/api/v1/approvals/{request_id}/decision", "/api/v1/cases/{case_id}/reopen",
            "/api/v1/cases/{case_id}/assignment", "/api/v1/cases/{case_id}/timeline"} <= set(paths)
    assert set(paths["/api/v1/cases/{case_id}"]) >= {"get", "patch"}
    upload = paths["/api/v1/cases/{case_id}/attachments"]["post"]
    body = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    schema = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert set(schema["required"]) == {"file", "kind"}
    assert all(p["in"] in {"path", "query", "header", "cookie"} for p in upload.get("parameters", []))
    assert "application/pdf" in paths["/api/v1/attachments/{attachment_id}"]["get"]["responses"]["200"]["content"]
