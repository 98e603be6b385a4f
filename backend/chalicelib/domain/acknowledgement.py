"""The acknowledgement email's life: pending → sending (claimed) → sent.

A sender claims a complaint before calling the mail service, with a lease. Concurrent senders
(the API and the scheduled retry) thus never both send. If a sender dies between the mail
service accepting the message and the claim being marked sent, the lease runs out and the
message is sent again: for a regulatory acknowledgement, a rare duplicate is the lesser harm.

Only token hashes are stored, so a retry mints a token for its email and adds its hash. A failed
send takes that hash back (the token was never emailed), so a long mail outage adds nothing; a
sender that vanished may have emailed its token, so its hash stays, within MAX_TRACKING_TOKENS.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .complaint import Acknowledgement, Complaint
from .events import SYSTEM, Event

CLAIM_LEASE = timedelta(minutes=5)
MAX_TRACKING_TOKENS = 3  # the customer's first token and the two latest retries' (one a vanished sender's)


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
    hashes = complaint.tracking_token_hashes
    if extra_token_hash:
        first, *retries = (*hashes, extra_token_hash)
        hashes = (first, *retries[-(MAX_TRACKING_TOKENS - 1) :])
    return replace(complaint, acknowledgement=ack, tracking_token_hashes=hashes, version=complaint.version + 1)


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
