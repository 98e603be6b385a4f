"""The acknowledgement email's life: pending → sending (claimed) → sent.

A sender claims a complaint before calling the mail service, with a lease. Concurrent senders
(the API and the scheduled retry) thus never both send. If a sender dies between the mail
service accepting the message and the claim being marked sent, the lease runs out and the
message is sent again: for a regulatory acknowledgement, a rare duplicate is the lesser harm.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .complaint import Acknowledgement, Complaint
from .events import SYSTEM, Event

CLAIM_LEASE = timedelta(minutes=5)


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
    hashes = complaint.tracking_token_hashes + ((extra_token_hash,) if extra_token_hash else ())
    return replace(complaint, acknowledgement=ack, tracking_token_hashes=hashes, version=complaint.version + 1)


def release(complaint: Complaint) -> Complaint:
    """The mail service failed: back to pending, for the scheduled retry."""
    ack = replace(complaint.acknowledgement, state="pending", claim_expires_at=None)
    return replace(complaint, acknowledgement=ack, version=complaint.version + 1)


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
