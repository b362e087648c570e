"""Vietnamese first: complete catalogue, dd/mm/yyyy dates, money as 300.000 ₫."""

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.pofile import read_po

from casework.core.formatting import format_date, format_datetime, format_money
from casework.core.text import fold

ROOT = Path(__file__).resolve().parents[2]
VI_PO = ROOT / "casework/translations/vi/LC_MESSAGES/messages.po"


def _catalog(path):
    with open(path, "rb") as fh:
        return read_po(fh, locale="vi")


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    untranslated = [m.id for m in _catalog(VI_PO) if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


def test_every_string_in_the_code_is_in_the_vietnamese_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "--no-location", "."],
                   check=True, cwd=ROOT, capture_output=True)
    with open(pot, "rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    have = {m.id for m in _catalog(VI_PO) if m.id and m.string}
    assert sorted(wanted - have) == [], "run `make extract-messages` and translate the new strings"


def test_the_compiled_catalogue_is_used(client):
    assert "Đăng nhập Casework" in client.get("/login").data.decode()


def test_dates_are_day_month_year_in_vietnam_time():
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert format_datetime(datetime(2026, 3, 5, 20, 30, tzinfo=UTC)) == "06/03/2026 03:30"
    assert format_date(None) == ""


def test_money_is_integer_dong_with_dots():
    assert format_money(300000) == "300.000 ₫"
    assert format_money(2_700_000) == "2.700.000 ₫"
    assert format_money(0) == "0 ₫"
    assert format_money(-50000) == "-50.000 ₫"


def test_folding_ignores_marks_and_maps_d():
    assert fold("Nguyễn Thị Tiếp") == "nguyen thi tiep"
    assert fold("ĐẶNG") == "dang"
    assert fold("Thuỷ") == fold("Thủy") == "thuy"
    assert fold("  Lê   Lan\tHương ") == "le lan huong"
