"""The acknowledgement's claim, release and sent states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from chalicelib.domain import acknowledgement as ack
from chalicelib.domain.complaint import DEFAULT_CATEGORIES, Complaint
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.schedule import compute_deadlines
from chalicelib.domain.validation import validate_submission

from tests.support import body

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


def complaint() -> Complaint:
    submission = validate_submission(body(), latest_incident_date=NOW.date(), categories=DEFAULT_CATEGORIES)
    profile = get_profile("payments-lt")
    return Complaint(
        reference="K7M2-QX9P",
        submission=submission,
        received_at=NOW,
        deadlines=compute_deadlines(profile, NOW, "consumer"),
        profile=profile.name,
        tracking_token_hashes=("hash-1",),
    )


def test_a_new_complaint_can_be_claimed_once() -> None:
    """A claim leases the acknowledgement; a second sender must wait for the lease to run out."""
    claimed = ack.claim(complaint(), NOW)
    assert claimed.acknowledgement.state == "sending"
    assert claimed.acknowledgement.attempts == 1
    assert not ack.can_claim(claimed, NOW + timedelta(minutes=1))
    assert ack.can_claim(claimed, NOW + ack.CLAIM_LEASE)
    with pytest.raises(ValueError, match="not claimable"):
        ack.claim(claimed, NOW)


def test_a_retry_claim_adds_the_hash_of_its_new_token() -> None:
    """The token on screen keeps working; the new one in the email works too."""
    claimed = ack.claim(complaint(), NOW, extra_token_hash="hash-2")
    assert claimed.tracking_token_hashes == ("hash-1", "hash-2")


def test_a_failed_send_takes_back_the_hash_of_the_token_it_never_emailed() -> None:
    """A mail outage of any length leaves the customer's first token alone in the list."""
    claimed = ack.claim(complaint(), NOW, extra_token_hash="hash-2")
    released = ack.release(claimed, unsent_token_hash="hash-2")
    assert released.tracking_token_hashes == ("hash-1",)
    assert ack.release(ack.claim(complaint(), NOW), unsent_token_hash="hash-1").tracking_token_hashes == ("hash-1",)


def test_the_token_list_stays_bounded_when_claims_run_out_without_a_release() -> None:
    """Senders that vanish after claiming: the first token and the latest ones are kept, no more."""
    current = complaint()
    for attempt in range(2, 60):
        current = ack.claim(current, NOW + ack.CLAIM_LEASE * attempt, extra_token_hash=f"hash-{attempt}")
    latest = tuple(f"hash-{attempt}" for attempt in range(60 - ack.MAX_TRACKING_TOKENS + 1, 60))
    assert current.tracking_token_hashes == ("hash-1", *latest)
    assert len(current.tracking_token_hashes) == ack.MAX_TRACKING_TOKENS


def test_a_complaint_claimed_on_receipt_is_still_a_new_complaint() -> None:
    """The intake stores it claimed, so the scheduled retry leaves it to the intake for the lease."""
    opened = complaint()
    claimed = ack.claim_on_receipt(opened, NOW)
    assert (claimed.acknowledgement.state, claimed.acknowledgement.attempts) == ("sending", 1)
    assert claimed.version == opened.version
    assert not ack.can_claim(claimed, NOW + timedelta(minutes=1))


def test_a_failed_send_puts_the_acknowledgement_back_to_pending() -> None:
    """The scheduled retry picks it up again."""
    released = ack.release(ack.claim(complaint(), NOW))
    assert released.acknowledgement.state == "pending"
    assert ack.can_claim(released, NOW)


def test_sending_acknowledges_the_complaint_and_records_an_event() -> None:
    """received → acknowledged, with the time and the mail service's message id."""
    claimed = ack.claim(complaint(), NOW)
    sent, event = ack.mark_sent(claimed, NOW, "msg-1")
    assert (sent.status, sent.acknowledgement.state, sent.acknowledgement.message_id) == (
        "acknowledged",
        "sent",
        "msg-1",
    )
    assert (event.kind, event.status_from, event.status_to) == ("acknowledgement_sent", "received", "acknowledged")
    assert sent.version == claimed.version + 1
    assert not ack.can_claim(sent, NOW + timedelta(days=1))
