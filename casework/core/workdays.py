"""Working-day arithmetic for legal deadlines (Monday to Friday).

Public holidays are not modelled yet: a deadline that falls after a holiday shows one day early,
which errs on the safe side.
"""

from __future__ import annotations

from datetime import date, timedelta


def add_working_days(start: date, days: int) -> date:
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current
