"""Exports of a unit's indicators: an Excel workbook in a report layout, and CSV. Aggregates only:
no names, numbers or anything else personal, so a report can be sent outside the unit."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from casework.indicators.labels import breakdown_label, breakdown_title, unit_label
from casework.indicators.registry import Unit

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _number_format(unit: Unit) -> str:
    return "#,##0" if unit in (Unit.COUNT, Unit.VND) else "0.0"


def rows(figures, locale: str) -> list[list]:
    """One row per indicator: code, name, unit, actual, target, gap, numerator, denominator."""
    return [[f.indicator.code, f.indicator.name(locale), unit_label(f.indicator.unit), f.value, f.target, f.gap,
             f.numerator, f.denominator] for f in figures]


def headers() -> list[str]:
    return [_("Code"), _("Indicator"), _("Unit of measure"), _("Actual"), _("Target"), _("Gap"),
            _("Numerator"), _("Denominator")]


def workbook(unit, period_label: str, figures, *, locale: str, generated_on: date, author: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Indicators")[:31]
    ws["A1"] = _("Social-work programme indicators report")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = _("Unit"), f"{unit.name} ({unit.code})"
    ws["A3"], ws["B3"] = _("Period"), period_label
    ws["A4"], ws["B4"] = _("Prepared on"), generated_on.strftime("%d/%m/%Y")
    ws["A5"], ws["B5"] = _("Prepared by"), author
    header_row = 7
    for col, title in enumerate(headers(), start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, (figure, row) in enumerate(zip(figures, rows(figures, locale), strict=True), start=header_row + 1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if col >= 4 and value is not None:
                cell.number_format = _number_format(figure.indicator.unit) if col <= 6 else "#,##0"
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate((18, 60, 14, 16, 12, 12, 14, 14), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)

    for figure in figures:
        for name, breakdown in figure.breakdowns.items():
            sheet = wb.create_sheet(f"{figure.indicator.code} {breakdown_title(name)}"[:31])
            sheet["A1"] = f"{figure.indicator.name(locale)} — {breakdown_title(name)}"
            sheet["A1"].font = Font(bold=True)
            sheet["A2"] = f"{unit.name} · {period_label}"
            sheet.append([])
            sheet.append([breakdown_title(name), _("Actual")])
            for cell in sheet[4]:
                cell.font, cell.fill = Font(bold=True), HEADER_FILL
            for key, value in sorted(breakdown.items(), key=lambda kv: (-kv[1], kv[0])):
                sheet.append([breakdown_label(name, key), value])
                sheet.cell(row=sheet.max_row, column=2).number_format = _number_format(figure.indicator.unit)
            sheet.column_dimensions["A"].width = 60
            sheet.column_dimensions["B"].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_text(unit, period_label: str, figures, *, locale: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Unit"), _("Unit code"), _("Period"), *headers()])
    for row in rows(figures, locale):
        writer.writerow([unit.name, unit.code, period_label, *["" if v is None else v for v in row]])
    for figure in figures:
        for name, breakdown in figure.breakdowns.items():
            for key, value in sorted(breakdown.items()):
                writer.writerow([unit.name, unit.code, period_label, figure.indicator.code,
                                 f"{figure.indicator.name(locale)} — {breakdown_title(name)}: "
                                 f"{breakdown_label(name, key)}", unit_label(figure.indicator.unit), value,
                                 "", "", "", ""])
    return "\ufeff" + out.getvalue()  # a BOM, so that Excel reads the Vietnamese letters as UTF-8
