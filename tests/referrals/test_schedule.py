"""Schedule generation: school months, end dates, short months, bounds."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.referrals.schedule import SCHOOL_MONTHS, ScheduleError, ScheduleRule, expected_dates


def test_j1_school_months_until_grade_12():
    # A pupil in grade 7 in September 2025 finishes grade 12 in May 2031: six school years of nine months.
    rule = ScheduleRule(date(2025, 9, 1), date(2031, 5, 31), monthly=True, months=SCHOOL_MONTHS, day_of_month=5)
    dates = expected_dates(rule)
    assert len(dates) == 6 * 9
    assert dates[:3] == [date(2025, 9, 5), date(2025, 10, 5), date(2025, 11, 5)]
    assert date(2026, 6, 5) not in dates and date(2026, 7, 5) not in dates and date(2026, 8, 5) not in dates
    assert dates[-1] == date(2031, 5, 5)
    assert {d.month for d in dates} == set(SCHOOL_MONTHS)


def test_one_school_year_is_nine_payments():
    rule = ScheduleRule(date(2025, 9, 1), date(2026, 5, 31), monthly=True, months=SCHOOL_MONTHS)
    assert len(expected_dates(rule)) == 9


def test_the_end_date_is_inclusive_and_cuts_the_last_month():
    rule = ScheduleRule(date(2026, 1, 10), date(2026, 3, 4), monthly=True, day_of_month=5)
    assert expected_dates(rule) == [date(2026, 1, 10), date(2026, 2, 5)]


def test_a_start_after_the_payment_day_pays_that_month_on_the_start_date():
    rule = ScheduleRule(date(2026, 9, 20), date(2026, 10, 31), monthly=True, day_of_month=5)
    assert expected_dates(rule) == [date(2026, 9, 20), date(2026, 10, 5)]


def test_day_31_falls_on_the_last_day_of_short_months():
    rule = ScheduleRule(date(2028, 1, 1), date(2028, 4, 30), monthly=True, day_of_month=31)
    assert expected_dates(rule) == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30)]


def test_one_off_is_a_single_date():
    assert expected_dates(ScheduleRule(date(2026, 3, 1), None, monthly=False)) == [date(2026, 3, 1)]


@pytest.mark.parametrize(("rule", "code"), [
    (ScheduleRule(date(2026, 1, 1), None, monthly=True), "end_required"),
    (ScheduleRule(date(2026, 5, 1), date(2026, 1, 1), monthly=True), "end_before_start"),
    (ScheduleRule(date(2026, 1, 1), date(2026, 5, 1), monthly=True, months=(13,)), "bad_months"),
    (ScheduleRule(date(2026, 1, 1), date(2026, 5, 1), monthly=True, day_of_month=0), "bad_day"),
    (ScheduleRule(date(2000, 1, 1), date(2099, 1, 1), monthly=True), "too_long"),
])
def test_impossible_rules_are_refused_with_a_reason(rule, code):
    with pytest.raises(ScheduleError) as info:
        expected_dates(rule)
    assert info.value.code == code


@given(start=st.dates(date(2020, 1, 1), date(2030, 12, 31)), span=st.integers(0, 3 * 365),
       months=st.sets(st.integers(1, 12)), day=st.integers(1, 31))
def test_every_date_is_in_range_in_an_allowed_month_and_in_order(start, span, months, day):
    from datetime import timedelta

    rule = ScheduleRule(start, start + timedelta(days=span), monthly=True, months=tuple(months), day_of_month=day)
    dates = expected_dates(rule)
    assert dates == sorted(set(dates))
    assert all(rule.start_on <= d <= rule.end_on for d in dates)
    assert all(d.month in (months or set(range(1, 13))) for d in dates)
