"""The people and cases API: same services, same scope, same audit as the pages."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.transport.wsgi import WSGI_TRANSPORT
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import attachments
from casework.cases import service as cases
from casework.cases.models import AttachmentKind, Case, CaseSource, ClosureReason
from casework.core.formatting import local_today
from casework.extensions import db
from casework.people import service as people
from casework.people.models import ConsentScope
from tests.conftest import HN_WARD, KH, KH_WARD_A, KH_WARD_B, unit

CCCD = "079203001234"  # born 2003, male



def _person(api, headers, **fields):
    body = {"full_name": "Trần Thị Bình", "sex": "female", "birth_date": "1990-04-02", **fields}
    return api.post("/api/v1/people", json=body, headers=headers)


def _case(api, headers, person_id, **fields):
    body = {"person_id": person_id, "source": "commune", "needs": ["housing"], "summary": "Cần hỗ trợ",
            **fields}
    return api.post("/api/v1/cases", json=body, headers=headers)


def _registered(unit_code: str, name: str = "Lê Văn Cường", **fields):
    """A person and their case made directly with the services, as another unit's worker would."""
    home = unit(unit_code)
    person = people.create_person(people.PersonData(full_name=name, **fields), actor=None, unit=home,
                                  today=local_today(), allow_similar=True)
    opened = cases.open_case(person, actor=None, unit=home, source=CaseSource.POLICE, needs=[], summary="")
    db.session.commit()
    return person, opened


def _audited(action: str, entity_id: int) -> int:
    return len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity_id == entity_id)).all())


# People -----------------------------------------------------------------------------------------

def test_a_person_is_registered_and_read_back(api, worker):
    response = _person(api, worker, id_type="cccd", id_number=CCCD, home_commune_code=KH_WARD_A,
                       categories=["ND20-5.4"], phone="+84 912 345 678")
    assert response.status_code == 201, response.json
    created = response.json
    assert created["version"] == 1 and created["categories"] == ["ND20-5.4"]
    assert created["home_commune_code"] == KH_WARD_A and created["phone"] == "0912345678"
    assert _person(api, worker, full_name="Ngô Văn Phú").json["home_commune_code"] == KH_WARD_A  # own commune
    assert _person(api, worker, full_name="Ngô Văn Quý", home_commune_code=None).json["home_commune_code"] is None
    body = api.get(f"/api/v1/people/{created['id']}", headers=worker).json
    assert body["full_name"] == "Trần Thị Bình" and body["birth_year"] == 1990
    assert body["org_unit_id"] == unit(KH_WARD_A).id


def test_the_same_cccd_is_refused(api, worker):
    assert _person(api, worker, id_type="cccd", id_number=CCCD).status_code == 201
    response = _person(api, worker, full_name="Người Khác Hẳn", id_type="cccd", id_number=CCCD)
    assert response.status_code == 422
    assert response.json["errors"] == {"id_number": ["id_taken"]}
    assert response.json["code"] == 422 and response.json["message"]


def test_a_similar_person_asks_first_unless_allowed(api, worker):
    first = _person(api, worker, home_commune_code=KH_WARD_A).json
    response = _person(api, worker, full_name="TRAN THI BINH", home_commune_code=KH_WARD_A)
    assert response.status_code == 422
    assert response.json["errors"] == {"full_name": ["similar_people"]}
    assert [c["id"] for c in response.json["candidates"]] == [first["id"]]
    assert response.json["hidden_candidates"] == 0
    again = _person(api, worker, full_name="TRAN THI BINH", home_commune_code=KH_WARD_A, allow_similar=True)
    assert again.status_code == 201


def test_similar_people_out_of_scope_are_counted_not_shown(app, api, token_for):
    # Registered by ward B, living in ward A: ward A's worker learns only that someone exists.
    _registered(KH_WARD_B, "Phạm Thị Dung", birth_date=date(1985, 1, 1), home_commune=unit(KH_WARD_A))
    headers = token_for(Role.COLLABORATOR, KH_WARD_A)[1]
    response = _person(api, headers, full_name="Phạm Thị Dung", birth_date="1985-01-01")
    assert response.status_code == 422
    assert response.json["candidates"] == [] and response.json["hidden_candidates"] == 1


