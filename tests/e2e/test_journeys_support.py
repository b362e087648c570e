"""Journeys J1 (complete: sponsor, nine monthly payments, follow-ups, approved closure) and J2 (livelihood
capital, follow-ups at 1, 3 and 6 months, disability allowance from a state source), in a real browser.

They continue the demo households of `make run` (invented people)."""

from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import field, search
from tests.e2e.test_roles import log_in


def open_demo_case(page: Page, name: str) -> None:
    search(page, name)
    page.get_by_role("link", name=name).first.click()
    page.locator("section", has_text="Hồ sơ").get_by_role("link").first.click()


def add_partner(page: Page, name: str, kind: str, supports: str) -> None:
    page.get_by_role("link", name="Chưa có đối tác trong danh sách? Thêm mới.").click()
    field(page, "Tên").fill(name)
    field(page, "Loại đối tác").select_option(label=kind)
    page.get_by_label(supports, exact=True).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(f"Đã lưu đối tác {name}.")).to_be_visible()


def refer(page: Page, partner: str, service: str, ask: str) -> None:
    page.get_by_role("button", name="Chuyển gửi đến đối tác").click()
    if page.get_by_label("Đối tác").locator("option", has_text=partner).count() == 0:
        add_partner(page, partner, "Tổ chức từ thiện", service)
    field(page, "Đối tác").select_option(label=partner)
    field(page, "Dịch vụ").select_option(label=service)
    field(page, "Đề nghị đối tác hỗ trợ gì").fill(ask)
    page.get_by_role("button", name="Lưu chuyển gửi").click()
    expect(page.get_by_text("Đã lưu chuyển gửi dạng nháp.")).to_be_visible()
    page.get_by_role("button", name="Gửi cho đối tác").click()
    expect(page.locator("dl.facts")).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Đối tác đồng ý").click()
    expect(page.locator("dl.facts")).to_contain_text("Đã nhận")


def commit(page: Page, *, amount: str, source: str, monthly: bool, start: str, end: str = "",
           school_months: bool = True) -> None:
    page.get_by_role("button", name="Ghi cam kết của đối tác").click()
    field(page, "Tiền mặt hay hiện vật").select_option(label="Tiền mặt")
    field(page, "Nguồn kinh phí").select_option(label=source)
    field(page, "Số tiền mỗi đợt (đồng)").fill(amount)
    field(page, "Bao lâu một lần").select_option(label="Hằng tháng" if monthly else "Một lần")
    field(page, "Từ ngày").fill(start)
    field(page, "Đến ngày").fill(end)
    if not school_months:
        for box in page.locator("fieldset.months input[type=checkbox]").all():
            box.uncheck()
    page.get_by_role("button", name="Lưu cam kết").click()
    expect(page.get_by_text("Đã lưu cam kết cùng lịch chi trả.")).to_be_visible()


def plan_followup(page: Page, title: str, due: str, every: str = "") -> None:
    page.get_by_role("button", name="Lên lịch theo dõi").click()
    field(page, "Nội dung").fill(title)
    field(page, "Hình thức").select_option(label="Thăm gia đình")
    field(page, "Hạn").fill(due)
    field(page, "Lặp lại mỗi … tháng (không bắt buộc)").fill(every)
    page.get_by_role("button", name="Lên lịch theo dõi").click()
    expect(page.get_by_text("Đã lên lịch theo dõi.")).to_be_visible()


