"""The four shipped policy profiles carry exactly the contract's rules (CONTRACT.md section 3)."""

from __future__ import annotations

import pytest
from chalicelib.domain.deadlines import Period
from chalicelib.domain.profiles import PROFILES, UnknownProfile, get_profile


def test_the_product_ships_exactly_the_four_named_profiles() -> None:
    """Names are fixed by the contract: extend, never rename."""
    assert set(PROFILES) == {"payments-lt", "exchange-eu", "exchange-fr", "bank-fr"}


@pytest.mark.parametrize(
    ("name", "country", "zone", "acknowledge", "respond", "extended", "business"),
    [
        ("payments-lt", "LT", "Europe/Vilnius", Period(1), Period(15), Period(35), Period(30, "calendar")),
        ("exchange-eu", "IE", "Europe/Dublin", Period(2), Period(7), None, Period(7)),
        ("exchange-fr", "FR", "Europe/Paris", None, Period(7), None, Period(7)),
        ("bank-fr", "FR", "Europe/Paris", Period(1), Period(5), None, Period(5)),
    ],
)
def test_each_profile_counts_as_the_contract_table_says(
    name: str,
    country: str,
    zone: str,
    acknowledge: Period | None,
    respond: Period,
    extended: Period | None,
    business: Period,
) -> None:
    """Calendar, time zone, acknowledgement, consumer and business answer, and the holding-reply cap."""
    profile = get_profile(name)
    assert (profile.country, profile.time_zone) == (country, zone)
    assert profile.acknowledge == acknowledge
    assert profile.respond_period("consumer", None) == respond
    assert profile.extended_period("consumer") == extended
    assert profile.extended_period("business") is None
    assert profile.respond_period("business", None) == business


def test_bank_fr_grades_its_answer_by_complexity() -> None:
    """5 business days for simple cases, 15 for complex, 30 for exceptional ones (seed 002)."""
    profile = get_profile("bank-fr")
    assert profile.graded_by_complexity
    assert [profile.respond_period("consumer", c).days for c in ("simple", "complex", "exceptional")] == [5, 15, 30]
    assert not get_profile("payments-lt").graded_by_complexity


def test_each_profile_names_its_outside_appeal_route() -> None:
    """payments-lt: the Bank of Lithuania within a year of the complaint; bank-fr: an independent mediator."""
    lithuania = get_profile("payments-lt").adr
    assert lithuania is not None and lithuania.code == "bank_of_lithuania"
    assert lithuania.time_limit is not None and lithuania.time_limit.months == 12
    assert lithuania.time_limit.runs_from == "complaint"
    bank = get_profile("bank-fr").adr
    assert bank is not None and bank.code == "banking_mediator"
    assert all(profile.adr is not None for profile in PROFILES.values())


def test_only_payments_lt_requires_an_early_investigation_of_disputed_operations() -> None:
    """Seed 004 §34; the other profiles set no such deadline."""
    assert get_profile("payments-lt").urgent_investigation == Period(1)
    assert all(PROFILES[name].urgent_investigation is None for name in ("exchange-eu", "exchange-fr", "bank-fr"))


def test_an_unknown_profile_name_is_refused() -> None:
    """A typo in the deployment's configuration fails loudly instead of counting wrongly."""
    with pytest.raises(UnknownProfile):
        get_profile("payments-fr")
