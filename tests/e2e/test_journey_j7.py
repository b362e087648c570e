"""Journey J7 of DESIGN.md in a real browser: the supervisor's day, with screenshots at 1280 and 360 px.

giamsat reads the caseload per worker, an overdue follow-up and an emergency clock, approves a
closure with a comment, reassigns a case, writes a supervision note, records a collaborator's
six-monthly review and exports the case list to Excel, which must equal the list on screen.
"""

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import field
from tests.e2e.test_roles import log_in


def _screen_table(page: Page, skip_first: bool) -> tuple[list[str], list[list[str]]]:
    table = page.locator("table.data-table").first
    head = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    rows = [[t.strip() for t in row.locator("td").all_inner_texts()] for row in table.locator("tbody tr").all()]
    start = 1 if skip_first else 0
    return head[start:], [row[start:] for row in rows]


def _as_screen(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def test_j7_supervisor_dashboard_approval_reassignment_note_review_and_export(page: Page, server_url,
                                                                             screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, server_url, "giamsat")
    page.get_by_role("link", name="Giám sát").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tình hình hồ sơ của địa bàn")

    caseload = page.locator("#caseload")
    expect(caseload.locator("tbody tr", has_text="Nguyễn Văn Bình")).to_be_visible()
    expect(caseload.locator("tbody tr", has_text="Hồ Thị Mai")).to_be_visible()
    expect(page.locator("#followups")).to_contain_text("Thăm hộ gia đình sau một tháng")
    emergency = page.locator("#emergencies tbody tr", has_text="Phùng Văn Tâm")
    expect(emergency).to_contain_text(re.compile(r"(còn|quá hạn) \d+ giờ \d+ phút"))
    expect(page.locator("#inactive")).to_contain_text("Lý Thị Nga")
    expect(page.locator("#reviews")).to_contain_text("Nguyễn Văn Bình")
    page.screenshot(path=str(screenshots / "j7-dashboard-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "j7-dashboard-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Approve the closure the second collaborator asked for, with a comment.
    page.get_by_role("button", name="Duyệt hoặc từ chối").click()
    card = page.locator("article", has_text="Võ Văn Hải")
    card.get_by_label("Ý kiến").fill("Đồng ý: cụ đã nhận trợ cấp tháng đầu tiên.")
    card.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_text("Đã ghi nhận quyết định.")).to_be_visible()
    expect(page.locator("article", has_text="Võ Văn Hải")).to_have_count(0)

    # Reassign the quiet case to the other collaborator, from the case list.
    page.get_by_role("link", name="Hồ sơ", exact=True).first.click()
    page.get_by_label("Hồ sơ", exact=True).select_option(label="Tất cả hồ sơ trong địa bàn")
    page.get_by_role("button", name="Lọc").click()
    page.locator("tbody tr", has_text="Lý Thị Nga").get_by_role("checkbox").check()
    page.get_by_role("button", name="Giao lại các hồ sơ đã chọn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Giao lại 1 hồ sơ")
    field(page, "Người phụ trách mới").select_option(label="Hồ Thị Mai (ctv.mai)")
    page.screenshot(path=str(screenshots / "j7-reassign-1280.png"), full_page=True)
    page.get_by_role("button", name="Giao lại cả 1 hồ sơ").click()
    expect(page.get_by_text("Đã giao cả 1 hồ sơ đã chọn cho Hồ Thị Mai.")).to_be_visible()
    expect(page.locator("tbody tr", has_text="Lý Thị Nga")).to_contain_text("Hồ Thị Mai")

    # Export the list on screen and compare the workbook with it, row by row.
    head, rows = _screen_table(page, skip_first=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất ra Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    exported = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert exported[0] == head
    assert [[_as_screen(v) for v in row] for row in exported[1:]] == rows
    assert len(rows) >= 5
    page.screenshot(path=str(screenshots / "j7-case-list-1280.png"), full_page=True)

    # A supervision note on the reassigned case.
    page.locator("tbody tr", has_text="Lý Thị Nga").get_by_role("link").first.click()
    expect(page.locator("dl.facts")).to_contain_text("Hồ Thị Mai")
    page.locator("summary", has_text="Thêm ghi chép giám sát").click()
    field(page, "Ghi chép giám sát").fill("Hồ sơ 40 ngày chưa có hoạt động: chị Mai liên lạc lại trong tuần này.")
    page.get_by_role("button", name="Lưu ghi chép giám sát").click()
    expect(page.get_by_text("Đã thêm ghi chép giám sát.")).to_be_visible()
    expect(page.locator("article.note-supervision")).to_contain_text("chị Mai liên lạc lại")

    # The six-monthly review of the collaborator (Circular 07/2013).
    page.get_by_role("link", name="Giám sát").first.click()
    page.locator("#reviews").get_by_role("link", name="Nguyễn Văn Bình").click()
    field(page, "Xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    field(page, "Ghi chép").fill("Nắm chắc địa bàn, hồ sơ ghi chép đầy đủ.")
    field(page, "Hành động đã thống nhất").fill("Tham gia lớp tập huấn kỹ năng tham vấn quý tới.")
    page.get_by_role("button", name="Lưu đánh giá").click()
    expect(page.get_by_text("Đã lưu đánh giá.")).to_be_visible()
    expect(page.locator("table.data-table tbody")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    page.screenshot(path=str(screenshots / "j7-review-1280.png"), full_page=True)
    page.get_by_role("link", name="Giám sát").first.click()
    expect(page.locator("#reviews")).not_to_contain_text("Nguyễn Văn Bình")

    page.set_viewport_size({"width": 360, "height": 800})
    page.get_by_role("link", name="Hồ sơ", exact=True).first.click()
    page.get_by_label("Hồ sơ", exact=True).select_option(label="Tất cả hồ sơ trong địa bàn")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("tbody tr", has_text="Lý Thị Nga")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "j7-case-list-360.png"), full_page=True)