def test_an_update_needs_the_current_version(api, worker):
    created = _person(api, worker).json
    url = f"/api/v1/people/{created['id']}"
    response = api.patch(url, json={"version": 1, "phone": "0912345678"}, headers=worker)
    assert response.status_code == 200, response.json
    assert response.json["phone"] == "0912345678" and response.json["version"] == 2
    assert response.json["full_name"] == "Trần Thị Bình"  # fields not sent are kept
    stale = api.patch(url, json={"version": 1, "phone": "0987654321"}, headers=worker)
    assert stale.status_code == 409
    assert stale.json["errors"] == {"version": ["edit_conflict"]}
    assert api.get(url, headers=worker).json["phone"] == "0912345678"


def test_a_home_commune_is_any_commune_but_must_be_a_commune(api, worker):
    response = _person(api, worker, home_commune_code=HN_WARD)  # lives elsewhere, registered here
    assert response.status_code == 201 and response.json["home_commune_code"] == HN_WARD
    response = _person(api, worker, home_commune_code=KH)
    assert response.json["errors"] == {"home_commune_code": ["unknown_code"]}


def test_service_refusals_name_the_field(api, worker):
    response = _person(api, worker, id_type="cccd", id_number="123")
    assert response.status_code == 422 and response.json["errors"] == {"id_number": ["cccd_format"]}
    response = _person(api, worker, categories=["NOT-A-CODE"])
    assert response.json["errors"] == {"categories": ["unknown_code"]}


@pytest.mark.parametrize("field", ["full_name", "address_detail", "id_number"])
def test_nul_characters_are_refused_before_the_database(api, worker, field):
    response = _person(api, worker, **{field: "Trần\x00Bình"})
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_search_finds_people_in_scope_only(api, token_for):
    _registered(KH_WARD_A, "Nguyễn Thị Tiếp")
    _registered(KH_WARD_B, "Nguyễn Thị Tiến")
    _registered(HN_WARD, "Nguyễn Thị Tiệp")
    headers = token_for(Role.COLLABORATOR, KH_WARD_A)[1]
    body = api.get("/api/v1/people?q=nguyen thi tie", headers=headers).json
    assert [p["full_name"] for p in body["items"]] == ["Nguyễn Thị Tiếp"]
    body = api.get("/api/v1/people", headers=headers).json
    assert [p["full_name"] for p in body["items"]] == ["Nguyễn Thị Tiếp"] and body["total"] == 1
    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    body = api.get("/api/v1/people?q=tie", headers=supervisor).json
    assert sorted(p["full_name"] for p in body["items"]) == ["Nguyễn Thị Tiến", "Nguyễn Thị Tiếp"]


def test_a_search_needs_three_letters(api, worker):
    response = api.get("/api/v1/people?q=ng", headers=worker)
    assert response.status_code == 422
    assert "q" in response.json["errors"]["query"]


def test_a_person_out_of_scope_is_404(api, worker):
    person, _ = _registered(KH_WARD_B)
    assert api.get(f"/api/v1/people/{person.id}", headers=worker).status_code == 404
    response = api.patch(f"/api/v1/people/{person.id}", json={"version": 1}, headers=worker)
    assert response.status_code == 404


# Cases ------------------------------------------------------------------------------------------

def test_a_case_is_opened_and_read(api, worker):
    child = _person(api, worker, full_name="Đặng Văn Em", birth_date=str(local_today() - timedelta(days=3000))).json
    response = _case(api, worker, child["id"], emergency=True, risk_level="high")
    assert response.status_code == 201, response.json
    opened = response.json
    assert opened["number"].startswith("KH-") and opened["status"] == "intake"
    assert opened["emergency_deadline"] and opened["emergency_pending"] is True
    assert opened["plan_due_on"] and opened["next_statuses"] == ["assessment"]
    body = api.get(f"/api/v1/cases/{opened['id']}", headers=worker).json
    assert body["number"] == opened["number"] and body["person"]["id"] == child["id"]
    assert body["version"] == opened["version"]


def test_a_case_needs_a_person_in_scope(api, worker):
    person, _ = _registered(HN_WARD)
    response = _case(api, worker, person.id)
    assert response.status_code == 422 and response.json["errors"] == {"person_id": ["not_found"]}


def test_a_step_the_process_forbids_is_refused_with_its_code(api, worker):
    person = _person(api, worker).json
    opened = _case(api, worker, person["id"]).json
    url = f"/api/v1/cases/{opened['id']}/status"
    response = api.post(url, json={"to": "in_progress", "version": opened["version"]}, headers=worker)
    assert response.status_code == 422
    assert response.json["errors"] == {"_schema": ["illegal_step"]}
    response = api.post(url, json={"to": "assessment", "version": opened["version"]}, headers=worker)
    assert response.status_code == 200 and response.json["status"] == "assessment"
    response = api.post(url, json={"to": "planning", "version": response.json["version"]}, headers=worker)
    assert response.json["errors"] == {"_schema": ["needs_assessment"]}


