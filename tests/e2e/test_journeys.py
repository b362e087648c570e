"""Journeys J1 (up to the referral), J3 and J6 of DESIGN.md in a real browser, with screenshots.

The people are invented; the stories follow the seed articles.
"""

import re

from playwright.sync_api import Page, expect

from casework.core.formatting import local_today
from tests.e2e.test_roles import log_in

TODAY = local_today().strftime("%d/%m/%Y")


def field(page: Page, text: str):
    """The input labelled exactly text (a required field's label ends with ' *')."""
    return page.get_by_label(re.compile("^" + re.escape(text) + r"( \*)?$"))


def register(page: Page, *, name: str, sex: str, birth: str, poverty: str = "Hộ nghèo",
             disability: str = "Không", categories: tuple[str, ...] = (), relationship: str | None = None) -> None:
    field(page, "Họ và tên").fill(name)
    field(page, "Giới tính").select_option(label=sex)
    field(page, "Ngày sinh").fill(birth)
    if relationship:
        page.get_by_label("Quan hệ với chủ hộ").select_option(label=relationship)
    field(page, "Tình trạng nghèo của hộ").select_option(label=poverty)
    field(page, "Khuyết tật").select_option(label=disability)
    for category in categories:
        page.locator("details", has_text=category).first.locator("summary").click()
        page.get_by_label(category).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(f"{name} đã được đăng ký.")).to_be_visible()


def search(page: Page, query: str) -> None:
    page.get_by_role("link", name="Tìm đối tượng").first.click()
    page.get_by_label("Họ tên, số CCCD hoặc số điện thoại").fill(query)
    page.get_by_role("button", name="Tìm", exact=True).click()


def open_case(page: Page, *, source: str, needs: tuple[str, ...], summary: str, emergency: bool = False) -> str:
    page.get_by_role("button", name="Mở hồ sơ").click()
    field(page, "Nguồn tiếp nhận").select_option(label=source)
    field(page, "Hoàn cảnh").fill(summary)
    for need in needs:
        page.get_by_label(need, exact=True).check()
    if emergency:
        page.get_by_label("Khẩn cấp: tính mạng").check()
    page.get_by_role("button", name="Lưu").click()
    message = page.locator(".flash-success")
    expect(message).to_contain_text("Đã mở hồ sơ")
    return message.inner_text().split("Đã mở hồ sơ ")[1].rstrip(".")


def assess(page: Page, ratings: dict[str, str]) -> None:
    page.get_by_role("button", name="Đánh giá nhu cầu").click()
    for domain, level in ratings.items():
        page.get_by_label(domain, exact=True).select_option(label=level)
    page.get_by_role("button", name="Lưu đánh giá").click()
    expect(page.get_by_text("Đã lưu đánh giá.")).to_be_visible()


def add_plan(page: Page, goal: str, service: str, responsible: str = "") -> None:
    page.locator("summary", has_text="Thêm vào kế hoạch").click()
    field(page, "Mục tiêu").fill(goal)
    field(page, "Dịch vụ").select_option(label=service)
    page.get_by_label("Người phụ trách").fill(responsible)
    page.get_by_role("button", name="Thêm vào kế hoạch").click()
    expect(page.get_by_text("Đã thêm vào kế hoạch.")).to_be_visible()


