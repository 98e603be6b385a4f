"""The letter that tells the customer a re-grade moved the answer date later, in each language."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
from chalicelib.config.firm import load_firm
from chalicelib.domain import handling
from chalicelib.domain.complaint import LANGUAGES
from chalicelib.domain.profiles import get_profile
from chalicelib.emails import handler_letter
from chalicelib.i18n.dates import date_and_time

from tests.support import new_complaint

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
FIRM = load_firm()


@pytest.mark.parametrize(
    ("profile", "grade"), [("bank-fr", {"complexity": "complex"}), ("bank-it", {"service": "banking"})]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_later_answer_date_is_told_to_the_customer_with_the_new_date(
    language: str, profile: str, grade: dict[str, str]
) -> None:
    """The subject names the reference; both versions give the new date in the firm's time zone."""
    rules = get_profile(profile)
    complaint = handling.start_investigation(new_complaint(profile, language=language), "alice", NOW).complaint
    change = handling.triage(complaint, "alice", NOW, rules, **grade)  # type: ignore[arg-type]
    assert change.letter == "deadline_extended"
    message = handler_letter("deadline_extended", change.complaint, FIRM, rules, change.letter_details)
    assert complaint.reference in message.subject
    new_date = date_and_time(language, change.complaint.deadlines.respond_by.astimezone(rules.zone))
    for text in (message.text, html.unescape(message.html)):
        assert new_date in text
        assert FIRM.complaints_email in text


@pytest.mark.parametrize(
    ("category", "period", "extended"),
    [("payment_delay", "15 business days", "35 business days"), ("terms_rights", "60 calendar days", None)],
)
def test_a_bank_it_acknowledgement_states_the_period_of_the_service_complained_about(
    category: str, period: str, extended: str | None
) -> None:
    """The period in words agrees with the date: 15 / 35 business days for a payment, 60 days otherwise."""
    from chalicelib.emails import acknowledgement

    rules = get_profile("bank-it")
    message = acknowledgement(new_complaint("bank-it", category=category), "token", FIRM, rules)
    assert f"within {period}" in message.text
    assert (extended in message.text) if extended else ("35 business days" not in message.text)
