"""Journey J5 of DESIGN.md in a real browser: a patient in hardship. The hospital team assesses, launches an
appeal to benefactors, records donations and their hand-over, discharges, and hands the case to the
collaborator of the patient's home commune, who sees it in their list. Screenshots at 1280 and 360 px.

The people are invented."""

import re

from playwright.sync_api import Page, expect

from casework.demo import DEMO_COMMUNE_CODE
from tests.e2e.test_journeys import TODAY, field, open_case, register, search
from tests.e2e.test_roles import log_in

PATIENT = "Võ Thị Hạnh Thử"


def _phone_fits(page: Page, screenshots, name: str) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(screenshots / f"j5-{name}-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    page.set_viewport_size({"width": 1280, "height": 900})


def _donate(page: Page, donor: str, amount: str, receipt: str) -> None:
    form = page.locator("#donations")
    form.locator("summary", has_text="Ghi nhận khoản ủng hộ").click()
    field(form, "Tên nhà hảo tâm, nếu không có trong danh sách đối tác").fill(donor)
    field(form, "Tiền mặt hay hiện vật").select_option(label="Tiền mặt")
    field(form, "Số tiền hoặc giá trị (đồng)").fill(amount)
    field(form, "Số biên nhận").fill(receipt)
    page.get_by_role("button", name="Lưu khoản ủng hộ").click()
    expect(page.get_by_text("Đã ghi nhận khoản ủng hộ.")).to_be_visible()


def _hand_over(page: Page, amount: str) -> None:
    form = page.locator("#handovers")
    if form.locator("details").get_attribute("open") is None:
        form.locator("summary", has_text="Ghi nhận bàn giao").click()
    field(form, "Số tiền bàn giao (đồng)").fill(amount)
    field(form, "Số biên nhận").fill("BN-2026-017")
    field(form, "Người nhận (người bệnh hoặc người nhà)").fill("Võ Văn Tài (chồng)")
    page.get_by_role("button", name="Lưu bàn giao").click()


def test_j5_hospital_appeal_hand_over_discharge_and_hand_off_to_the_home_commune(page: Page, server_url,
                                                                                 screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, server_url, "bacsi.ctxh")
    page.get_by_role("link", name="Bệnh viện", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Công tác xã hội bệnh viện")

    # Register the patient (searching first), with her home ward, and open a hospital case.
    search(page, PATIENT)
    page.get_by_role("button", name="Đăng ký người mới").click()
    field(page, "Mã xã / phường nơi cư trú").fill(DEMO_COMMUNE_CODE)
    register(page, name=PATIENT, sex="Nữ", birth="1969", poverty="Hộ nghèo")
    number = open_case(page, source="Bệnh viện", needs=("Sức khỏe",),
                       summary="Tai biến mạch máu não, sống một mình, không có thẻ BHYT.")

    # Admission with the hardship assessment.
    page.get_by_role("button", name="Ghi nhận nhập viện").click()
    field(page, "Khoa điều trị").fill("Khoa Thần kinh")
    field(page, "Ngày nhập viện").fill(TODAY)
    field(page, "Tình trạng nghèo của hộ").select_option(label="Hộ nghèo")
    page.get_by_label("Không có thẻ BHYT").check()
    page.get_by_label("Không có người thân").check()
    page.get_by_role("button", name="Lưu nhập viện").click()
    expect(page.get_by_text("Đã ghi nhận nhập viện.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Không có người thân")
    admission_url = page.url

    # The appeal, two donations, a hand-over with its receipt: the balance is always shown.
    page.locator("summary", has_text="Phát động vận động").click()
    field(page, "Tên đợt vận động").fill("Chung tay giúp bà Hạnh điều trị")
    field(page, "Mục tiêu (đồng)").fill("20.000.000")
    page.get_by_role("button", name="Phát động vận động").click()
    expect(page.get_by_text("Đã phát động vận động.")).to_be_visible()
    _donate(page, "Nhóm thiện nguyện Sóng Xanh", "5.000.000", "PT-101")
    _donate(page, "Ông Lê Văn Phúc", "3.000.000", "PT-102")
    expect(page.locator("#balance")).to_have_text("8.000.000 ₫")
    _hand_over(page, "9.000.000")
    expect(page.locator("#handover-amount-error")).to_contain_text("Quỹ vận động không còn đủ")
    expect(field(page, "Số tiền bàn giao (đồng)")).to_have_value("9.000.000")
    _hand_over(page, "6.000.000")
    expect(page.get_by_text("Đã ghi nhận bàn giao.")).to_be_visible()
    expect(page.locator("#balance")).to_have_text("2.000.000 ₫")
    expect(page.locator("#handovers tbody")).to_contain_text("BN-2026-017")
    page.screenshot(path=str(screenshots / "j5-appeal-balance.png"), full_page=True)
    _phone_fits(page, screenshots, "appeal")

    # Transport home, paid by the hospital's own fund.
    page.goto(admission_url)
    expect(page.locator("#appeals")).to_contain_text("2.000.000 ₫")
    page.locator("summary", has_text="Ghi nhận hỗ trợ").click()
    field(page, "Loại hỗ trợ").select_option(label="Đưa về nhà")
    field(page, "Số tiền hoặc giá trị (đồng)").fill("600000")
    field(page, "Nguồn").select_option(label="Quỹ của bệnh viện")
    page.get_by_role("button", name="Lưu hỗ trợ").click()
    expect(page.get_by_text("Đã ghi nhận hỗ trợ.")).to_be_visible()
    expect(page.locator("#supports tbody")).to_contain_text("Đưa về nhà")

    # Discharge and hand-off to Phường Nha Trang: the commune has two collaborators, so the team picks one.
    field(page, "Cộng tác viên nhận hồ sơ").select_option(label="Nguyễn Văn Bình")
    expect(field(page, "Cộng tác viên nhận hồ sơ")).to_have_value(re.compile(r"^\d+$"))
    page.get_by_role("button", name="Ghi nhận ra viện").click()
    expect(page.locator(".flash-success")).to_contain_text("Hồ sơ nay thuộc về Phường Nha Trang")
    expect(page.locator("dl.facts")).to_contain_text("Hồ sơ đã chuyển về Phường Nha Trang")
    page.screenshot(path=str(screenshots / "j5-discharged-handed-off.png"), full_page=True)
    _phone_fits(page, screenshots, "admission")
    page.get_by_role("link", name="Công tác xã hội bệnh viện").click()
    expect(page.locator("#appeals")).to_contain_text("2.000.000 ₫")
    expect(page.locator("#supports")).to_contain_text("600.000 ₫")
    _phone_fits(page, screenshots, "workspace")
    page.get_by_role("button", name="Đăng xuất").click()

    # The commune's collaborator is told and finds the case in their own list.
    log_in(page, server_url, "ctv")
    page.get_by_role("link", name=re.compile(r"^Thông báo \(\d+\)$")).click()
    expect(page.locator("main")).to_contain_text(f"Hồ sơ {number} được")
    expect(page.locator("main")).to_contain_text(PATIENT)
    page.get_by_role("link", name="Hồ sơ", exact=True).click()
    expect(page.locator("main")).to_contain_text(number)
    page.screenshot(path=str(screenshots / "j5-collaborator-case-list.png"), full_page=True)
    page.get_by_role("link", name=number).click()
    expect(page.locator("dl.facts")).to_contain_text("Phường Nha Trang")
    expect(page.locator("#hospital")).to_contain_text("Khoa Thần kinh")
    _phone_fits(page, screenshots, "collaborator-case")
