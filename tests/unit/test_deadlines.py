"""Deadline arithmetic under the four policy profiles (CONTRACT.md section 3).

Expected dates were counted by hand against the national calendars of the `holidays` package.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.schedule import compute_deadlines


def deadlines(
    profile: str,
    received: str,
    customer_type: str = "consumer",
    complexity: str | None = None,
    category: str | None = None,
) -> dict[str, str | None]:
    return compute_deadlines(
        get_profile(profile),
        datetime.fromisoformat(received),
        customer_type,
        complexity,
        category,  # type: ignore[arg-type]
    ).as_json()


def test_the_contract_example_skips_the_lithuanian_christmas_holidays() -> None:
    """Received on 23 December in Vilnius: 24, 25 and 26 December are holidays, then a weekend."""
    result = deadlines("payments-lt", "2026-12-23T15:00:00+02:00")
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


def test_the_local_date_of_receipt_counts_not_the_utc_date() -> None:
    """Thursday 22:30 UTC is already Friday in Vilnius, so the next business day is Monday."""
    assert deadlines("payments-lt", "2026-11-26T22:30:00+00:00")["acknowledge_by"] == "2026-11-30T23:59:59+02:00"


def test_french_holidays_and_complexity_grades_set_the_bank_deadlines() -> None:
    """bank-fr: 8 May, Ascension (14 May) and Whit Monday (25 May 2026) are not business days."""
    received = "2026-05-07T10:00:00+02:00"
    assert deadlines("bank-fr", received)["acknowledge_by"] == "2026-05-11T23:59:59+02:00"
    assert deadlines("bank-fr", received, complexity="simple")["respond_by"] == "2026-05-18T23:59:59+02:00"
    assert deadlines("bank-fr", received, complexity="complex")["respond_by"] == "2026-06-02T23:59:59+02:00"
    assert deadlines("bank-fr", received, complexity="exceptional")["respond_by"] == "2026-06-23T23:59:59+02:00"


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
    assert result["respond_by_extended"] is None


def test_calendar_days_for_businesses_run_across_a_short_month() -> None:
    """payments-lt answers non-consumers within 30 calendar days, with no holding-reply extension."""
    result = deadlines("payments-lt", "2027-01-31T10:00:00+02:00", customer_type="business")
    assert result["respond_by"] == "2027-03-02T23:59:59+02:00"
    assert result["respond_by_extended"] is None


@pytest.mark.parametrize(
    ("profile", "category", "investigate_by"),
    [
        ("payments-lt", "unauthorised_transaction", "2026-11-23T23:59:59+02:00"),
        ("payments-lt", "payment_delay", None),
        ("exchange-eu", "unauthorised_transaction", None),
        ("bank-fr", "unauthorised_transaction", None),
    ],
)
def test_only_payments_lt_sets_an_investigation_start_for_disputed_operations(
    profile: str, category: str, investigate_by: str | None
) -> None:
    """Seed 004 §34: a disputed payment is investigated by the end of the next business day."""
    result = deadlines(profile, "2026-11-20T10:00:00+02:00", category=category)
    assert result["investigate_by"] == investigate_by


def test_a_time_without_an_offset_is_refused() -> None:
    """A receipt time without a zone cannot be placed on a local calendar."""
    with pytest.raises(ValueError, match="time zone"):
        deadlines("payments-lt", "2026-11-20T10:00:00")
