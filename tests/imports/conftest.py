"""Workbooks made with openpyxl, as a commune keeps them."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Số điện thoại", "Xã/phường", "Địa chỉ"]
# CCCD digits 4-6 match sex and birth year: 056 + 1 (female, 1900s) + 56 ...
GOOD = [
    [1, "Nguyễn Thị Tiếp", "Nữ", datetime(1956, 3, 4), "056156000001", "0905123456", "Phường Nha Trang", "Tổ 3"],
    [2, "Trần Văn Nam", "Nam", "12/08/1980", "", "", "22366", "Thôn Đông"],
    [3, "Lê Thị Ngân", "Nữ", 2012, "056312000003", "", "Nha Trang", ""],
]
BAD = [
    [4, "Phạm Văn Sai", "Nam", "01/01/1975", "12345", "", "Phường Nha Trang", ""],  # bad CCCD
    [5, "Võ Thị Lạc", "Nữ", "05/05/1990", "", "", "Xã Không Có", ""],  # unknown commune
    [6, "Đỗ Văn Ngày", "Nam", "31/02/1990", "", "", "Phường Nha Trang", ""],  # impossible date
]


def workbook_bytes(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_workbook(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture
def import_dir(app, tmp_path):
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")
    return tmp_path / "imports"
