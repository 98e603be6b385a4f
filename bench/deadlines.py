"""Deadline counting: the cached national calendar against building the calendar per complaint."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.schedule import compute_deadlines

from .measure import Result, best_time

RECEIPTS = [datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(hours=7 * n) for n in range(300)]


def _naive_business_day(start: date, count: int, country: str) -> date:
    calendar = holidays.country_holidays(country)  # what the engine would cost without its cache
    day = start
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in calendar:
            count -= 1
    return day


def run() -> list[Result]:
    profile = get_profile("payments-lt")
    engine = best_time(lambda: [compute_deadlines(profile, moment, "consumer") for moment in RECEIPTS])
    naive = best_time(lambda: [_naive_business_day(moment.date(), 35, "LT") for moment in RECEIPTS], repeat=3)
    return [Result("deadlines for 300 complaints (all 3)", "ms", engine, naive, "35-day count, calendar per call")]
