"""Deadline arithmetic under the five policy profiles (CONTRACT.md section 3).

Expected dates were counted by hand against the national calendars of the `holidays` package.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from chalicelib.domain.deadlines import Period, deadline_after
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.schedule import compute_deadlines


def deadlines(
    profile: str,
    received: str,
    customer_type: str = "consumer",
    complexity: str | None = None,
    category: str | None = None,
    service: str | None = None,
) -> dict[str, str | None]:
    return compute_deadlines(
        get_profile(profile),
        datetime.fromisoformat(received),
        customer_type,  # type: ignore[arg-type]
        complexity,  # type: ignore[arg-type]
        category,
        service=service,  # type: ignore[arg-type]
    ).as_json()


@pytest.mark.parametrize("customer_type", ["consumer", "business"])
def test_the_contract_example_skips_the_lithuanian_christmas_holidays(customer_type: str) -> None:
    """Received on 23 December in Vilnius: 24, 25 and 26 December are holidays, then a weekend.
    A business gets the same 15 / 35 business days as a consumer (PSD2 Art 101(2))."""
    result = deadlines("payments-lt", "2026-12-23T15:00:00+02:00", customer_type)
    assert result["acknowledge_by"] == "2026-12-28T23:59:59+02:00"
    assert result["respond_by"] == "2027-01-18T23:59:59+02:00"
    assert result["respond_by_extended"] == "2027-02-15T23:59:59+02:00"


@pytest.mark.parametrize(
    ("received", "acknowledge_by"),
    [
        ("2026-11-20T10:00:00+02:00", "2026-11-23T23:59:59+02:00"),  # Friday: the next business day is Monday
        ("2026-11-21T10:00:00+02:00", "2026-11-23T23:59:59+02:00"),  # Saturday
        ("2026-11-22T23:59:00+02:00", "2026-11-23T23:59:59+02:00"),  # Sunday, one minute before midnight
        ("2026-11-23T00:00:00+02:00", "2026-11-24T23:59:59+02:00"),  # Monday: strictly after the day of receipt
    ],
)
def test_business_days_skip_weekends(received: str, acknowledge_by: str) -> None:
    """A business day is Monday to Friday; the count starts the day after the local date of receipt."""
    assert deadlines("payments-lt", received)["acknowledge_by"] == acknowledge_by


# (profile, received, customer type, complexity, service, acknowledge_by, respond_by, respond_by_extended)
HOLIDAYS = [
    # Lithuania: 24, 25, 26 December (above), and businesses alike.
    ("payments-lt", "2026-12-23T15:00:00+02:00", "business", None, None, "2026-12-28", "2027-01-18", "2027-02-15"),
    # France: 11 November is a holiday; simple 5, complex 15, exceptional 15 extendable to 30 business days.
    ("bank-fr", "2026-11-10T10:00:00+01:00", "consumer", "simple", None, "2026-11-12", "2026-11-18", None),
    ("bank-fr", "2026-11-10T10:00:00+01:00", "business", "complex", None, "2026-11-12", "2026-12-02", None),
    ("bank-fr", "2026-11-10T10:00:00+01:00", "consumer", "exceptional", None, "2026-11-12", "2026-12-02", "2026-12-23"),
    ("exchange-fr", "2026-11-10T10:00:00+01:00", "consumer", None, None, None, "2026-11-20", "2027-01-10"),
    # Italy: 8 December, Christmas, St Stephen, New Year, Epiphany.
    ("bank-it", "2026-12-04T10:00:00+01:00", "consumer", None, "payments", "2026-12-09", "2026-12-29", "2027-01-28"),
    ("bank-it", "2026-12-04T10:00:00+01:00", "business", None, "banking", "2026-12-09", "2027-02-02", None),
    # Ireland: St Stephen's Day and New Year's Day; the 2 months of MiCA's RTS Art 6 for businesses too.
    ("exchange-eu", "2026-12-23T12:00:00+00:00", "business", None, None, "2026-12-28", "2027-01-05", "2027-02-23"),
]


@pytest.mark.parametrize(
    ("profile", "received", "customer_type", "complexity", "service", "ack", "respond", "extended"), HOLIDAYS
)
def test_national_holidays_are_not_business_days(
    profile: str,
    received: str,
    customer_type: str,
    complexity: str | None,
    service: str | None,
    ack: str | None,
    respond: str,
    extended: str | None,
) -> None:
    """Each profile counts on its own country's calendar, in its own time zone."""
    result = deadlines(profile, received, customer_type, complexity, service=service)
    days = {name: value[:10] if value else None for name, value in result.items()}
    assert (days["acknowledge_by"], days["respond_by"], days["respond_by_extended"]) == (ack, respond, extended)


