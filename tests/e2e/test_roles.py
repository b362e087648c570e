"""Each demo role logs in in a real browser, on a 360 px phone and a 1280 px screen."""

import pytest
from playwright.sync_api import Page, expect

from casework.demo import DEMO_PASSWORD, DEMO_USERS

SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
HOME_UNIT_NAMES = {
    "admin": "Việt Nam",
    "quanly": "Tỉnh Khánh Hòa",
    "giamsat": "Tỉnh Khánh Hòa",
    "ctv": "Phường Nha Trang",
    "bacsi.ctxh": "Bệnh viện Đa khoa tỉnh Khánh Hòa",
    "trungtam": "Trung tâm Công tác xã hội tỉnh Khánh Hòa",
}


def log_in(page: Page, server_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(server_url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("demo", DEMO_USERS, ids=[d.username for d in DEMO_USERS])
def test_each_demo_role_logs_in_and_sees_their_work_area(page: Page, server_url, screenshots, demo, size):
    page.set_viewport_size(SIZES[size])
    log_in(page, server_url, demo.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Xin chào, {demo.full_name}")
    expect(page.locator("dl.facts")).to_contain_text(HOME_UNIT_NAMES[demo.username])
    # Nothing sticks out sideways on a phone (measured once the stylesheets have loaded).
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.screenshot(path=str(screenshots / f"home-{demo.username}-{size}.png"), full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()


def test_login_page_on_a_phone(page: Page, server_url, screenshots):
    page.set_viewport_size(SIZES["phone"])
    page.goto(server_url + "/login")
    expect(page.get_by_role("heading", name="Đăng nhập Casework")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Tên đăng nhập").fill("ctv")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("ctv")
    page.screenshot(path=str(screenshots / "login-error-phone.png"), full_page=True)


def test_admin_adds_a_facility_and_a_user_for_it(page: Page, server_url, screenshots):
    page.set_viewport_size(SIZES["desktop"])
    log_in(page, server_url, "admin")
    page.get_by_role("link", name="Đơn vị").first.click()
    page.get_by_role("link", name="Tỉnh Khánh Hòa").click()
    page.get_by_label("Tìm đơn vị theo tên").fill("nam nha trang")
    page.get_by_label("Tìm đơn vị theo tên").press("Enter")
    page.get_by_role("link", name="Phường Nam Nha Trang").click()
    page.get_by_role("button", name="Thêm cơ sở tại đây").click()
    page.get_by_label("Tên cơ sở").fill("Trường THCS Nam Nha Trang")
    page.get_by_label("Loại").select_option(label="Trường học")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm cơ sở Trường THCS Nam Nha Trang.")).to_be_visible()
    page.get_by_role("button", name="Thêm người dùng tại đơn vị này").click()
    page.get_by_label("Tên đăng nhập").fill("gv.ctxh")
    page.get_by_label("Họ và tên").fill("Huỳnh Thị Thanh")
    page.get_by_label("Vai trò").select_option(label="Cộng tác viên CTXH")
    page.get_by_label("Mật khẩu ban đầu").fill("ngan")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#password-error")).to_have_text("Dùng ít nhất 10 ký tự.")
    expect(page.get_by_label("Họ và tên")).to_have_value("Huỳnh Thị Thanh")
    page.screenshot(path=str(screenshots / "admin-user-form-error.png"), full_page=True)
    page.get_by_label("Mật khẩu ban đầu").fill("mat-khau-du-dai")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã tạo người dùng gv.ctxh.")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, server_url, "gv.ctxh", "mat-khau-du-dai")
    expect(page.locator("dl.facts")).to_contain_text("Trường THCS Nam Nha Trang")
