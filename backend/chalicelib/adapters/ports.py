"""What the services need from the outside world. Each port has a real adapter and an
in-memory twin, and both pass the same contract tests (tests/integration/test_*_contract.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ..domain.attachments import UploadRecord
from ..domain.complaint import Complaint
from ..domain.events import Event
from ..domain.idempotency import IdempotencyRecord
from ..domain.letters import Letter
from ..domain.value import frozen
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


@frozen
class Quota:
    """A limit a new complaint must fit in: at most `limit` distinct slots under `key` in `window`.
    A retry carries its first attempt's slot, so it never counts twice."""

    key: str  # already hashed: no personal data in a key
    window: str  # e.g. the UTC hour or day
    limit: int
    expires_at: datetime
    slot: str


class QuotaExhausted(Exception):
    def __init__(self, quota: Quota):
        super().__init__(quota.key)
        self.quota = quota


class ComplaintRepository(Protocol):
    def add(
        self, complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None, quotas: tuple[Quota, ...] = ()
    ) -> None:
        """Store a new complaint, its first event and its idempotency record, and take a slot of each
        quota, all or nothing. Raises IdempotencyKeyTaken (before anything else), QuotaExhausted or
        ReferenceTaken."""

    def get(self, reference: str) -> Complaint | None: ...

    def save(self, complaint: Complaint, event: Event | None = None, letter: Letter | None = None) -> None:
        """Replace the complaint if the stored version is `complaint.version - 1`; append its event and
        store its letter in the same write."""

    def set_expiry(self, reference: str, expires_at: datetime | None) -> None:
        """Give every event and letter of a complaint its retention end (or lift it)."""

    def get_many(self, references: list[str]) -> list[Complaint]:
        """The complaints that exist among `references`, in no particular order."""

    def references_by_customer(self, email: str) -> list[str]:
        """References of every complaint filed with this email address, oldest first."""

    def references_received(self, month: str) -> list[str]:
        """References of the complaints received in a month (YYYY-MM), oldest first."""

    def letters(self, reference: str) -> list[Letter]: ...

    def get_letter(self, reference: str, key: str) -> Letter | None: ...

    def replace_letter(self, letter: Letter, previous: Letter) -> None:
        """Store `letter` if the stored one is still `previous` (same state and attempts)."""

    def pending_letters(self) -> list[tuple[str, str]]:
        """(reference, letter key) of every letter not sent yet, oldest first."""

    def events(self, reference: str) -> list[Event]: ...

    def get_idempotency(self, key_hash: str) -> IdempotencyRecord | None: ...

    def references_by_status(self, status: str, due_before: datetime | None = None) -> list[str]:
        """References in a status, earliest deadline first; only those due before a time if given."""

    def add_upload(self, upload: UploadRecord) -> None:
        """Remember an allowed upload for a day (TTL)."""

    def get_upload(self, upload_id: str) -> UploadRecord | None: ...

    def take_rate_slot(
        self, client_hash: str, window: str, limit: int, expires_at: datetime, slot: str | None = None
    ) -> bool:
        """Count one submission for a client in a time window; False once the limit is reached.

        The same `slot` (a submission's retries share one) counts once, and is granted again even
        at the limit; without one, every call counts."""


class FileUnavailable(Exception):
    """The file store did not answer: nothing was changed; the caller may retry."""


@frozen
class PresignedUpload:
    """A short-lived address the browser PUTs one file to."""

    url: str
    headers: dict[str, str]  # the browser must send exactly these with its PUT
    expires_at: datetime


class FileStore(Protocol):
    """Private object storage for attachments (S3 in AWS, the embedded AWS's S3 under `make run`)."""

    def upload_url(self, key: str, content_type: str, size: int, now: datetime) -> PresignedUpload:
        """A short-lived PUT that can only create `key`, never overwrite it, with exactly `size` bytes
        of `content_type`: storage cannot be filled through a grant for a small file."""

    def download_url(self, key: str, filename: str, content_type: str, now: datetime) -> str:
        """A short-lived GET of `key`, served as an attachment named `filename`."""

    def size(self, key: str) -> int | None:
        """The stored size, or None when nothing is stored at `key`."""

    def read(self, key: str, limit: int | None = None) -> bytes:
        """The first `limit` bytes (all of them when None)."""

    def move(self, source: str, target: str) -> None: ...

    def delete(self, key: str) -> None: ...

    def keys(self, prefix: str) -> list[str]:
        """Every key under `prefix` (e.g. a complaint's folder), in no particular order."""

    def scan_verdict(self, key: str) -> str:
        """'clean', 'infected' or 'pending', from the malware scan's tag on the object."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Send and return the mail service's message id, or raise MailUnavailable."""


class StaffAccounts(Protocol):
    """The staff directory's word on a token whose signature already checked out."""

    def is_active(self, access_token: str) -> bool:
        """False when the account is disabled or its tokens were revoked (signed out everywhere)."""
        ...
