"""A representative reads nothing of the complaint until their authority is accepted (seed 004 §12,
GDPR Art 5(1)(f)): before that, at most a neutral notice that asks for it; after, a copy of each letter."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from chalicelib.config.firm import load_firm
from chalicelib.domain import handling
from chalicelib.domain.complaint import LANGUAGES, Authority, Complaint
from chalicelib.domain.lifecycle import Change
from chalicelib.domain.profiles import get_profile
from chalicelib.emails import acknowledgement, handler_letter, representative_notice
from chalicelib.emails.message import EmailMessage

from tests.support import new_complaint

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LT = get_profile("payments-lt")
FIRM = load_firm()
AGENT = {"name": "Jonas Petraitis", "email": "jonas@lawyers.example", "capacity": "lawyer"}
TOKEN = "TOKEN-SECRET-123"
LETTER_KINDS = [
    "acknowledgement",
    "information_request",
    "holding_reply",
    "final_response",
    "inadmissible",
    "escalated",
]


def represented(language: str, authority: Authority) -> Complaint:
    complaint: Complaint = new_complaint(language=language, representative=AGENT)
    return replace(complaint, triage=replace(complaint.triage, authority=authority))


def _change(kind: str, complaint: Complaint) -> Change:
    if kind == "inadmissible":
        reasons = "The account belongs to another firm of the group."
        return handling.triage(complaint, "alice", NOW, LT, admissible=False, inadmissible_reasons=reasons)
    started = handling.start_investigation(complaint, "alice", NOW).complaint
    if kind == "information_request":
        return handling.request_information(started, "alice", NOW, ["screenshots"], None)
    if kind == "holding_reply":
        limit = started.deadlines.respond_by_extended
        assert limit is not None
        until = date(limit.year, limit.month, limit.day)
        return handling.holding_reply(started, "alice", NOW, LT, "The correspondent bank has not answered.", until)
    if kind == "escalated":
        return handling.escalate(started, "alice", NOW, "legal", "A point of law needs the legal team.")
    return handling.final_response(
        started,
        "alice",
        NOW,
        outcome="rejected",
        reasons="Point 1: the fee was due.",
        redress=None,
        basis="Terms 12.",
        apology=None,
    )


def letter(kind: str, complaint: Complaint) -> EmailMessage:
    if kind == "acknowledgement":
        return acknowledgement(complaint, TOKEN, FIRM, LT)
    change = _change(kind, complaint)
    assert change.letter == kind
    return handler_letter(kind, change.complaint, FIRM, LT, change.letter_details)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_no_letter_reaches_a_representative_whose_authority_is_awaited(language: str, kind: str) -> None:
    """The customer gets the letter; the representative is neither addressee nor copied."""
    message = letter(kind, represented(language, "missing"))
    assert message.to == ("ana.jonaitiene@example.com",)
    assert AGENT["email"] not in (*message.to, *message.cc, *message.reply_to)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_every_letter_is_copied_to_a_representative_once_their_authority_is_accepted(language: str, kind: str) -> None:
    message = letter(kind, represented(language, "received"))
    assert message.to == ("ana.jonaitiene@example.com",)
    assert message.cc == (AGENT["email"],)


def _notice(language: str, authority: Authority = "missing") -> Any:
    return representative_notice(represented(language, authority), FIRM)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_representative_awaiting_acceptance_gets_a_neutral_notice_that_reveals_nothing(language: str) -> None:
    """No reference, no tracking code or link, no word of the complaint or of the customer."""
    complaint = represented(language, "missing")
    notice = representative_notice(complaint, FIRM)
    assert notice is not None
    assert notice.to == (AGENT["email"],) and notice.cc == ()
    assert notice.reply_to == (FIRM.complaints_email,)
    submission = complaint.submission
    secrets = [complaint.reference, TOKEN, "track/", submission.full_name, submission.email, submission.description]
    secrets += [submission.account_id or "", *submission.transaction_ids, submission.desired_resolution]
    for part in (notice.subject, notice.text, html.unescape(notice.html)):
        for secret in secrets:
            assert secret not in part
    for part in (notice.text, html.unescape(notice.html)):
        assert AGENT["name"] in part  # whom it greets
        assert FIRM.complaints_email in part and FIRM.postal_address_in(language) in part  # where to send the authority


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_neutral_notice_is_in_the_language_of_the_complaint(language: str) -> None:
    first_words = {"en": "Hello", "fr": "Bonjour", "it": "Gentile"}
    notice = _notice(language)
    assert notice.text.startswith(first_words[language])


@pytest.mark.parametrize("authority", ["received", "not_needed"])
def test_no_neutral_notice_once_authority_is_accepted_or_without_a_representative(authority: Authority) -> None:
    assert _notice("en", authority) is None
    assert representative_notice(new_complaint(), FIRM) is None
