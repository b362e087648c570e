"""Excel export of any list on screen, with exactly the filters on screen.

A list declares its columns once (header, how to get the value, what kind of value). The page
renders its table from those columns and the export writes the same columns, for every row the
same query returns (no pagination). Dates are real Excel dates, money and counts are numbers.
Each export is audited (action "export") with the list's name and filters, never the rows.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Response, request, send_file
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from casework.audit import service as audit
from casework.core.formatting import LOCAL_TZ, format_date, format_datetime, format_money, local_today

TEXT, DATE, DATETIME, MONEY, NUMBER = "text", "date", "datetime", "money", "number"
EXPORT_ARG = "format"
EXPORT_VALUE = "xlsx"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXCEL_FORMATS = {DATE: "DD/MM/YYYY", DATETIME: "DD/MM/YYYY HH:MM", MONEY: '#,##0 "₫"', NUMBER: "0"}


@dataclass(frozen=True)
class Column:
    """One column of a list: its header (a lazy translation), the value of a row, and its kind."""

    header: Any
    value: Callable[[Any], Any]
    kind: str = TEXT
    link: Callable[[Any], str] | None = None  # on screen only: the cell links there

    def raw(self, row) -> Any:
        value = self.value(row)
        if isinstance(value, enum.Enum):
            value = value.value
        if self.kind == DATE and isinstance(value, datetime):
            value = (value.astimezone(LOCAL_TZ) if value.tzinfo else value).date()
        if self.kind == DATETIME and isinstance(value, datetime):
            # Excel has no time zones: write the Vietnam wall-clock time the screen shows.
            value = (value.astimezone(LOCAL_TZ) if value.tzinfo else value).replace(tzinfo=None)
        return value

    def text(self, row) -> str:
        """The cell as the screen shows it."""
        value = self.value(row)
        if value is None or value == "":
            return ""
        if self.kind == DATE:
            return format_date(value)
        if self.kind == DATETIME:
            return format_datetime(value)
        if self.kind == MONEY:
            return format_money(value)
        return str(value)


def wants_export() -> bool:
    """The list was asked for as a workbook (?format=xlsx on the list's own URL)."""
    return request.args.get(EXPORT_ARG) == EXPORT_VALUE


def export_url_args(**extra) -> dict:
    """The current list's query string plus format=xlsx: the export link keeps every filter."""
    args = {key: request.args.getlist(key) for key in request.args if key not in ("page", EXPORT_ARG)}
    args.update(extra)
    args[EXPORT_ARG] = EXPORT_VALUE
    return args


def export_url(**extra) -> str:
    """The export link of the list on screen: same endpoint, same filters, format=xlsx."""
    from flask import url_for

    return url_for(request.endpoint, **(request.view_args or {}), **export_url_args(**extra))


def write_workbook(title: str, columns: list[Column], rows: Iterable, target) -> int:
    """Write a one-sheet workbook (header row, then one row per row); returns the number of rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=_cell_value(column.raw(row)))
            if column.kind in _EXCEL_FORMATS:
                cell.number_format = _EXCEL_FORMATS[column.kind]
            cells.append(cell)
        sheet.append(cells)
        count += 1
    book.save(target)
    return count


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, date, datetime)):
        return value
    return str(value)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Sheet")[:31]


def export_response(name: str, title: str, columns: list[Column], rows: Iterable, *, actor, filters: dict,
                    unit=None) -> Response:
    """The list as an .xlsx download; the export is audited (list name, filters, row count), the caller commits."""
    handle = io.BytesIO()
    count = write_workbook(title, columns, rows, handle)
    handle.seek(0)
    audit.record("export", actor=actor, entity_type=name, unit=unit,
                 changes={"list": name, "filters": _plain_filters(filters), "rows": count})
    filename = f"{name}-{local_today().strftime('%Y%m%d')}.xlsx"
    return send_file(handle, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=filename, max_age=0)


def _plain_filters(filters: dict) -> dict:
    out = {}
    for key, value in filters.items():
        if value in (None, "", False, [], ()):
            continue
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, enum.Enum):
            value = value.value
        elif not isinstance(value, (str, int, float, bool, list)):
            value = str(value)
        out[key] = value
    return out
