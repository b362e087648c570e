"""Expected disbursement dates from a commitment's schedule rule.

J1's "300,000 VND a month for the 9 school months (September–May) until grade 12" is
frequency=monthly, months=[9, 10, 11, 12, 1, 2, 3, 4, 5], start in September, end in May of the
grade-12 year. A one-off commitment has a single date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)
MAX_INSTALMENTS = 240  # 20 years of monthly payments: a safety bound, far beyond any real commitment


@dataclass(frozen=True)
class ScheduleRule:
    start_on: date
    end_on: date | None
    monthly: bool
    months: tuple[int, ...] = ()  # months of the year that pay; empty means every month
    day_of_month: int = 5


class ScheduleError(ValueError):
    def __init__(self, code: str, field: str):
        super().__init__(code)
        self.code = code
        self.field = field


def _on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def expected_dates(rule: ScheduleRule) -> list[date]:
    """Every date an instalment is due, in order. A monthly rule needs an end date."""
    if not 1 <= rule.day_of_month <= 31:
        raise ScheduleError("bad_day", "day_of_month")
    if any(m not in range(1, 13) for m in rule.months):
        raise ScheduleError("bad_months", "months")
    if not rule.monthly:
        return [rule.start_on]
    if rule.end_on is None:
        raise ScheduleError("end_required", "end_on")
    if rule.end_on < rule.start_on:
        raise ScheduleError("end_before_start", "end_on")
    months = set(rule.months) or set(range(1, 13))
    dates = []
    year, month = rule.start_on.year, rule.start_on.month
    while (year, month) <= (rule.end_on.year, rule.end_on.month):
        if month in months:
            due = _on_day(year, month, rule.day_of_month)
            if rule.start_on <= due <= rule.end_on or (year, month) == (rule.start_on.year, rule.start_on.month):
                dates.append(max(due, rule.start_on))
        month += 1
        if month == 13:
            year, month = year + 1, 1
        if len(dates) > MAX_INSTALMENTS:
            raise ScheduleError("too_long", "end_on")
    return [d for d in dates if d <= rule.end_on]
