"""A commune collaborator imports the workbook the commune keeps: preview of the problems, rejected rows file."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.test_roles import log_in
from tests.imports.conftest import BAD, GOOD, HEADERS, workbook_bytes


def test_import_preview_and_rejected_rows(page: Page, server_url, screenshots, tmp_path):
    path = tmp_path / "danh-sach-doi-tuong.xlsx"
    path.write_bytes(workbook_bytes(GOOD + BAD))
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, server_url, "ctv")
    page.get_by_role("link", name="Nhập danh sách").first.click()
    page.get_by_label("Danh sách đối tượng (.xlsx hoặc .csv, tối đa 10 MB)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và chọn cột").click()
    expect(page.get_by_role("heading", name="Chọn cột")).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value("1")  # recognised from the header
    page.get_by_role("button", name="Kiểm tra các dòng").click()

    expect(page.locator("#valid-count")).to_have_text("3", timeout=20_000)
    expect(page.locator("#problem-count")).to_have_text("3")
    problems = page.locator("#import-problems")
    expect(problems.get_by_text("Số CCCD gồm đúng 12 chữ số.")).to_be_visible()
    expect(problems.get_by_text("Không có xã, phường nào của tỉnh có tên hoặc mã này.")).to_be_visible()
    expect(problems.get_by_text("Ngày này không tồn tại: kiểm tra lại ngày và tháng.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "import-preview.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải các dòng bị loại (.xlsx)").or_(
            page.get_by_role("link", name="Tải các dòng bị loại (.xlsx)")).click()
    rejected = load_workbook(io.BytesIO(download_info.value.path().read_bytes()), read_only=True).worksheets[0]
    rows = [list(r) for r in rejected.iter_rows(values_only=True)]
    assert rows[0] == ["Dòng", *HEADERS, "Lỗi"]
    assert [r[2] for r in rows[1:]] == ["Phạm Văn Sai", "Võ Thị Lạc", "Đỗ Văn Ngày"]
    assert "12 chữ số" in rows[1][-1]

    page.get_by_role("button", name="Nhập các dòng hợp lệ").click()
    expect(page.locator("#created-count")).to_have_text("3", timeout=20_000)
    page.screenshot(path=str(screenshots / "import-done.png"), full_page=True)
