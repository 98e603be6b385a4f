"""Validation of complaint submissions: every rule of CONTRACT.md section 2, all errors at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from chalicelib.domain.complaint import DEFAULT_CATEGORIES
from chalicelib.domain.validation import InvalidSubmission, request_language, validate_submission

from tests.support import body

TODAY = date(2026, 11, 21)


def validate(raw: dict[str, Any]):  # type: ignore[no-untyped-def]
    return validate_submission(raw, latest_incident_date=TODAY, categories=DEFAULT_CATEGORIES)


def errors_of(raw: dict[str, Any]) -> set[tuple[str | None, str]]:
    with pytest.raises(InvalidSubmission) as caught:
        validate(raw)
    return {(error.field, error.code) for error in caught.value.errors}


def test_a_complete_complaint_passes_with_its_values_normalised() -> None:
    """Trimmed, NFC-composed strings; country upper-cased; lists and amounts kept as given."""
    submission = validate(body(full_name="  Ane\u0301 Jonaitiene\u0307  ", country="lt"))
    assert submission.full_name == "Ané Jonaitienė"
    assert submission.country == "LT"
    assert submission.transaction_ids == ("TX-99812",)
    assert submission.amount_disputed is not None and submission.amount_disputed.value == "250.00"


def test_an_empty_body_lists_every_required_field_at_once() -> None:
    """One error per missing field, so the form can mark them all in one go."""
    assert errors_of({}) == {
        ("language", "required"),
        ("email", "required"),
        ("has_account", "required"),
        ("full_name", "required"),
        ("country", "required"),
        ("customer_type", "required"),
        ("category", "required"),
        ("description", "required"),
        ("incident_date", "required"),
        ("desired_resolution", "required"),
        ("consent", "required"),
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"language": "de"}, ("language", "invalid")),
        ({"email": "ana@"}, ("email", "invalid")),
        ({"email": "ana example.com"}, ("email", "invalid")),
        ({"email": "ana@example.com\r\nBcc: all@example.com"}, ("email", "invalid_characters")),
        ({"has_account": "yes"}, ("has_account", "invalid")),
        ({"account_id": None}, ("account_id", "required")),
        ({"has_account": False}, ("account_id", "not_allowed")),
        ({"country": "XX"}, ("country", "invalid")),
        ({"country": "LTU"}, ("country", "too_long")),
        ({"customer_type": "company"}, ("customer_type", "invalid")),
        ({"category": "crypto"}, ("category", "invalid")),
        ({"description": "Too short"}, ("description", "too_short")),
        ({"description": "x" * 10_001}, ("description", "too_long")),
        ({"incident_date": "2026-11-22"}, ("incident_date", "future")),
        ({"incident_date": "20/11/2026"}, ("incident_date", "invalid")),
        ({"incident_date": "2026-02-30"}, ("incident_date", "invalid")),
        ({"incident_date": "1969-12-31"}, ("incident_date", "too_old")),
        ({"incident_time": "24:00"}, ("incident_time", "invalid")),
        ({"transaction_ids": "TX-1"}, ("transaction_ids", "invalid")),
        ({"transaction_ids": [f"T{i}" for i in range(51)]}, ("transaction_ids", "too_many")),
        ({"ticket_ids": ["x" * 101]}, ("ticket_ids", "item_too_long")),
        ({"amount_disputed": {"value": "-3", "currency": "EUR"}}, ("amount_disputed.value", "invalid")),
        ({"amount_disputed": {"value": "0", "currency": "EUR"}}, ("amount_disputed.value", "invalid")),
        ({"amount_disputed": {"value": 12.5, "currency": "EUR"}}, ("amount_disputed.value", "invalid")),
        ({"amount_disputed": {"value": "12", "currency": "€"}}, ("amount_disputed.currency", "invalid")),
        ({"amount_disputed": "12 EUR"}, ("amount_disputed", "invalid")),
        ({"phone": "call me"}, ("phone", "invalid")),
        (
            {"representative": {"name": "Jonas", "email": "jonas@", "capacity": "lawyer"}},
            ("representative.email", "invalid"),
        ),
        ({"representative": {"name": "Jonas", "email": "jonas@example.com"}}, ("representative.capacity", "required")),
        ({"consent": False}, ("consent", "required")),
        ({"consent": "true"}, ("consent", "invalid")),
    ],
)
def test_each_rule_names_its_field_and_reason(changes: dict[str, Any], expected: tuple[str, str]) -> None:
    """A single bad field gives exactly one error, on that field."""
    assert errors_of(body(**changes)) == {expected}


def test_control_characters_are_refused_but_newlines_are_kept_in_free_text() -> None:
    """Free text keeps its paragraphs; single-line fields refuse line breaks (no CR/LF reaches a header)."""
    submission = validate(body(description="First line\r\nSecond line\rThird\tpart"))
    assert submission.description == "First line\nSecond line\nThird part"
    assert errors_of(body(full_name="Ana\nJonaitienė")) == {("full_name", "invalid_characters")}
    assert errors_of(body(description="Bell \x07 rings here")) == {("description", "invalid_characters")}
    assert errors_of(body(desired_resolution="Pay \u202eme back")) == {("desired_resolution", "invalid_characters")}


def test_unknown_fields_are_ignored_and_never_kept() -> None:
    """Only the contract's fields reach the stored record."""
    submission = validate(body(is_admin=True, reference="HACK-0000"))
    assert "is_admin" not in submission.as_record()
    assert "reference" not in submission.as_record()


