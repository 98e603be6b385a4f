"""Letters to the customer, kept in the complaint's record (a durable medium) as they were sent.

A letter is stored, pending, in the same write as the change that calls for it; it is sent
afterwards and retried until sent. As with the acknowledgement, a sender claims a letter with a
lease before calling the mail service.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from .value import frozen

LetterState = Literal["pending", "sending", "sent"]
LETTER_LEASE = timedelta(minutes=5)


@frozen
class Letter:
    """A letter to the customer, kept in the complaint's outbox until it is sent."""

    reference: str
    kind: str  # information_request, holding_reply, final_response, inadmissible, escalated
    created_at: datetime
    language: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    text: str
    html: str
    state: LetterState = "pending"
    attempts: int = 0
    claim_expires_at: datetime | None = None
    sent_at: datetime | None = None
    message_id: str | None = None

    @property
    def key(self) -> str:
        return f"LETTER#{self.created_at.isoformat()}#{self.kind}"


def can_claim(letter: Letter, now: datetime) -> bool:
    if letter.state == "pending":
        return True
    return letter.state == "sending" and letter.claim_expires_at is not None and letter.claim_expires_at <= now


def claimed(letter: Letter, now: datetime) -> Letter:
    return replace(letter, state="sending", attempts=letter.attempts + 1, claim_expires_at=now + LETTER_LEASE)


def sent(letter: Letter, now: datetime, message_id: str) -> Letter:
    return replace(letter, state="sent", sent_at=now, message_id=message_id, claim_expires_at=None)


def released(letter: Letter) -> Letter:
    return replace(letter, state="pending", claim_expires_at=None)
