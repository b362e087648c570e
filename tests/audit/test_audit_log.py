"""The audit log: written with each change, browsable by admins, never editable."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casework.audit import service as audit
from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.extensions import db
from tests.conftest import HN_WARD, KH, KH_WARD_A


def test_a_change_and_its_audit_row_commit_or_roll_back_together(app, make_user):
    from casework.auth import service

    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    before = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    service.update_user(user, actor=user, full_name="Tên mới")
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent)) == before
    db.session.expire_all()
    assert user.full_name != "Tên mới"


def test_the_app_refuses_to_change_or_delete_an_audit_event(app, make_user):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    event = audit.record("view", actor=user, entity=user)
    db.session.commit()
    event.summary = "rewritten"
    with pytest.raises(audit.AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(audit.AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_change_audit_events(app, make_user, statement):
    make_user(Role.COLLABORATOR, KH_WARD_A)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(text(statement))


def test_an_admin_filters_the_log_by_action_and_user(client, login_as, make_user, login):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    login(worker, "wrong-password")
    login_as(Role.ADMIN, "VN")
    html = client.get(f"/audit/?action=login_failed&username={worker.username}").data.decode()
    assert "(login_failed)</td>" in html and worker.username in html
    assert "(login)</td>" not in html
    html = client.get("/audit/?action=account_locked").data.decode()
    assert "Không có mục nào phù hợp với bộ lọc." in html


def test_audit_filter_rejects_a_bad_date_with_a_message(client, login_as):
    login_as(Role.ADMIN, "VN")
    response = client.get("/audit/?date_from=31/02/2026")
    assert response.status_code == 422
    assert 'id="date_from-error"' in response.data.decode()


def test_a_provincial_manager_sees_only_events_of_their_province(client, login_as, make_user, login):
    inside = make_user(Role.COLLABORATOR, KH_WARD_A)
    outside = make_user(Role.COLLABORATOR, HN_WARD)
    login(inside, "wrong-password")
    login(outside, "wrong-password")
    login_as(Role.PROVINCIAL_MANAGER, KH)
    html = client.get("/audit/?action=login_failed").data.decode()
    assert inside.username in html
    assert outside.username not in html
