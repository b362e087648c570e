"""Form fields for Vietnamese users: dates typed as dd/mm/yyyy, birth dates that may be a year only."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField

from casework.core.formatting import format_date


class VNDateField(StringField):
    """A date typed as dd/mm/yyyy (ISO yyyy-mm-dd also accepted). Invalid input is kept and flagged."""

    formats = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("placeholder", "dd/mm/yyyy")
        kwargs["render_kw"].setdefault("inputmode", "numeric")
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_date(self.data) if isinstance(self.data, date) else (self.data or "")

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            # Spaces alone are no date: InputRequired must see an empty field, not a present one.
            self.raw_data = [""] if valuelist else valuelist
            return
        for fmt in self.formats:
            try:
                self.data = datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
                return
            except ValueError:
                continue
        raise ValueError(str(_l("Enter the date as dd/mm/yyyy, for example 05/09/2025.")))


class BirthDateField(VNDateField):
    """dd/mm/yyyy, or just the year (yyyy) when the exact day is not known."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("placeholder", "dd/mm/yyyy hoặc yyyy")
        super().__init__(label, validators, **kwargs)
        self.year_only = False

    def _value(self):
        if not self.raw_data and self.year_only and isinstance(self.data, date):
            return str(self.data.year)
        return super()._value()

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.year_only = text.isascii() and text.isdigit() and len(text) == 4
        if self.year_only:
            year = int(text)
            if not 1900 <= year <= 2100:
                self.data = None
                raise ValueError(str(_l("Enter the date as dd/mm/yyyy, or the year alone.")))
            self.data = date(year, 1, 1)
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(_l("Enter the date as dd/mm/yyyy, or the year alone."))) from exc


def parse_version(value: str | None) -> int:
    """The record version a form was opened at; garbage counts as stale (never matches)."""
    return parse_id(value) or -1


def strip_blank(value):
    """WTForms filter: ' ' in an optional select is no choice at all (Optional() skips the choice check)."""
    return value.strip() if isinstance(value, str) else value


class WholeNumberField(IntegerField):
    """An integer field whose parse error speaks the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(_l("Enter a whole number."))) from exc


_ID = re.compile(r"^[0-9]{1,10}$")


def parse_id(value: str | None) -> int | None:
    """A database id typed in a form or query string: ASCII digits, within a 32-bit integer, else None."""
    value = (value or "").strip()
    if not _ID.match(value):
        return None
    number = int(value)
    return number if 0 < number < 2**31 else None


def page_number(value) -> int:
    """The page asked for, clamped to 1..100000 (a huge number must not overflow the database)."""
    number = parse_id(str(value)) if value is not None else None
    return min(number or 1, 100_000)
