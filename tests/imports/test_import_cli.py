"""The import from the command line, for big files: 10,000 rows, timed."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import func, select

from casework.auth.models import Role
from casework.extensions import db
from casework.people.models import Person
from tests.conftest import KH_WARD_A
from tests.imports.conftest import workbook_bytes

ROWS = 10_000


def _big_list(tmp_path):
    rows = []
    for i in range(ROWS):
        year = 1940 + i % 80
        sex_digit = (0 if year < 2000 else 2) + (i % 2)  # digit 4 of the CCCD: century and sex
        cccd = f"056{sex_digit}{year % 100:02d}{i:06d}" if i % 2 == 0 else ""
        born = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}"
        rows.append([i + 1, f"Người Nhập Thử {i:05d}", "Nữ" if i % 2 else "Nam", born, cccd, "Phường Nha Trang",
                     f"Tổ {i % 40}"])
    rows.append([ROWS + 1, "Người Sai Ngày", "Nam", "30/02/1990", "", "Phường Nha Trang", ""])
    path = tmp_path / "mot-van-dong.xlsx"
    path.write_bytes(workbook_bytes(rows, ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Xã/phường",
                                           "Địa chỉ"]))
    return path


def test_ten_thousand_rows_from_the_command_line(app, make_user, import_dir, tmp_path, capsys):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    path = _big_list(tmp_path)
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["casework", "import-people", str(path), "--user", user.username])
    seconds = time.perf_counter() - started
    with capsys.disabled():  # the figures belong in the CI output
        print(f"\nImport of {ROWS} rows from .xlsx: {seconds:.1f} s")
    assert result.exit_code == 0, result.output
    assert f"created {ROWS} people" in result.output
    assert "1 with problems" in result.output
    assert seconds < 300  # a generous ceiling; the figure itself is printed above
    count = db.session.scalar(select(func.count()).select_from(Person)
                              .where(Person.search_name.like("nguoi nhap thu%")))
    assert count == ROWS

    again = runner.invoke(args=["casework", "import-people", str(path), "--user", user.username])
    assert again.exit_code == 0, again.output
    assert "created 0 people" in again.output and f"{ROWS} already registered" in again.output
    assert db.session.scalar(select(func.count()).select_from(Person).where(
        Person.search_name.like("nguoi nhap thu%"))) == ROWS
    assert date(1940, 1, 1) <= db.session.scalar(select(func.min(Person.birth_date)))
