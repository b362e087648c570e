"""Reporting periods as users write them, and their Vietnam-time bounds."""

from datetime import UTC, date, datetime

from casework.indicators.periods import Period


def test_periods_are_parsed_from_year_quarter_or_month():
    assert Period.parse("2026") == Period("year", 2026)
    assert Period.parse("2026-q3") == Period("quarter", 2026, 3)
    assert Period.parse("2026-09").code == "2026-09"
    for bad in ("2026-Q5", "2026-13", "26", "", None, "1999", "2026-9"):
        assert Period.parse(bad) is None


def test_period_bounds_follow_the_vietnam_calendar():
    quarter = Period.parse("2026-Q1")
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert Period.parse("2028-02").end == date(2028, 2, 29)
    start, end = Period.parse("2026").utc_bounds()
    # Midnight in Vietnam is 17:00 UTC the day before.
    assert start == datetime(2025, 12, 31, 17, tzinfo=UTC) and end == datetime(2026, 12, 31, 17, tzinfo=UTC)


def test_a_state_is_read_at_the_period_end_or_today_while_it_runs():
    assert Period.parse("2025").as_of(date(2026, 11, 25)) == date(2025, 12, 31)
    assert Period.parse("2026").as_of(date(2026, 11, 25)) == date(2026, 11, 25)
