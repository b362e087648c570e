"""Reading a beneficiary list from .xlsx (openpyxl, read-only: constant memory) or .csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook

MAX_COLUMNS = 40


class UnreadableFile(ValueError):
    pass


def kind_of(filename: str) -> str | None:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv"):
        return "csv"
    return None


def _clean_header(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _not_empty(row) -> bool:
    return any(v is not None and str(v).strip() != "" for v in row)


def read_rows(path: Path, kind: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """(header names, iterator of (spreadsheet row number, cell values)). The header is the first non-empty row."""
    rows = _xlsx_rows(path) if kind == "xlsx" else _csv_rows(path)
    try:
        for _number, row in rows:
            if _not_empty(row):
                headers = [_clean_header(v) for v in row[:MAX_COLUMNS]]
                while headers and not headers[-1]:
                    headers.pop()
                break
        else:
            raise UnreadableFile("empty")
    except UnreadableFile:
        raise
    except Exception as exc:  # a corrupt workbook raises many kinds of errors
        raise UnreadableFile("unreadable") from exc
    width = len(headers)

    def data() -> Iterator[tuple[int, list]]:
        for number, row in rows:
            if _not_empty(row):
                values = list(row[:width]) + [None] * (width - len(row))
                yield number, values

    return headers, data()


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableFile("unreadable") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("encoding")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, row in enumerate(reader, start=1):
        yield number, [cell if cell != "" else None for cell in row]