# Receipt one minute before and at local midnight, given in UTC: the local date is what counts.
MIDNIGHT = [
    ("payments-lt", "2026-11-19T21:59:00+00:00", "acknowledge_by", "2026-11-20T23:59:59+02:00"),
    ("payments-lt", "2026-11-19T22:00:00+00:00", "acknowledge_by", "2026-11-23T23:59:59+02:00"),
    ("exchange-eu", "2026-11-19T23:59:00+00:00", "acknowledge_by", "2026-11-23T23:59:59+00:00"),
    ("exchange-eu", "2026-11-20T00:00:00+00:00", "acknowledge_by", "2026-11-24T23:59:59+00:00"),
    ("exchange-fr", "2026-11-19T22:59:00+00:00", "respond_by", "2026-11-30T23:59:59+01:00"),
    ("exchange-fr", "2026-11-19T23:00:00+00:00", "respond_by", "2026-12-01T23:59:59+01:00"),
    ("bank-fr", "2026-11-19T22:59:00+00:00", "acknowledge_by", "2026-11-20T23:59:59+01:00"),
    ("bank-fr", "2026-11-19T23:00:00+00:00", "acknowledge_by", "2026-11-23T23:59:59+01:00"),
    ("bank-it", "2026-11-19T22:59:00+00:00", "acknowledge_by", "2026-11-23T23:59:59+01:00"),
    ("bank-it", "2026-11-19T23:00:00+00:00", "acknowledge_by", "2026-11-24T23:59:59+01:00"),
]


@pytest.mark.parametrize(("profile", "received", "name", "expected"), MIDNIGHT)
def test_receipt_just_before_or_after_local_midnight_counts_from_the_local_date(
    profile: str, received: str, name: str, expected: str
) -> None:
    """Thursday 23:59 local counts from Thursday; Friday 00:00 local counts from Friday."""
    assert deadlines(profile, received)[name] == expected


# Month ends: the same day N months later, or the last day of a month that has no such day.
MONTH_ENDS = [
    ("exchange-eu", "2026-12-31T16:00:00+00:00", "respond_by_extended", "2027-02-28T23:59:59+00:00"),
    ("exchange-eu", "2027-12-31T16:00:00+00:00", "respond_by_extended", "2028-02-29T23:59:59+00:00"),
    ("exchange-fr", "2026-12-31T23:30:00+00:00", "respond_by_extended", "2027-03-01T23:59:59+01:00"),  # 1 Jan in Paris
    ("exchange-fr", "2026-12-31T22:30:00+00:00", "respond_by_extended", "2027-02-28T23:59:59+01:00"),  # 31 Dec in Paris
    ("exchange-fr", "2027-01-31T10:00:00+01:00", "respond_by_extended", "2027-03-31T23:59:59+02:00"),
    ("bank-it", "2026-12-31T10:00:00+01:00", "respond_by", "2027-03-01T23:59:59+01:00"),  # 60 calendar days
    ("payments-lt", "2027-01-29T10:00:00+02:00", "acknowledge_by", "2027-02-01T23:59:59+02:00"),
    ("bank-fr", "2027-01-29T10:00:00+01:00", "respond_by", "2027-02-05T23:59:59+01:00"),
]