def test_a_stale_version_is_a_conflict(api, worker):
    person = _person(api, worker).json
    opened = _case(api, worker, person["id"]).json
    url = f"/api/v1/cases/{opened['id']}/status"
    assert api.post(url, json={"to": "assessment", "version": opened["version"]}, headers=worker).status_code == 200
    response = api.post(url, json={"to": "assessment", "version": opened["version"]}, headers=worker)
    assert response.status_code == 409
    assert response.json["errors"] == {"version": ["edit_conflict"]} and response.json["status"] == "Conflict"


def test_notes_and_assessments_are_recorded(api, worker):
    person = _person(api, worker).json
    opened = _case(api, worker, person["id"]).json
    note = api.post(f"/api/v1/cases/{opened['id']}/notes", headers=worker,
                    json={"kind": "home_visit", "occurred_on": local_today().isoformat(), "body": "Đã thăm nhà"})
    assert note.status_code == 201 and note.json["kind"] == "home_visit"
    ratings = [{"domain": "safety", "level": "medium"}, {"domain": "health", "level": "high", "note": "ốm"}]
    assessment = api.post(f"/api/v1/cases/{opened['id']}/assessments", headers=worker,
                          json={"kind": "initial", "assessed_on": local_today().isoformat(), "ratings": ratings})
    assert assessment.status_code == 201, assessment.json
    assert assessment.json["overall_risk"] == "high" and len(assessment.json["ratings"]) == 2
    body = api.get(f"/api/v1/cases/{opened['id']}", headers=worker).json
    assert body["status"] == "assessment" and body["risk_level"] == "high"
    empty = api.post(f"/api/v1/cases/{opened['id']}/assessments", headers=worker,
                     json={"kind": "review", "assessed_on": local_today().isoformat(), "ratings": []})
    assert empty.status_code == 422 and empty.json["errors"] == {"ratings": ["ratings_required"]}


def test_a_collaborator_of_another_commune_gets_404(api, token_for):
    _, opened = _registered(KH_WARD_A)
    stranger = token_for(Role.COLLABORATOR, KH_WARD_B)[1]
    assert api.get(f"/api/v1/cases/{opened.id}", headers=stranger).status_code == 404
    response = api.post(f"/api/v1/cases/{opened.id}/status", json={"to": "assessment", "version": 1},
                        headers=stranger)
    assert response.status_code == 404
    response = api.post(f"/api/v1/cases/{opened.id}/notes", json={}, headers=stranger)
    assert response.status_code == 404  # scope is decided before the body is read
    assert api.get("/api/v1/cases", headers=stranger).json["total"] == 0


def test_roles_without_the_permission_get_403(api, token_for):
    _, opened = _registered(KH_WARD_A)
    admin = token_for(Role.ADMIN, "VN")[1]
    assert api.get("/api/v1/cases", headers=admin).status_code == 403
    assert api.get(f"/api/v1/cases/{opened.id}", headers=admin).status_code == 403
    manager = token_for(Role.PROVINCIAL_MANAGER, KH)[1]
    assert api.get(f"/api/v1/cases/{opened.id}", headers=manager).status_code == 200
    response = api.post(f"/api/v1/cases/{opened.id}/notes", json={}, headers=manager)
    assert response.status_code == 403
    assert _person(api, manager).status_code == 403


def test_cases_are_listed_pending_emergencies_first(api, token_for):
    _, calm = _registered(KH_WARD_A, "Võ Văn Một")
    _, urgent = _registered(KH_WARD_B, "Võ Văn Hai")
    urgent.emergency, urgent.emergency_deadline = True, urgent.last_activity_at + timedelta(hours=12)
    _registered(HN_WARD, "Võ Văn Ba")
    db.session.commit()
    supervisor = token_for(Role.SUPERVISOR, KH)[1]
    body = api.get("/api/v1/cases", headers=supervisor).json
    assert [c["id"] for c in body["items"]] == [urgent.id, calm.id] and body["total"] == 2
    assert body["items"][0]["emergency_pending"] is True
    body = api.get("/api/v1/cases?emergency=false&status=intake", headers=supervisor).json
    assert [c["id"] for c in body["items"]] == [calm.id]
    assert api.get("/api/v1/cases?status=closed", headers=supervisor).json["total"] == 0