def test_j1_sponsor_pays_nine_months_then_the_closure_is_approved(page: Page, server_url, screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, server_url, "ctv")
    open_demo_case(page, "Đoàn Gia Bảo")
    case_url = page.url
    refer(page, "Quỹ Khuyến học Biển Xanh", "Học bổng", "Học bổng 300.000 đồng/tháng trong 9 tháng học.")
    commit(page, amount="300.000", source="Nguồn xã hội hóa", monthly=True, start="01/09/2025", end="31/05/2026")
    expect(page.locator("table tbody tr")).to_have_count(9)
    for _ in range(9):
        page.get_by_role("button", name="Ghi nhận khoản chi").click()
        expect(page.get_by_text("Đã ghi nhận khoản chi.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("2.700.000 ₫")
    expect(page.locator("tbody")).not_to_contain_text("Dự kiến")
    page.screenshot(path=str(screenshots / "j1-nine-payments.png"), full_page=True)

    page.goto(case_url)
    plan_followup(page, "Theo dõi kết quả học tập mỗi học kỳ", "15/01/2027", every="4")
    page.get_by_role("link", name="Ghi kết quả").first.click()
    field(page, "Kết quả").fill("Cháu học khá, đi học đều.")
    page.get_by_role("button", name="Đánh dấu đã xong").click()
    expect(page.get_by_text("Lần tiếp theo đã lên lịch ngày 15/05/2027.")).to_be_visible()
    page.get_by_role("button", name="Chuyển sang: Đang thực hiện").click()
    page.get_by_role("button", name="Kết thúc hồ sơ").click()
    field(page, "Lý do kết thúc").select_option(label="Đạt mục tiêu")
    page.get_by_role("button", name="Đề nghị kết thúc hồ sơ").click()
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, server_url, "giamsat")
    page.goto(case_url)
    page.locator("article", has_text="Đang chờ duyệt").get_by_role("button", name="Duyệt").click()
    expect(page.locator("dl.facts")).to_contain_text("Đã kết thúc")
    expect(page.locator("section", has_text="Theo dõi").first).to_contain_text("đã hủy")  # open follow-up cancelled
    expect(page.locator(".timeline")).to_contain_text("Đã nhận hỗ trợ")
    page.screenshot(path=str(screenshots / "j1-closed.png"), full_page=True)


def test_j2_livelihood_capital_followups_and_disability_allowance(page: Page, server_url, screenshots):
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, server_url, "ctv")
    open_demo_case(page, "Mai Thị Cúc")
    case_url = page.url
    # An adult shares her own data: she consents.
    page.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    field(page, "Đồng ý cho").select_option(label="Chia sẻ thông tin với đối tác (chuyển gửi)")
    page.get_by_label("Người được hỗ trợ đồng ý").check()
    page.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    expect(page.get_by_text("Đã ghi nhận sự đồng ý.")).to_be_visible()
    page.goto(case_url)
    refer(page, "Hội Chữ thập đỏ phường", "Vốn sinh kế", "Vốn mua xe ba gác để thu mua phế liệu.")
    commit(page, amount="10000000", source="Nguồn xã hội hóa", monthly=False, start="10/11/2026",
           school_months=False)
    page.get_by_role("button", name="Ghi nhận khoản chi").click()
    expect(page.locator("dl.facts")).to_contain_text("10.000.000 ₫")
    page.goto(case_url)
    for months, due in ((1, "10/12/2026"), (3, "10/02/2027"), (6, "10/05/2027")):
        plan_followup(page, f"Theo dõi thu nhập sau {months} tháng", due)
    page.goto(case_url)
    page.get_by_role("button", name="Chuyển gửi đến đối tác").click()
    add_partner(page, "Phòng Y tế – trợ cấp người khuyết tật", "Chương trình của Nhà nước", "Trợ cấp khuyết tật")
    field(page, "Đối tác").select_option(label="Phòng Y tế – trợ cấp người khuyết tật")
    field(page, "Dịch vụ").select_option(label="Trợ cấp khuyết tật")
    field(page, "Đề nghị đối tác hỗ trợ gì").fill("Xét trợ cấp cho cháu bại não (khuyết tật đặc biệt nặng).")
    page.get_by_role("button", name="Lưu chuyển gửi").click()
    page.get_by_role("button", name="Gửi cho đối tác").click()
    page.get_by_role("button", name="Đối tác đồng ý").click()
    commit(page, amount="1080000", source="Ngân sách nhà nước", monthly=True, start="01/11/2026",
           end="31/10/2027", school_months=False)
    expect(page.locator("table tbody tr")).to_have_count(12)
    page.goto(case_url)
    expect(page.locator("section", has_text="Theo dõi").first).to_contain_text("Theo dõi thu nhập sau 6 tháng")
    expect(page.locator("main")).to_contain_text("Đã nhận đến nay: 10.000.000 ₫")
    page.screenshot(path=str(screenshots / "j2-case-phone.png"), full_page=True)
