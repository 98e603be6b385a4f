"""The acknowledgement email's life: pending → sending (claimed) → sent.

A sender claims a complaint before calling the mail service, with a lease. Concurrent senders
(the API and the scheduled retry) thus never both send. If a sender dies between the mail
service accepting the message and the claim being marked sent, the lease runs out and the
message is sent again: for a regulatory acknowledgement, a rare duplicate is the lesser harm.

Only token hashes are stored, so a retry mints a token for its email and adds its hash. A failed
send takes that hash back (the token was never emailed), so a long mail outage adds nothing; a
sender that vanished may have emailed its token, so its hash stays, within MAX_TRACKING_TOKENS.
Each later letter carries a token of its own too (with_tracking_token): the oldest retry's or
letter's hash makes way, never the customer's first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .complaint import Acknowledgement, Complaint
from .events import SYSTEM, Event

CLAIM_LEASE = timedelta(minutes=5)
# The customer's first token and the latest four: acknowledgement retries' and later letters'.
MAX_TRACKING_TOKENS = 5


def can_claim(complaint: Complaint, now: datetime) -> bool:
    ack = complaint.acknowledgement
    if ack.state == "pending":
        return True
    return ack.state == "sending" and ack.claim_expires_at is not None and ack.claim_expires_at <= now


def claim(complaint: Complaint, now: datetime, extra_token_hash: str | None = None) -> Complaint:
    if not can_claim(complaint, now):
        raise ValueError("acknowledgement is not claimable")
    ack = replace(
        complaint.acknowledgement,
        state="sending",
        attempts=complaint.acknowledgement.attempts + 1,
        claim_expires_at=now + CLAIM_LEASE,
    )
    hashes = _bounded(complaint.tracking_token_hashes, extra_token_hash)
    return replace(complaint, acknowledgement=ack, tracking_token_hashes=hashes, version=complaint.version + 1)


def with_tracking_token(complaint: Complaint, token_hash: str) -> Complaint:
    """A later letter's own tracking token, so its link opens the complaint (the version is the
    change's own: the hash is saved in the same write as the letter)."""
    return replace(complaint, tracking_token_hashes=_bounded(complaint.tracking_token_hashes, token_hash))


def _bounded(hashes: tuple[str, ...], extra: str | None) -> tuple[str, ...]:
    """The hashes with `extra` added: the customer's first kept, then the latest ones up to the cap."""
    if not extra:
        return hashes
    first, *later = (*hashes, extra)
    return (first, *later[-(MAX_TRACKING_TOKENS - 1) :])


def claim_on_receipt(complaint: Complaint, now: datetime) -> Complaint:
    """A new complaint stored already claimed by the request that files it: the scheduled retry
    leaves it alone for the lease, and the email carries the token shown on screen."""
    return replace(claim(complaint, now), version=complaint.version)


def release(complaint: Complaint, unsent_token_hash: str | None = None) -> Complaint:
    """The mail service failed: back to pending, for the scheduled retry, without the hash of the
    token that was never emailed (never the customer's first)."""
    first, *retries = complaint.tracking_token_hashes
    hashes = (first, *(h for h in retries if h != unsent_token_hash))
    ack = replace(complaint.acknowledgement, state="pending", claim_expires_at=None)
    return replace(complaint, acknowledgement=ack, tracking_token_hashes=hashes, version=complaint.version + 1)


def mark_sent(complaint: Complaint, now: datetime, message_id: str) -> tuple[Complaint, Event]:
    ack = Acknowledgement(
        state="sent",
        attempts=complaint.acknowledgement.attempts,
        sent_at=now,
        message_id=message_id,
    )
    status = "acknowledged" if complaint.status == "received" else complaint.status
    event = Event(
        at=now,
        actor=SYSTEM,
        kind="acknowledgement_sent",
        status_from=complaint.status,
        status_to=status,
        details={"attempts": ack.attempts},
    )
    return replace(complaint, acknowledgement=ack, status=status, version=complaint.version + 1), event
