"""Each letter to the customer holds its required content, in each language (REGULATION.md,
seed 004 §26-30, PSD2 Art 101)."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

import pytest
from chalicelib import i18n
from chalicelib.config.firm import load_firm
from chalicelib.domain import handling
from chalicelib.domain.complaint import LANGUAGES
from chalicelib.domain.profiles import PROFILES, get_profile
from chalicelib.emails import handler_letter
from chalicelib.i18n.dates import date_and_time

from tests.support import new_complaint

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LT = get_profile("payments-lt")
FIRM = load_firm()
APOLOGY = {"en": "we apologise", "fr": "nous vous présentons nos excuses", "it": "Le porgiamo le nostre scuse"}


def started(language: str):  # type: ignore[no-untyped-def]
    return handling.start_investigation(new_complaint(language=language), "alice", NOW).complaint


def letter(change, details=None):  # type: ignore[no-untyped-def]
    message = handler_letter(change.letter, change.complaint, FIRM, LT, details or change.letter_details)
    assert message.subject and change.complaint.reference in message.subject
    return message.text, html.unescape(message.html)  # compare what the reader sees


def when(language: str, moment: datetime) -> str:
    return date_and_time(language, moment.astimezone(LT.zone))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_request_for_information_lists_what_is_missing_and_the_answer_date(language: str) -> None:
    """Only the items asked for, in the customer's words, and the date we still aim for."""
    change = handling.request_information(started(language), "alice", NOW, ["screenshots", "police_report"], None)
    for text in letter(change):
        for item in ("screenshots", "police_report"):
            assert i18n.catalogue(language)["information_items"][item] in text
        assert when(language, change.complaint.answer_due) in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_holding_reply_gives_the_reason_the_new_date_and_the_limit(language: str) -> None:
    """PSD2 Art 101(2): why, when, and that the date is within the legal limit."""
    complaint = started(language)
    limit = complaint.deadlines.respond_by_extended
    change = handling.holding_reply(
        complaint,
        "alice",
        NOW,
        LT,
        "The correspondent bank has not answered yet.",
        date(limit.year, limit.month, limit.day),
    )
    for text in letter(change):
        assert "The correspondent bank has not answered yet." in text
        assert when(language, limit) in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", ["upheld", "partially_upheld", "rejected"])
def test_a_final_response_carries_outcome_reasons_redress_apology_and_remedies(language: str, outcome: str) -> None:
    """Justified: an apology and the redress. Not fully upheld: the basis and every remedy with its limit."""
    change = handling.final_response(
        started(language),
        "alice",
        NOW,
        outcome=outcome,
        reasons="Point 1: the fee was charged twice.",
        redress="We refund 5 EUR." if outcome != "rejected" else None,
        basis="General terms, article 12." if outcome != "upheld" else None,
        apology=None,
    )
    texts = i18n.catalogue(language)
    for text in letter(change):
        text = text
        assert texts["outcomes"][outcome] in text
        assert "Point 1: the fee was charged twice." in text
        assert (APOLOGY[language] in text) == (outcome != "rejected")
        assert ("We refund 5 EUR." in text) == (outcome != "rejected")
        remedies = i18n.remedy_texts(language, LT)
        lithuania = next(r for r in remedies if r["code"] == "bank_of_lithuania")
        assert lithuania["name"] in text  # whatever the outcome: the FSPO and the RTS expect it
        assert lithuania["limit"] in text


INDEPENDENT = {"en": "independent of", "fr": "indépendants de", "it": "indipendenti da"}


def final_letter(language: str, profile_name: str, outcome: str) -> tuple[str, str]:
    profile = get_profile(profile_name)
    complaint = handling.start_investigation(new_complaint(profile_name, language=language), "alice", NOW).complaint
    change = handling.final_response(
        complaint,
        "alice",
        NOW,
        outcome=outcome,
        reasons="Point 1: the fee was charged twice.",
        redress="We refund 5 EUR." if outcome != "rejected" else None,
        basis="General terms, article 12.",
        apology=None,
    )
    message = handler_letter("final_response", change.complaint, FIRM, profile, change.letter_details)
    return message.text, html.unescape(message.html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("profile_name", sorted(PROFILES))
@pytest.mark.parametrize("outcome", ["upheld", "partially_upheld", "rejected"])
def test_every_final_letter_names_the_adr_body_with_its_address_and_website(
    language: str, profile_name: str, outcome: str
) -> None:
    """CMF L316-1, Code de la consommation L612-1 ff., the FSPO: name and contact details, not "on request"."""
    body = FIRM.adr_bodies[profile_name]
    for text in final_letter(language, profile_name, outcome):
        assert body.name_in(language) in text  # the reader's name for it, the official one kept
        assert body.postal_address_in(language) in text
        assert body.website in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("profile_name", sorted(PROFILES))
def test_a_final_letter_lists_our_own_review_apart_from_the_independent_bodies(
    language: str, profile_name: str
) -> None:
    """The internal review is ours: it comes before, and outside, the list of bodies independent of us."""
    remedies = i18n.remedy_texts(language, get_profile(profile_name))
    for text in final_letter(language, profile_name, "rejected"):
        independent = text.index(INDEPENDENT[language])
        for remedy in remedies:
            position = text.index(remedy["name"])
            assert (position < independent) == (remedy["kind"] == "internal"), remedy["code"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_inadmissibility_letter_gives_the_reasons_and_the_remedies(language: str) -> None:
    """A refusal always says why and where else to turn."""
    change = handling.triage(
        new_complaint(language=language),
        "alice",
        NOW,
        LT,
        admissible=False,
        inadmissible_reasons="The account belongs to another firm of the group.",
    )
    for text in letter(change):
        assert "The account belongs to another firm of the group." in text
        assert i18n.remedy_texts(language, LT)[1]["name"] in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_escalation_letter_names_who_reviews_the_complaint(language: str) -> None:
    """The customer knows it moved up, and that nothing is needed from them."""
    change = handling.escalate(started(language), "alice", NOW, "legal", "A point of law needs the legal team.")
    for text in letter(change):
        assert i18n.catalogue(language)["escalation_targets"]["legal"] in text
