"""Reporting periods: a year (2026), a quarter (2026-Q3) or a month (2026-09)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from casework.core.formatting import LOCAL_TZ

_PATTERN = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    kind: str  # "year", "quarter" or "month"
    year: int
    number: int = 0  # the quarter or the month; 0 for a year

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """The period written as 2026, 2026-Q3 or 2026-09; None when the text is not one."""
        match = _PATTERN.match((text or "").strip().upper())
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            return None
        year = int(match.group(1))
        if match.group(2):
            return cls("quarter", year, int(match.group(2)))
        if match.group(3):
            return cls("month", year, int(match.group(3)))
        return cls("year", year)

    @property
    def code(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    @property
    def start(self) -> date:
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        if self.kind == "month":
            return date(self.year, self.number, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """The last day, inclusive."""
        if self.kind == "year":
            return date(self.year, 12, 31)
        last_month = 3 * self.number if self.kind == "quarter" else self.number
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC for timestamp columns: the period's days are Vietnam days."""
        start = datetime.combine(self.start, time(), LOCAL_TZ).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC)
        return start, end

    def as_of(self, today: date) -> date:
        """The day a state ("at period end") is read on: the period's end, or today while it runs."""
        return min(self.end, today)

    def previous(self) -> Period:
        if self.kind == "year":
            return Period("year", self.year - 1)
        if self.kind == "quarter":
            return Period("quarter", self.year - (self.number == 1), 4 if self.number == 1 else self.number - 1)
        return Period("month", self.year - (self.number == 1), 12 if self.number == 1 else self.number - 1)


def current_year(today: date) -> Period:
    return Period("year", today.year)