@pytest.mark.parametrize(("profile", "received", "name", "expected"), MONTH_ENDS)
def test_deadlines_run_across_month_ends(profile: str, received: str, name: str, expected: str) -> None:
    """Short months, a leap year and a receipt on the last evening of the year."""
    assert deadlines(profile, received)[name] == expected


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 3, 31), 1, date(2027, 4, 30)),
        (date(2027, 11, 30), 2, date(2028, 1, 30)),
        (date(2027, 1, 15), 12, date(2028, 1, 15)),
    ],
)
def test_a_period_in_months_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(
    received: date, months: int, expected: date
) -> None:
    """CONTRACT.md section 3: 31 January plus one month is the end of 28 (or 29) February."""
    zone = ZoneInfo("Europe/Paris")
    moment = datetime.combine(received, datetime.min.time(), tzinfo=zone).replace(hour=12)
    assert deadline_after(moment, Period(months, "months"), "FR", zone).date() == expected


def test_a_deadline_after_the_change_to_summer_time_carries_the_summer_offset() -> None:
    """exchange-fr: received in winter time (+01:00), due after Easter Monday in summer time (+02:00)."""
    result = deadlines("exchange-fr", "2026-03-26T12:00:00+01:00")
    assert result["respond_by"] == "2026-04-07T23:59:59+02:00"
    assert result["acknowledge_by"] is None  # this profile sets no acknowledgement deadline


def test_deadlines_run_across_the_year_end_and_irish_holidays() -> None:
    """exchange-eu: New Year's Day is a holiday in Ireland; times are in Dublin time."""
    result = deadlines("exchange-eu", "2026-12-31T16:00:00+00:00")
    assert result["acknowledge_by"] == "2027-01-05T23:59:59+00:00"
    assert result["respond_by"] == "2027-01-12T23:59:59+00:00"


def test_bank_it_takes_the_service_from_the_category_unless_told() -> None:
    """A payment delay is a payment service; a question about the contract's terms is banking."""
    received = "2026-12-04T10:00:00+01:00"
    assert deadlines("bank-it", received, category="payment_delay")["respond_by"] == "2026-12-29T23:59:59+01:00"
    assert deadlines("bank-it", received, category="terms_rights")["respond_by"] == "2027-02-02T23:59:59+01:00"
    told = deadlines("bank-it", received, category="terms_rights", service="payments")
    assert told["respond_by"] == "2026-12-29T23:59:59+01:00"


@pytest.mark.parametrize(
    ("profile", "category", "investigate_by"),
    [
        ("payments-lt", "unauthorised_transaction", "2026-11-23T23:59:59+02:00"),
        ("payments-lt", "payment_delay", None),
        ("exchange-eu", "unauthorised_transaction", None),
        ("exchange-fr", "unauthorised_transaction", None),
        ("bank-fr", "unauthorised_transaction", "2026-11-23T23:59:59+01:00"),
        ("bank-it", "unauthorised_transaction", "2026-11-23T23:59:59+01:00"),
        ("bank-it", "fees_statement", None),
    ],
)
def test_the_banks_and_the_payment_institution_set_an_investigation_start_for_disputed_operations(
    profile: str, category: str, investigate_by: str | None
) -> None:
    """Seed 004 §34, PSD2 Art 73: a disputed payment is investigated by the end of the next business day."""
    result = deadlines(profile, "2026-11-20T10:00:00+02:00", category=category)
    assert result["investigate_by"] == investigate_by


def test_a_time_without_an_offset_is_refused() -> None:
    """A receipt time without a zone cannot be placed on a local calendar."""
    with pytest.raises(ValueError, match="time zone"):
        deadlines("payments-lt", "2026-11-20T10:00:00")
