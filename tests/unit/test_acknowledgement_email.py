"""The acknowledgement email holds what RTS 2025/294 Art 4 and REGULATION.md require, in each language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from chalicelib import i18n
from chalicelib.config.firm import load_firm
from chalicelib.domain.complaint import DEFAULT_CATEGORIES, LANGUAGES, Complaint
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.schedule import compute_deadlines
from chalicelib.domain.validation import validate_submission
from chalicelib.emails import acknowledgement
from chalicelib.i18n.dates import date_and_time

from tests.support import body

RECEIVED = datetime(2026, 11, 20, 10, tzinfo=UTC)
FIRM = load_firm()
SUBJECTS = {
    "en": "We have received your complaint",
    "fr": "Nous avons bien reçu votre réclamation",
    "it": "Abbiamo ricevuto il Suo reclamo",
}


def complaint(language: str, profile: str = "payments-lt", **changes: object) -> Complaint:
    submission = validate_submission(
        body(language=language, **changes), latest_incident_date=RECEIVED.date(), categories=DEFAULT_CATEGORIES
    )
    policy = get_profile(profile)
    received = RECEIVED.astimezone(policy.zone)
    return Complaint(
        reference="K7M2-QX9P",
        submission=submission,
        received_at=received,
        deadlines=compute_deadlines(policy, received, submission.customer_type, None, submission.category),
        profile=profile,
        tracking_token_hashes=("h",),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_acknowledgement_holds_every_required_element(language: str) -> None:
    """Date received, reference, deadline, contacts, copy of the complaint, tracking, remedies."""
    letter = complaint(language)
    message = acknowledgement(letter, "TOKEN-123", FIRM, get_profile("payments-lt"))
    zone = get_profile("payments-lt").zone
    assert message.subject == f"{SUBJECTS[language]} K7M2-QX9P"
    for text in (message.text, message.html):
        assert date_and_time(language, RECEIVED.astimezone(zone)) in text  # when it was received
        assert date_and_time(language, letter.deadlines.respond_by.astimezone(zone)) in text  # the deadline
        assert date_and_time(language, letter.deadlines.respond_by_extended.astimezone(zone)) in text  # type: ignore[union-attr]
        for contact in (FIRM.complaints_email, FIRM.phone, FIRM.postal_address_in(language)):
            assert contact in text
        assert "My transfer of 15 November has not reached the recipient." in text  # the copy
        assert "EVP-4821-1193" in text
        assert "track/?reference=K7M2-QX9P#token=TOKEN-123" in text  # how to follow it
        assert i18n.catalogue(language)["remedies"]["bank_of_lithuania"]["name"] in text.replace("&#39;", "'")
        assert FIRM.urgent_phone not in text  # not an urgent case
    assert message.to == ("ana.jonaitiene@example.com",)
    assert message.reply_to == (FIRM.complaints_email,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unauthorised_transaction_gets_the_urgent_advice_and_investigation_date(language: str) -> None:
    """Fraud: call the urgent line now; the investigation starts by the next business day."""
    letter = complaint(language, category="unauthorised_transaction")
    message = acknowledgement(letter, "T", FIRM, get_profile("payments-lt"))
    zone = get_profile("payments-lt").zone
    for text in (message.text, message.html):
        assert FIRM.urgent_phone in text
        assert date_and_time(language, letter.deadlines.investigate_by.astimezone(zone)) in text  # type: ignore[union-attr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_customer_text_is_escaped_in_html_and_kept_as_typed_in_plain_text(language: str) -> None:
    """A description with markup cannot inject HTML into the letter."""
    hostile = "<script>alert('x')</script> & <b>bold</b> claims"
    message = acknowledgement(complaint(language, description=hostile), "T", FIRM, get_profile("payments-lt"))
    assert hostile in message.text
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_customer_is_told_the_representative_must_show_authority_and_they_get_no_copy(language: str) -> None:
    """Seed 004 §12: someone filing for the customer must show their authority before reading anything."""
    representative = {"name": "Jonas Petraitis", "email": "jonas@law.example", "capacity": "lawyer"}
    filed = complaint(language, representative=representative)
    filed = replace(filed, triage=replace(filed.triage, authority="missing"))  # as intake opens it
    message = acknowledgement(filed, "T", FIRM, get_profile("payments-lt"))
    assert message.cc == ()
    assert "Jonas Petraitis" in message.text


ADMISSIBILITY = {
    "en": "check that your complaint is admissible",
    "fr": "vérifions d'abord que votre réclamation est recevable",
    "it": "Verifichiamo innanzitutto che il Suo reclamo sia ammissibile",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_acknowledgement_says_admissibility_is_checked_and_a_refusal_comes_with_reasons(language: str) -> None:
    """RTS 2025/294 Art 4, and what the guide promises: checked first, told why if it cannot be handled."""
    message = acknowledgement(complaint(language), "T", FIRM, get_profile("payments-lt"))
    for text in (message.text, message.html.replace("&#39;", "'")):
        assert ADMISSIBILITY[language] in text


def test_a_profile_graded_by_complexity_explains_that_the_date_may_move() -> None:
    """bank-fr: the 5-day target for simple cases, and no holding-reply cap to promise."""
    message = acknowledgement(complaint("en", profile="bank-fr"), "T", FIRM, get_profile("bank-fr"))
    assert "5 business days" in message.text
    assert "in-depth analysis" in message.text
    assert "can never be later than" not in message.text
