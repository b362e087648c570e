"""User administration in the browser and on the command line."""

from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.auth.models import Role, User
from casework.extensions import db
from tests.conftest import HN_WARD, KH, KH_WARD_A, KH_WARD_B, PASSWORD, unit


def _user(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_an_admin_creates_a_collaborator_who_can_log_in(client, login_as, login):
    login_as(Role.ADMIN, "VN")
    response = client.post("/admin/users/new", data={
        "username": "ctv.moi", "full_name": "Đặng Thị Mai", "email": "", "role": "collaborator",
        "home_unit_code": KH_WARD_A, "password": "mat-khau-dai-du", "active": "y"}, follow_redirects=True)
    assert "Đã tạo người dùng ctv.moi." in response.data.decode()
    created = _user("ctv.moi")
    assert (created.role, created.home_unit.code, created.full_name) == (Role.COLLABORATOR, KH_WARD_A, "Đặng Thị Mai")
    assert created.password_hash.startswith("$argon2id$")
    client.post("/logout")
    assert login("ctv.moi", "mat-khau-dai-du").status_code == 302


def test_user_form_errors_are_in_vietnamese_next_to_the_field_and_input_is_kept(client, login_as, make_user):
    login_as(Role.ADMIN, "VN")
    make_user(Role.COLLABORATOR, KH_WARD_A, username="trung.ten")
    response = client.post("/admin/users/new", data={
        "username": "trung.ten", "full_name": "Hồ Văn Nam", "email": "khong-phai-email", "role": "collaborator",
        "home_unit_code": "99999", "password": "ngan"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="email-error"' in html and "Vui lòng nhập địa chỉ thư điện tử hợp lệ." in html
    assert 'id="password-error"' in html and "Dùng ít nhất 10 ký tự." in html
    assert 'value="Hồ Văn Nam"' in html and 'value="khong-phai-email"' in html and 'value="99999"' in html
    response = client.post("/admin/users/new", data={
        "username": "trung.ten", "full_name": "Hồ Văn Nam", "role": "collaborator",
        "home_unit_code": "99999", "password": "mat-khau-dai-du"})
    html = response.data.decode()
    assert 'id="home_unit_code-error"' in html and "Không có đơn vị nào mang mã này trong phạm vi của bạn." in html
    response = client.post("/admin/users/new", data={
        "username": "trung.ten", "full_name": "Hồ Văn Nam", "role": "collaborator",
        "home_unit_code": KH_WARD_A, "password": "mat-khau-dai-du"})
    assert 'id="username-error"' in response.data.decode()
    assert "Tên đăng nhập này đã có người dùng." in response.data.decode()


def test_an_admin_rescopes_and_deactivates_a_user(client, login_as, make_user, login):
    admin = login_as(Role.ADMIN, "VN")
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    response = client.post(f"/admin/users/{worker.id}", data={
        "full_name": worker.full_name, "email": "", "role": "collaborator", "home_unit_code": KH_WARD_B},
        follow_redirects=True)
    assert "Đã lưu thay đổi." in response.data.decode()
    moved = _user(worker.username)
    assert moved.home_unit.code == KH_WARD_B and moved.active is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_update",
                                                       AuditEvent.entity_id == worker.id))
    assert event.actor_id == admin.id
    assert event.changes["home_unit_id"] == [unit(KH_WARD_A).id, unit(KH_WARD_B).id]
    assert event.changes["active"] == [True, False]
    client.post("/logout")
    assert login(worker).status_code == 422


def test_an_admin_cannot_lock_themselves_out(client, login_as):
    admin = login_as(Role.ADMIN, "VN")
    response = client.post(f"/admin/users/{admin.id}", data={
        "full_name": "x", "role": "collaborator", "home_unit_code": "VN", "active": "y"})
    assert response.status_code == 422
    assert "Bạn không thể tự vô hiệu hóa hoặc tự đổi vai trò của mình." in response.data.decode()
    assert _user(admin.username).role == Role.ADMIN


def test_a_password_reset_unlocks_the_account(client, login_as, make_user, login):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    for _ in range(5):
        login(worker, "wrong-password")
    login_as(Role.ADMIN, "VN")
    page = client.get(f"/admin/users/{worker.id}").data.decode()
    assert "Tài khoản bị tạm khóa đến" in page
    client.post(f"/admin/users/{worker.id}/password", data={"password": "mot-mat-khau-moi"})
    client.post("/logout")
    assert login(worker, "mot-mat-khau-moi").status_code == 302


def test_a_provincial_admin_sees_only_users_of_their_province(client, login_as, make_user):
    login_as(Role.ADMIN, KH)
    inside = make_user(Role.COLLABORATOR, KH_WARD_A)
    outside = make_user(Role.COLLABORATOR, HN_WARD)
    html = client.get("/admin/users").data.decode()
    assert inside.username in html and outside.username not in html
    assert client.get(f"/admin/users/{outside.id}").status_code == 404
    response = client.post("/admin/users/new", data={
        "username": "ngoai.tinh", "full_name": "A", "role": "collaborator", "home_unit_code": HN_WARD,
        "password": "mat-khau-dai-du"})
    assert "Không có đơn vị nào mang mã này trong phạm vi của bạn." in response.data.decode()


def test_users_list_filters_by_role_and_name(client, login_as, make_user):
    login_as(Role.ADMIN, "VN")
    make_user(Role.SUPERVISOR, KH, username="giam.sat.x")
    make_user(Role.COLLABORATOR, KH_WARD_A, username="ctv.y")
    html = client.get("/admin/users?role=supervisor").data.decode()
    assert "giam.sat.x" in html and "ctv.y" not in html
    html = client.get("/admin/users?q=ctv.y").data.decode()
    assert "ctv.y" in html and "giam.sat.x" not in html


def test_cli_creates_deactivates_and_rescopes_a_user(app, login):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["casework", "create-user", "--username", "cli.user", "--full-name",
                                 "Lý Thị Cúc", "--role", "collaborator", "--unit", KH_WARD_A,
                                 "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "Created cli.user (collaborator) at 22366 Phường Nha Trang." in result.output
    result = runner.invoke(args=["casework", "update-user", "cli.user", "--unit", KH_WARD_B, "--deactivate"])
    assert result.exit_code == 0, result.output
    user = _user("cli.user")
    assert user.home_unit.code == KH_WARD_B and not user.active
    result = runner.invoke(args=["casework", "update-user", "cli.user", "--activate", "--role", "supervisor"])
    assert _user("cli.user").active and _user("cli.user").role == Role.SUPERVISOR
    result = runner.invoke(args=["casework", "create-user", "--username", "cli.user", "--full-name", "B",
                                 "--role", "admin", "--unit", "VN", "--password", PASSWORD])
    assert result.exit_code == 1 and "already taken" in result.output
    result = runner.invoke(args=["casework", "create-user", "--username", "x.y", "--full-name", "B",
                                 "--role", "admin", "--unit", "NOPE", "--password", PASSWORD])
    assert result.exit_code == 1 and "no org unit" in result.output
