"""The supervision API: bulk reassignment, caseload, supervision notes, reviews."""

from sqlalchemy import func, select

from casework.auth import service as accounts
from casework.auth.models import Role
from casework.cases.models import Case, CaseNote, NoteKind
from casework.core.formatting import local_today
from casework.extensions import db
from tests.conftest import KH_WARD_B


def _headers(user):
    _, clear = accounts.issue_api_token(user, "test", actor=user)
    db.session.commit()
    return {"Authorization": f"Bearer {clear}"}


def test_the_api_reassigns_250_cases_at_once(app, worker, colleague, supervisor, open_case):
    made = [open_case() for _ in range(250)]
    db.session.commit()
    api = app.test_client()
    response = api.post("/api/v1/cases/reassignment", headers=_headers(supervisor),
                        json={"case_ids": [c.id for c in made], "user_id": colleague.id})
    assert response.status_code == 200, response.json
    assert response.json == {"selected": 250, "moved": 250, "assigned_to": colleague.id}
    assert db.session.scalar(select(func.count()).select_from(Case)
                             .where(Case.assigned_to_id == colleague.id)) == 250


def test_the_api_refuses_the_whole_batch_and_names_the_refused_cases(app, worker, supervisor, open_case, make_user):
    there_worker = make_user(Role.COLLABORATOR, KH_WARD_B)
    here, there = open_case(), open_case(KH_WARD_B, by=there_worker)
    db.session.commit()
    response = app.test_client().post("/api/v1/cases/reassignment", headers=_headers(supervisor),
                                      json={"case_ids": [here.id, there.id], "user_id": worker.id})
    assert response.status_code == 422
    assert response.json["errors"] == {"case_ids": ["cannot_hold"]} and response.json["refused"] == [there.number]
    assert db.session.get(Case, there.id).assigned_to_id == there_worker.id


def test_a_case_outside_the_area_is_refused_as_not_found(app, worker, open_case, make_user):
    other_supervisor = make_user(Role.SUPERVISOR, KH_WARD_B)
    case = open_case()
    db.session.commit()
    response = app.test_client().post("/api/v1/cases/reassignment", headers=_headers(other_supervisor),
                                      json={"case_ids": [case.id], "user_id": other_supervisor.id})
    assert response.status_code == 422 and response.json["errors"] == {"case_ids": ["not_found"]}


def test_caseload_notes_and_reviews_through_the_api(app, worker, supervisor, open_case):
    case = open_case()
    db.session.commit()
    api, headers = app.test_client(), _headers(supervisor)
    load = api.get("/api/v1/supervision/caseload", headers=headers).json
    assert load[0]["worker_id"] == worker.id and load[0]["total"] == 1 and load[0]["by_status"] == {"intake": 1}
    note = api.post(f"/api/v1/cases/{case.id}/supervision-notes", headers=headers,
                    json={"occurred_on": local_today().isoformat(), "body": "Rà soát kế hoạch hỗ trợ."})
    assert note.status_code == 201 and note.json["kind"] == "supervision"
    assert db.session.scalar(select(CaseNote.kind).where(CaseNote.case_id == case.id)) == NoteKind.SUPERVISION
    today = local_today()
    review = {"year": today.year, "half": 1 if today.month <= 6 else 2, "reviewed_on": today.isoformat(),
              "rating": "excellent", "notes": "", "actions": "Chia sẻ kinh nghiệm cho xã bạn."}
    assert api.post(f"/api/v1/users/{worker.id}/reviews", headers=headers, json=review).status_code == 201
    again = api.post(f"/api/v1/users/{worker.id}/reviews", headers=headers, json=review)
    assert again.status_code == 422 and again.json["errors"] == {"half": ["review_exists"]}
    listed = api.get(f"/api/v1/users/{worker.id}/reviews", headers=headers).json
    assert [r["rating"] for r in listed] == ["excellent"]


def test_a_worker_may_not_use_the_supervision_api(app, worker, colleague, open_case):
    case = open_case()
    db.session.commit()
    api, headers = app.test_client(), _headers(worker)
    assert api.get("/api/v1/supervision/caseload", headers=headers).status_code == 403
    assert api.post("/api/v1/cases/reassignment", headers=headers,
                    json={"case_ids": [case.id], "user_id": colleague.id}).status_code == 403
    assert api.get(f"/api/v1/users/{colleague.id}/reviews", headers=headers).status_code == 403
