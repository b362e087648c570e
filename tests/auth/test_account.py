"""Password change, language choice and API tokens from the profile page."""

from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.auth.models import ApiToken, Role
from casework.extensions import db
from tests.conftest import KH_WARD_A, PASSWORD


def test_change_password_then_log_in_with_the_new_one(client, login_as, login):
    user = login_as(Role.COLLABORATOR, KH_WARD_A)
    response = client.post("/profile/password", data={
        "pw-current_password": PASSWORD, "pw-new_password": "a-new-long-password", "pw-confirm": "a-new-long-password"},
        follow_redirects=True)
    assert "Đã đổi mật khẩu." in response.data.decode()
    client.post("/logout")
    assert login(user, PASSWORD).status_code == 422
    assert login(user, "a-new-long-password").status_code == 302
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "password_change"))


def test_password_change_errors_are_next_to_their_fields(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    response = client.post("/profile/password", data={
        "pw-current_password": "wrong", "pw-new_password": "short", "pw-confirm": "other"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="pw-new_password-error"' in html and "Dùng ít nhất 10 ký tự." in html
    assert 'id="pw-confirm-error"' in html and "Hai mật khẩu không khớp nhau." in html

    response = client.post("/profile/password", data={
        "pw-current_password": "wrong", "pw-new_password": "long-enough-pw", "pw-confirm": "long-enough-pw"})
    assert 'id="pw-current_password-error"' in response.data.decode()
    assert "Mật khẩu hiện tại không đúng." in response.data.decode()


def test_english_can_be_chosen_and_is_remembered_for_the_user(client, login_as):
    user = login_as(Role.COLLABORATOR, KH_WARD_A)
    client.post("/language/en", data={"next": "/profile"})
    assert "My account" in client.get("/profile").data.decode()
    client.post("/logout")
    client.post("/language/vi")
    # The user's own choice wins once they log in again.
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert "Hello," in client.get("/home").data.decode()
    client.post("/language/vi")
    assert "Xin chào," in client.get("/home").data.decode()


def test_an_api_token_works_until_revoked(app, client, login_as):
    user = login_as(Role.SUPERVISOR, "56")
    response = client.post("/profile/tokens", data={"tok-name": "Báo cáo tỉnh"})
    html = response.data.decode()
    assert "Đã tạo mã truy cập API" in html
    clear = html.split('id="token-value">')[1].split("<")[0]
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_digest != clear and clear not in token.token_digest

    program = app.test_client()  # another program: no browser session, only the token
    headers = {"Authorization": f"Bearer {clear}"}
    assert program.get("/api/v1/me", headers=headers).json["username"] == user.username
    # A token never opens the HTML pages.
    assert program.get("/home", headers=headers).status_code == 302
    assert program.get("/api/v1/me", headers={"Authorization": "Bearer cw_wrong"}).status_code == 401

    client.post(f"/profile/tokens/{token.id}/revoke")
    assert program.get("/api/v1/me", headers=headers).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client, make_user, login_as):
    from casework.auth import service

    other = make_user(Role.SUPERVISOR, "56")
    token, _ = service.issue_api_token(other, "x", actor=other)
    db.session.commit()
    login_as(Role.SUPERVISOR, "56")
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 404

