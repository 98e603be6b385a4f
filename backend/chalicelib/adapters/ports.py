"""What the services need from the outside world. Each port has a real adapter and an
in-memory twin, and both pass the same contract tests (tests/integration/test_*_contract.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ..domain.complaint import Complaint
from ..domain.events import Event
from ..domain.idempotency import IdempotencyRecord
from ..emails.message import EmailMessage


class ReferenceTaken(Exception):
    """Another complaint already holds this reference: draw a new one."""


class IdempotencyKeyTaken(Exception):
    """A submission with this Idempotency-Key was stored first."""


class ConcurrentUpdate(Exception):
    """The complaint changed since it was read: read it again and retry, or give way."""


class StorageUnavailable(Exception):
    """The store did not answer (throttled, down): nothing was written; the caller may retry."""


class MailUnavailable(Exception):
    """The mail service did not accept the message: nothing was sent."""


class ComplaintRepository(Protocol):
    def add(self, complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None) -> None:
        """Store a new complaint, its first event and its idempotency record, all or nothing."""

    def get(self, reference: str) -> Complaint | None: ...

    def save(self, complaint: Complaint, event: Event | None = None) -> None:
        """Replace the complaint if the stored version is `complaint.version - 1`."""

    def events(self, reference: str) -> list[Event]: ...

    def get_idempotency(self, key_hash: str) -> IdempotencyRecord | None: ...

    def references_by_status(self, status: str, due_before: datetime | None = None) -> list[str]:
        """References in a status, earliest deadline first; only those due before a time if given."""

    def take_rate_slot(self, client_hash: str, window: str, limit: int, expires_at: datetime) -> bool:
        """Count one submission for a client in a time window; False once the limit is reached."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Send and return the mail service's message id, or raise MailUnavailable."""