def test_optional_fields_may_be_missing_or_null() -> None:
    """Optional fields default to empty values."""
    raw = body()
    for name in (
        "incident_time",
        "transaction_ids",
        "ticket_ids",
        "people_involved",
        "actions_taken",
        "amount_disputed",
        "phone",
        "address",
        "representative",
    ):
        raw.pop(name)
    submission = validate(raw)
    assert submission.transaction_ids == () and submission.amount_disputed is None
    assert submission.incident_time is None


def test_a_customer_without_an_account_has_no_account_id() -> None:
    """has_account false with an empty account ID is valid, and stores null."""
    assert validate(body(has_account=False, account_id="")).account_id is None


def test_amounts_written_with_a_decimal_comma_are_understood() -> None:
    """French and Italian customers write 120,50; crypto tickers are accepted as currencies."""
    submission = validate(body(amount_disputed={"value": "120,50", "currency": "btc"}))
    assert submission.amount_disputed is not None
    assert (submission.amount_disputed.value, submission.amount_disputed.currency) == ("120.50", "BTC")


def test_repeated_and_blank_list_entries_are_dropped() -> None:
    """The form may send empty rows; they are not stored."""
    assert validate(body(transaction_ids=["TX-1", " ", "TX-1", "TX-2"])).transaction_ids == ("TX-1", "TX-2")


def test_a_representative_is_kept_with_name_email_and_role() -> None:
    """Someone filing for the customer (seed 004 §12)."""
    submission = validate(
        body(representative={"name": "Jonas Petraitis", "email": "jonas@law.example", "capacity": "lawyer"})
    )
    assert submission.representative is not None and submission.representative.capacity == "lawyer"


def test_today_in_the_earliest_time_zone_is_not_the_future() -> None:
    """The caller passes the latest date anywhere on Earth; that date itself is allowed."""
    assert validate(body(incident_date="2026-11-21")).incident_date == TODAY


@pytest.mark.parametrize(
    ("raw", "fallback", "expected"),
    [({"language": "fr"}, None, "fr"), ({"language": "de"}, "it", "it"), ([], None, "en"), ({}, "xx", "en")],
)
def test_errors_are_answered_in_the_body_language_then_the_header_then_english(
    raw: Any, fallback: str | None, expected: str
) -> None:
    """CONTRACT.md: errors in the request's language, English when it is unknown."""
    assert request_language(raw, fallback) == expected
