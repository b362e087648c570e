"""Bulk reassignment: every selected case moves, or none does."""

import pytest
from sqlalchemy import func, select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases.models import Case
from casework.extensions import db
from casework.referrals.models import Notification
from casework.supervision import service
from tests.conftest import HN_WARD, KH_WARD_A, KH_WARD_B


def test_a_bulk_reassignment_of_250_cases_through_the_case_list_moves_all_250(
        app, client, login, worker, colleague, supervisor, open_case):
    made = [open_case() for _ in range(250)]
    db.session.commit()
    login(supervisor)
    ids = [str(c.id) for c in made]
    step1 = client.post("/supervision/reassign", data={"case_ids": ids})
    assert step1.status_code == 200
    assert f'value="{colleague.id}"' in step1.data.decode()  # a worker who may hold them is offered

    response = client.post("/supervision/reassign", data={"case_ids": ids, "worker": str(colleague.id),
                                                           "confirm": "1"})
    assert response.status_code == 302
    held = db.session.scalar(select(func.count()).select_from(Case).where(Case.id.in_([c.id for c in made]),
                                                                          Case.assigned_to_id == colleague.id))
    assert held == 250
    audited = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case_assign", AuditEvent.entity_id.in_([c.id for c in made])))
    assert audited == 250
    note = db.session.scalar(select(Notification).where(Notification.user_id == colleague.id,
                                                        Notification.kind == "assignment"))
    assert "250" in note.title and made[0].number in note.body


def test_all_cases_matching_the_filters_can_be_reassigned_without_ticking_them(
        app, client, login, worker, colleague, supervisor, open_case):
    made = [open_case() for _ in range(30)]
    db.session.commit()
    login(supervisor)
    data = {"all_matching": "1", "filter_scope": "unit", "worker": str(colleague.id), "confirm": "1"}
    assert client.post("/supervision/reassign", data=data).status_code == 302
    assert all(db.session.get(Case, c.id).assigned_to_id == colleague.id for c in made)


def test_the_whole_batch_is_refused_when_one_case_may_not_go_to_that_worker(
        app, worker, colleague, supervisor, open_case, make_user):
    other_ward_worker = make_user(Role.COLLABORATOR, KH_WARD_B)
    here = [open_case() for _ in range(3)]
    there = open_case(KH_WARD_B, by=other_ward_worker)
    db.session.commit()
    with pytest.raises(service.BatchRefused) as refused:
        service.reassign_cases([*here, there], colleague, actor=supervisor)
    db.session.rollback()
    assert refused.value.refused == [there.number] and refused.value.reason == "cannot_hold"
    assert all(db.session.get(Case, c.id).assigned_to_id == worker.id for c in here)


def test_the_page_explains_a_refused_batch_and_moves_nothing(app, client, login, worker, supervisor, open_case,
                                                             make_user):
    other_ward_worker = make_user(Role.COLLABORATOR, KH_WARD_B)
    here, there = open_case(), open_case(KH_WARD_B, by=other_ward_worker)
    db.session.commit()
    login(supervisor)
    response = client.post("/supervision/reassign", data={"case_ids": [str(here.id), str(there.id)],
                                                           "worker": str(worker.id), "confirm": "1"})
    # worker (ward A) may not hold the ward B case: not offered, and the post is refused
    assert response.status_code == 422
    assert db.session.get(Case, there.id).assigned_to_id == other_ward_worker.id


def test_cases_outside_the_supervisors_area_cannot_be_selected(app, client, login, supervisor, make_user,
                                                               open_case, worker):
    stranger = make_user(Role.COLLABORATOR, HN_WARD)
    theirs = open_case(HN_WARD, by=stranger)
    mine = open_case(KH_WARD_A)
    db.session.commit()
    login(supervisor)
    response = client.post("/supervision/reassign", data={"case_ids": [str(theirs.id), str(mine.id)],
                                                           "worker": str(worker.id), "confirm": "1"})
    assert response.status_code == 302
    assert db.session.get(Case, theirs.id).assigned_to_id == stranger.id


def test_a_worker_cannot_reassign(app, client, login, worker, colleague, open_case):
    case = open_case()
    db.session.commit()
    login(worker)
    response = client.post("/supervision/reassign", data={"case_ids": [str(case.id)], "worker": str(colleague.id),
                                                           "confirm": "1"})
    assert response.status_code == 403
    assert db.session.get(Case, case.id).assigned_to_id == worker.id


def test_a_leaving_workers_whole_caseload_goes_to_a_colleague_from_the_dashboard_link(
        app, client, login, worker, colleague, supervisor, open_case):
    theirs = [open_case() for _ in range(40)]
    kept = open_case(by=colleague)
    db.session.commit()
    login(supervisor)
    dashboard = client.get("/supervision/").data.decode()
    assert f"/cases/?scope=unit&amp;worker={worker.id}" in dashboard
    listed = client.get(f"/cases/?scope=unit&worker={worker.id}").data.decode()
    assert "40 hồ sơ" in listed
    data = {"all_matching": "1", "filter_scope": "unit", "filter_worker": str(worker.id),
            "worker": str(colleague.id), "confirm": "1"}
    assert client.post("/supervision/reassign", data=data).status_code == 302
    assert all(db.session.get(Case, c.id).assigned_to_id == colleague.id for c in theirs)
    assert db.session.get(Case, kept.id).assigned_to_id == colleague.id
    assert db.session.scalar(select(func.count()).select_from(Case).where(Case.assigned_to_id == worker.id)) == 0
