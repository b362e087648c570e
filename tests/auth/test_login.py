"""Login, lockout, rate limiting, logout and redirects."""

from datetime import timedelta

from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.auth.models import Role, User
from casework.db import utcnow
from casework.extensions import db
from tests.conftest import KH, KH_WARD_A, PASSWORD


def _attempts(user):
    return db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    ).all()


def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/login")
    html = response.data.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập Casework" in html
    assert '<label for="username">Tên đăng nhập' in html
    assert '<label for="password">Mật khẩu' in html


def test_a_worker_logs_in_and_lands_on_home(client, make_user, login):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    response = login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"
    home = client.get("/home").data.decode()
    assert user.full_name in home
    assert "Phường Nha Trang" in home
    assert _attempts(user)[-1] == "login"


def test_wrong_password_says_so_in_vietnamese_and_keeps_the_username(client, make_user, login):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    response = login(user, "wrong-password")
    html = response.data.decode()
    assert response.status_code == 422
    assert "Sai tên đăng nhập hoặc mật khẩu." in html
    assert f'value="{user.username}"' in html
    assert _attempts(user) == ["login_failed"]


def test_unknown_username_is_audited_without_an_actor(client, login):
    login("nobody-here", "whatever")
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_id, event.actor_username) == ("login_failed", None, "nobody-here")


def test_six_wrong_passwords_in_a_row_lock_the_account(app, client, make_user, login):
    user = make_user(Role.SUPERVISOR, KH)
    for _ in range(6):
        response = login(user, "wrong-password")
    assert "Tài khoản bị tạm khóa đến" in response.data.decode()
    # While locked, even the right password is refused.
    response = login(user, PASSWORD)
    assert response.status_code == 422
    assert "tạm khóa" in response.data.decode()
    assert client.get("/home").status_code == 302
    actions = _attempts(user)
    assert actions.count("login_failed") == 5
    assert actions.count("account_locked") == 1
    assert actions.count("login_refused_locked") == 2
    # Every one of the seven attempts left a trace.
    assert len([a for a in actions if a.startswith("login")]) == 7
    db.session.expire_all()
    locked = db.session.get(User, user.id)
    assert locked.locked_until > utcnow() + timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"] - 1)


def test_the_lock_lifts_after_its_time(client, make_user, login):
    user = make_user(Role.SUPERVISOR, KH)
    for _ in range(5):
        login(user, "wrong-password")
    db.session.expire_all()
    locked = db.session.get(User, user.id)
    locked.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(user).status_code == 302


def test_a_success_resets_the_failure_count(client, make_user, login):
    user = make_user(Role.SUPERVISOR, KH)
    for _ in range(4):
        login(user, "wrong-password")
    assert login(user).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).failed_logins == 0


def test_deactivated_account_cannot_log_in(client, make_user, login):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    user.active = False
    db.session.commit()
    response = login(user)
    assert response.status_code == 422
    assert "vô hiệu hóa" in response.data.decode()


def test_login_is_rate_limited_per_address(app, client, make_user, login):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    statuses = [login(user, "wrong").status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert "Quá nhiều lần thử".encode() in login(user).data


def test_next_redirect_stays_on_this_site(client, make_user):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    for target, expected in [("/units/", "/units/"), ("//evil.example/x", "/home"),
                             ("https://evil.example/", "/home"), ("/\\evil.example", "/home")]:
        response = client.post(f"/login?next={target}", data={"username": user.username, "password": PASSWORD})
        assert response.headers["Location"] == expected, target
        client.post("/logout")


def test_logout_needs_a_post_and_ends_the_session(client, login_as):
    user = login_as(Role.COLLABORATOR, KH_WARD_A)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout", follow_redirects=True)
    assert "Bạn đã đăng xuất." in response.data.decode()
    assert client.get("/home").status_code == 302
    assert _attempts(user)[-1] == "logout"


def test_pages_need_a_login(client):
    response = client.get("/home")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
