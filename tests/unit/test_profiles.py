"""The five shipped policy profiles carry exactly the contract's rules (CONTRACT.md section 3)."""

from __future__ import annotations

import pytest
from chalicelib.domain.deadlines import Period
from chalicelib.domain.profiles import PROFILES, TimeLimit, UnknownProfile, get_profile, service_of

NONE = None
TWO_MONTHS = Period(2, "months")


def test_the_product_ships_exactly_the_five_named_profiles() -> None:
    """Names are fixed by the contract: extend, never rename."""
    assert set(PROFILES) == {"payments-lt", "exchange-eu", "exchange-fr", "bank-fr", "bank-it"}


@pytest.mark.parametrize(
    ("name", "country", "zone", "acknowledge", "respond", "extended"),
    [
        ("payments-lt", "LT", "Europe/Vilnius", Period(1), Period(15), Period(35)),
        ("exchange-eu", "IE", "Europe/Dublin", Period(2), Period(7), TWO_MONTHS),
        ("exchange-fr", "FR", "Europe/Paris", NONE, Period(7), TWO_MONTHS),
        ("bank-fr", "FR", "Europe/Paris", Period(1), Period(5), NONE),
        ("bank-it", "IT", "Europe/Rome", Period(2), Period(60, "calendar"), NONE),
    ],
)
@pytest.mark.parametrize("customer_type", ["consumer", "business"])
def test_each_profile_counts_as_the_contract_table_says_for_consumers_and_businesses_alike(
    name: str,
    country: str,
    zone: str,
    acknowledge: Period | None,
    respond: Period,
    extended: Period | None,
    customer_type: str,
) -> None:
    """Calendar, time zone, acknowledgement, answer and holding-reply cap; no profile treats a business
    customer worse than a consumer (PSD2 Art 101(2) has no derogation for business users)."""
    profile = get_profile(name)
    assert (profile.country, profile.time_zone) == (country, zone)
    assert profile.acknowledge == acknowledge
    assert profile.respond_period(customer_type, None) == respond  # type: ignore[arg-type]
    assert profile.extended_period(customer_type) == extended  # type: ignore[arg-type]


def test_bank_fr_grades_its_answer_and_only_an_exceptional_case_may_be_extended() -> None:
    """5 / 15 / 15 business days; an exceptional case may be answered by the 30th after a holding reply."""
    profile = get_profile("bank-fr")
    assert profile.graded_by_complexity
    grades = ("simple", "complex", "exceptional")
    assert [profile.respond_period("consumer", grade) for grade in grades] == [Period(5), Period(15), Period(15)]
    assert [profile.extended_period("consumer", grade) for grade in grades] == [None, None, Period(30)]
    assert not get_profile("payments-lt").graded_by_complexity


def test_bank_it_counts_by_the_service_the_complaint_concerns() -> None:
    """Payment services: PSD2's 15 / 35 business days; banking and financial services: 60 calendar days."""
    profile = get_profile("bank-it")
    assert profile.by_service
    assert profile.respond_period("consumer", None, "payments") == Period(15)
    assert profile.extended_period("consumer", None, "payments") == Period(35)
    assert profile.respond_period("business", None, "banking") == Period(60, "calendar")
    assert profile.extended_period("business", None, "banking") is None
    assert not get_profile("bank-fr").by_service


@pytest.mark.parametrize(
    ("category", "service"),
    [
        ("payment_delay", "payments"),
        ("unauthorised_transaction", "payments"),
        ("fees_statement", "payments"),
        ("account_access", "payments"),
        ("account_restriction", "payments"),
        ("security_privacy", "banking"),
        ("service_quality", "banking"),
        ("terms_rights", "banking"),
        ("other", "banking"),
        ("a_deployments_own_code", "banking"),
        (None, "banking"),
    ],
)
def test_the_category_tells_which_service_a_complaint_concerns(category: str | None, service: str) -> None:
    """Payments, their fees and the payment account itself are payment services (PSD2 Annex I)."""
    assert service_of(category) == service


def test_each_profile_names_its_outside_appeal_route() -> None:
    """payments-lt: the Bank of Lithuania; bank-it: the ABF, each within a year of the complaint."""
    lithuania = get_profile("payments-lt").adr
    assert lithuania is not None and lithuania.code == "bank_of_lithuania"
    assert lithuania.time_limit == TimeLimit(12, "complaint")
    bank = get_profile("bank-fr").adr
    assert bank is not None and bank.code == "banking_mediator"
    italy = get_profile("bank-it").adr
    assert italy is not None and italy.code == "abf"
    assert italy.time_limit == TimeLimit(12, "complaint")
    assert all(profile.adr is not None for profile in PROFILES.values())


def test_bank_it_lists_the_regulator_and_the_courts_too() -> None:
    """Like the other profiles: internal review, the ADR body, the regulator, the courts."""
    kinds = [(remedy.code, remedy.kind) for remedy in get_profile("bank-it").remedies]
    assert kinds == [
        ("internal_review", "internal"),
        ("abf", "adr"),
        ("banca_d_italia", "regulator"),
        ("courts", "courts"),
    ]


def test_the_banks_and_the_payment_institution_start_investigating_disputed_operations_the_next_day() -> None:
    """Seed 004 §34, PSD2 Art 73; the exchanges set no such deadline."""
    for name in ("payments-lt", "bank-fr", "bank-it"):
        assert get_profile(name).urgent_investigation == Period(1)
    assert all(PROFILES[name].urgent_investigation is None for name in ("exchange-eu", "exchange-fr"))


def test_an_unknown_profile_name_is_refused() -> None:
    """A typo in the deployment's configuration fails loudly instead of counting wrongly."""
    with pytest.raises(UnknownProfile):
        get_profile("payments-fr")