def test_every_read_is_audited(api, token_for):
    person, opened = _registered(KH_WARD_A)
    user, headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    assert api.get(f"/api/v1/people/{person.id}", headers=headers).status_code == 200
    assert api.get(f"/api/v1/cases/{opened.id}", headers=headers).status_code == 200
    assert api.get(f"/api/v1/cases/{opened.id}", headers=headers).status_code == 200
    assert _audited("person_view", person.id) == 1
    assert _audited("case_view", opened.id) == 2
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case_view"))
    assert row.actor_id == user.id and row.org_unit_id == unit(KH_WARD_A).id


def test_a_refused_write_leaves_nothing_behind(api, worker):
    person = _person(api, worker).json
    opened = _case(api, worker, person["id"]).json
    before = db.session.get(Case, opened["id"]).version
    api.post(f"/api/v1/cases/{opened['id']}/notes", headers=worker,
             json={"kind": "phone", "occurred_on": "2999-01-01", "body": "tương lai"})
    db.session.expire_all()
    assert db.session.get(Case, opened["id"]).version == before
    assert _audited("case_note_create", opened["id"]) == 0


def test_the_openapi_document_lists_the_new_endpoints(api):
    paths = api.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/people", "/api/v1/people/{person_id}", "/api/v1/cases", "/api/v1/cases/{case_id}",
            "/api/v1/cases/{case_id}/status", "/api/v1/cases/{case_id}/notes",
            "/api/v1/cases/{case_id}/assessments"} <= set(paths)
    assert set(paths["/api/v1/people/{person_id}"]) >= {"get", "patch"}


# Random input, with bodies, by a user who may reach everything ------------------------------------

WORK_PATHS = ("/api/v1/people", "/api/v1/households", "/api/v1/consents", "/api/v1/cases", "/api/v1/attachments",
              "/api/v1/approvals")
DOWNLOAD = "/api/v1/attachments/{attachment_id}"


def _operations():
    from casework import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    spec = app.test_client().get("/api/v1/openapi.json").json
    with app.app_context():
        db.engine.dispose()
    return [op.ok() for op in schemathesis.openapi.from_dict(spec).get_all_operations()
            if op.ok().path.startswith(WORK_PATHS)]


OPERATIONS = _operations()


def _objects(unit_code: str, worker) -> dict:
    """A real object of the unit for every id a path can name, made by a worker of the unit."""
    person, opened = _registered(unit_code)
    consent = people.record_consent(person, actor=worker, scope=ConsentScope.SERVICES, given_on=local_today(),
                                    subject_agreed=True, guardian_agreed=False)
    household = people.create_household(person, actor=worker, unit=unit(unit_code))
    item = cases.add_plan_item(opened, actor=worker, goal="Tư vấn", service="counselling", responsible="",
                               due_on=None)
    upload = FileStorage(io.BytesIO(b"%PDF-1.4\n%fuzz\n"), filename="fuzz.pdf")
    attachment = attachments.save_attachment(opened, upload, actor=worker, kind=AttachmentKind.DOCUMENT)
    approval = cases.request_closure(opened, actor=worker, reason=ClosureReason.OTHER, note="")
    db.session.commit()
    return {"person_id": person.id, "case_id": opened.id, "consent_id": consent.id, "household_id": household.id,
            "item_id": item.id, "attachment_id": attachment.id, "request_id": approval.id}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{o.method.upper()} {o.path}" for o in OPERATIONS])
def test_random_bodies_never_cause_a_server_error(app, api, make_user, token_for, tmp_path, operation, mode):
    """Schemathesis bodies (JSON or multipart) and queries, sent to real objects of the caller's scope.

    A worker of ward A calls the case work; a supervisor of the province the approvals and assignment.
    """
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    objects = _objects(KH_WARD_A, make_user(Role.COLLABORATOR, KH_WARD_A))
    supervises = operation.path.startswith("/api/v1/approvals") or operation.path.endswith("/assignment")
    headers = token_for(Role.SUPERVISOR, KH)[1] if supervises else token_for(Role.COLLABORATOR, KH_WARD_A)[1]
    ids = {name: value for name, value in objects.items() if f"{{{name}}}" in operation.path}

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=ids or None))
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        kwargs = WSGI_TRANSPORT.serialize_case(case, headers=headers)
        response = api.open(kwargs.pop("path"), **kwargs)
        response.close()
        assert response.status_code < 500, (case.formatted_path, case.query, case.body, response.data[:300])
        assert response.is_json or (operation.path == DOWNLOAD and response.status_code == 200)

    check()
