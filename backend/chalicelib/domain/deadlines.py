"""Deadline arithmetic, as CONTRACT.md section 3 fixes it.

N business days: the end (23:59:59) of the Nth business day strictly after the local date of
receipt, in the profile's time zone; business days are Monday to Friday minus the national
public holidays. N calendar days: the end of the Nth calendar day after that date. N months:
the end of the same day of the month N months later, or of that month's last day if it is shorter.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from .value import frozen

if TYPE_CHECKING:
    import holidays

Unit = Literal["business", "calendar", "months"]
END_OF_DAY = time(23, 59, 59)


@frozen
class Period:
    """A length of time a rule allows, counted in business days, calendar days or months."""

    days: int  # how many units: days, or months when the unit is "months"
    unit: Unit = "business"


@lru_cache(maxsize=32)
def _holiday_calendar(country: str) -> holidays.HolidayBase:
    # One calendar per country, expanded year by year as dates are asked for. Imported here, not at
    # module level: `holidays` loads every country's calendar module (a slower cold start for
    # requests that count no deadline).
    import holidays

    return holidays.country_holidays(country)


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holiday_calendar(country)


def add_business_days(start: date, count: int, country: str) -> date:
    """The `count`th business day strictly after `start`."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day, country):
            remaining -= 1
    return day


def business_days_between(start: date, end: date, country: str) -> int:
    """How many business days fall strictly after `start` up to and including `end`."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_business_day(day, country):
            count += 1
    return count


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the last day of the month when it has no such day (31 Jan + 1 = 28 Feb)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=zone)


def deadline_after(received_at: datetime, period: Period, country: str, zone: ZoneInfo) -> datetime:
    """The moment a period that starts at `received_at` runs out."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must carry a time zone")
    local_day = received_at.astimezone(zone).date()
    if period.unit == "business":
        last_day = add_business_days(local_day, period.days, country)
    elif period.unit == "months":
        last_day = add_months(local_day, period.days)
    else:
        last_day = local_day + timedelta(days=period.days)
    return end_of_day(last_day, zone)