def test_j1_scholarship_household_consent_assessment_and_plan(page: Page, server_url, screenshots):
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, server_url, "ctv")
    search(page, "truong thi man")
    expect(page.get_by_text("Không có ai trong địa bàn của bạn khớp")).to_be_visible()
    page.get_by_role("button", name="Đăng ký người mới").click()
    expect(field(page, "Họ và tên")).to_have_value("truong thi man")
    register(page, name="Trương Thị Mận", sex="Nữ", birth="1955", disability="Đặc biệt nặng",
             categories=("Người cao tuổi thuộc diện trợ cấp",))
    page.get_by_role("button", name="Tạo hộ gia đình với người này là chủ hộ").click()
    page.get_by_role("button", name="Thêm thành viên hộ gia đình").click()
    register(page, name="Trương Ngọc Hân", sex="Nữ", birth="14/03/2013", relationship="Cháu",
             categories=("Trẻ em không nơi nương tựa",))
    # Consent to share with a sponsor: a child of 12 agrees together with her grandmother.
    page.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    field(page, "Đồng ý cho").select_option(label="Chia sẻ thông tin với đối tác (chuyển gửi)")
    page.get_by_label("Cha mẹ hoặc người giám hộ đồng ý").check()
    page.get_by_label("Tên người giám hộ").fill("Trương Thị Mận")
    page.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    expect(page.locator("#subject_agreed-error")).to_contain_text("Cần chính người đó đồng ý")
    page.get_by_label("Người được hỗ trợ đồng ý").check()
    page.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    expect(page.get_by_text("Đã ghi nhận sự đồng ý.")).to_be_visible()
    expect(page.get_by_text("Trương Thị Mận").first).to_be_visible()

    number = open_case(page, source="Xã / thôn", needs=("Giáo dục", "Thu nhập, sinh kế"),
                       summary="Bà mù, nuôi cháu gái học lớp 7; cần học bổng để cháu tiếp tục đi học.")
    assert number.startswith("KH-")
    expect(page.get_by_text("Hạn lập kế hoạch hỗ trợ")).to_be_visible()  # a child: 5 working days
    assess(page, {"Giáo dục": "Cao", "Thu nhập, sinh kế": "Trung bình"})
    add_plan(page, "Cháu Hân được học bổng đến hết lớp 12", "Học bổng", "Cộng tác viên CTXH")
    page.get_by_role("button", name="Chuyển sang: Đang thực hiện").click()
    expect(page.get_by_text("Hồ sơ đã được chuyển bước.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Đang thực hiện")
    page.screenshot(path=str(screenshots / "j1-case-in-progress-phone.png"), full_page=True)


def test_j3_health_insurance_counselled_and_closed_with_approval(page: Page, server_url, screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, server_url, "ctv")
    search(page, "ho thi duyen")
    page.get_by_role("button", name="Đăng ký người mới").click()
    register(page, name="Hồ Thị Duyên", sex="Nữ", birth="12/05/1971", poverty="Hộ cận nghèo")
    open_case(page, source="Người được hỗ trợ tự đến", needs=("Bảo hiểm y tế",),
              summary="Goá chồng, hộ cận nghèo, chưa có thẻ BHYT.")
    assess(page, {"Bảo hiểm y tế": "Cao"})
    add_plan(page, "Có thẻ BHYT hộ cận nghèo", "Thẻ bảo hiểm y tế", "Cộng tác viên CTXH")
    page.locator("summary", has_text="Thêm ghi chép").click()
    field(page, "Hình thức").select_option(label="Buổi tư vấn")
    field(page, "Ghi chép").fill("Tư vấn chính sách BHYT cho hộ cận nghèo; hướng dẫn hồ sơ.")
    page.get_by_role("button", name="Thêm ghi chép").click()
    expect(page.get_by_text("Đã thêm ghi chép.")).to_be_visible()
    page.get_by_role("button", name="Chuyển sang: Đang thực hiện").click()
    page.get_by_role("button", name="Kết thúc hồ sơ").click()
    field(page, "Lý do kết thúc").select_option(label="Đạt mục tiêu")
    page.get_by_label("Ghi chú cho cán bộ giám sát").fill("Đã nhận thẻ BHYT.")
    page.get_by_role("button", name="Đề nghị kết thúc hồ sơ").click()
    expect(page.get_by_text("Đã gửi đề nghị kết thúc.")).to_be_visible()
    case_url = page.url
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, server_url, "giamsat")
    page.get_by_role("link", name="Phê duyệt").first.click()
    card = page.locator("article", has_text="Hồ Thị Duyên")
    expect(card).to_contain_text("Kết thúc hồ sơ")
    page.screenshot(path=str(screenshots / "j3-approval-queue.png"), full_page=True)
    card.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_text("Đã ghi nhận quyết định.")).to_be_visible()
    page.goto(case_url)
    expect(page.locator("dl.facts")).to_contain_text("Đã kết thúc")
    expect(page.locator("dl.facts")).to_contain_text("Đạt mục tiêu")
    expect(page.locator(".timeline")).to_contain_text("Đã duyệt kết thúc")
    page.screenshot(path=str(screenshots / "j3-case-closed.png"), full_page=True)


def test_j6_emergency_clock_is_visible_to_the_supervisor_until_acted_on(page: Page, server_url, screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, server_url, "ctv")
    search(page, "ly van teo")
    page.get_by_role("button", name="Đăng ký người mới").click()
    register(page, name="Lý Văn Tèo", sex="Nam", birth="2016", poverty="Chưa ghi nhận",
             categories=("Trẻ em, người lang thang xin ăn trong thời gian chờ đưa về nơi cư trú",))
    number = open_case(page, source="Công an", needs=("An toàn, bảo vệ", "Lương thực, thực phẩm"),
                       summary="Trẻ khoảng 9 tuổi xin ăn ở chợ Đầm, không có người đi cùng.", emergency=True)
    expect(page.locator(".emergency-box")).to_contain_text("xử lý trước")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, server_url, "giamsat")
    box = page.locator(".emergency-box")
    expect(box).to_contain_text(number)
    expect(box).to_contain_text("xử lý trước")
    page.screenshot(path=str(screenshots / "j6-supervisor-home-emergency.png"), full_page=True)
    page.get_by_role("link", name="Hồ sơ", exact=True).first.click()
    page.get_by_label("Hồ sơ", exact=True).select_option(label="Tất cả hồ sơ trong địa bàn")
    page.get_by_role("button", name="Lọc").click()
    # Pending emergencies head the list.
    expect(page.locator("tbody tr").first).to_have_class(re.compile("row-emergency"))
    row = page.locator("tbody tr", has_text=number)
    expect(row).to_have_class(re.compile("row-emergency"))
    expect(row).to_contain_text("Khẩn cấp")
    row.get_by_role("link", name=number).click()
    field(page, "Đã làm gì").fill(
        "Đưa trẻ về Trung tâm CTXH tỉnh, chăm sóc tạm thời; liên hệ công an xác minh gia đình.")
    page.get_by_role("button", name="Ghi nhận can thiệp khẩn cấp").click()
    expect(page.get_by_text("Đã ghi nhận can thiệp khẩn cấp.")).to_be_visible()
    add_plan(page, "Tìm gia đình và đưa trẻ về nơi cư trú", "Truy tìm gia đình, đưa về nơi cư trú",
             "Trung tâm CTXH tỉnh")
    page.get_by_role("link", name="Trang chủ").first.click()
    expect(page.locator("main")).not_to_contain_text(number)  # no longer waiting for action
    page.screenshot(path=str(screenshots / "j6-after-action.png"), full_page=True)
