"""J7/J8 in a real browser: a supervisor reads Khánh Hòa's indicators for the year, drills into a
figure and exports to Excel; the workbook has the numbers shown on screen. And the centre's
year-to-date report comes out of the demo casework."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from casework.core.formatting import local_today
from tests.e2e.test_roles import log_in

YEAR = local_today().year


def _screen_number(text: str) -> float | None:
    """'1.234' -> 1234, '45,5%' -> 45.5, '+40,0%' -> 40.0, '14.200.000 ₫' -> 14200000, '—' -> None."""
    text = text.strip().replace("₫", "").replace("%", "").strip()
    if text in ("—", ""):
        return None
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(".", ""))


def _screen_figures(page: Page) -> dict[str, float | None]:
    figures = {}
    for row in page.locator("section").first.locator("tr[data-indicator]").all() + \
            page.locator("section").nth(1).locator("tr[data-indicator]").all():
        figures[row.get_attribute("data-indicator")] = _screen_number(row.locator(".figure-actual").inner_text())
    return figures


def _no_horizontal_overflow(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_supervisor_reads_drills_and_exports_the_provinces_indicators(page: Page, server_url, screenshots, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, server_url, "giamsat")
    page.get_by_role("link", name="Chỉ số").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ số chương trình")
    page.get_by_label("Đơn vị").select_option(label="Tỉnh Khánh Hòa")
    page.get_by_label("Kỳ báo cáo").select_option(label=f"Năm {YEAR}")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#indicator-period")).to_have_text(f"Năm {YEAR}")
    on_screen = _screen_figures(page)
    assert on_screen["CW-NEW"] and on_screen["CW-NEW"] >= 7
    assert on_screen["CW-SUPPORT"] == 14_200_000
    expect(page.locator("img.chart").first).to_be_visible()
    page.screenshot(path=str(screenshots / "indicators-province-1280.png"), full_page=True)

    # Drill into the emergencies: the case list behind the figure.
    emergencies = int(on_screen["CW-EMERGENCY"])
    page.locator("tr[data-indicator='CW-EMERGENCY'] .figure-actual a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trường hợp bảo vệ khẩn cấp")
    expect(page.locator("#record-count")).to_have_text(str(emergencies))
    expect(page.locator("tbody tr")).to_have_count(emergencies)
    page.screenshot(path=str(screenshots / "indicators-drilldown-1280.png"), full_page=True)
    page.go_back()

    # Export to Excel: the workbook's numbers are the screen's.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Xuất ra Excel").click()
    path = tmp_path / "report.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "Báo cáo chỉ số chương trình công tác xã hội"
    assert sheet["B3"].value == f"Năm {YEAR}"
    in_workbook = {row[0]: row[3] for row in sheet.iter_rows(min_row=8, values_only=True) if row[0]}
    assert set(on_screen) <= set(in_workbook)
    for code, value in on_screen.items():
        assert (None if in_workbook[code] is None else float(in_workbook[code])) == value, code


def test_the_centres_year_to_date_report_on_a_phone(page: Page, server_url, screenshots):
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, server_url, "trungtam")
    page.goto(f"{server_url}/indicators/?unit=KH-CTXH&period={YEAR}")
    report = page.locator("section", has=page.get_by_role("heading", name="Báo cáo của trung tâm"))
    for code, expected in (("CW-CARE", "3"), ("CW-EMERGENCY", "1"), ("CW-COUNSELLED", "3"),
                           ("CW-LIVELIHOOD", "1"), ("CW-SCHOLARSHIP", "1"), ("CW-CHILDCARE", "1"),
                           ("CW-SUPPORT-STATE", "10.000.000 ₫"), ("CW-SUPPORT-SOCIAL", "4.200.000 ₫")):
        expect(report.locator(f"tr[data-indicator='{code}'] .figure-actual")).to_have_text(re.compile(
            "^" + re.escape(expected) + "$"))
    _no_horizontal_overflow(page)
    page.screenshot(path=str(screenshots / "indicators-centre-360.png"), full_page=True)
