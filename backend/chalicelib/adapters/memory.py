"""In-memory twins of the adapters, for service tests and benchmarks.

They keep the same records as the real adapters and pass the same contract tests.
"""

from __future__ import annotations

import copy
import itertools
import secrets
import threading
from datetime import datetime, timedelta
from typing import Any

from ..domain.attachments import UploadRecord
from ..domain.complaint import Complaint
from ..domain.events import Event
from ..domain.idempotency import IdempotencyRecord
from ..domain.letters import Letter
from ..emails.message import EmailMessage
from .ports import (
    ConcurrentUpdate,
    FileUnavailable,
    IdempotencyKeyTaken,
    MailUnavailable,
    PresignedUpload,
    Quota,
    QuotaExhausted,
    ReferenceTaken,
)
from .records import (
    COMPLAINT_SK,
    OUTBOX,
    complaint_from_record,
    complaint_pk,
    complaint_to_record,
    customer_key,
    due_key,
    event_from_record,
    event_to_record,
    letter_from_record,
    letter_to_record,
    upload_from_record,
    upload_to_record,
)


class MemoryComplaintRepository:
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def add(
        self, complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None, quotas: tuple[Quota, ...] = ()
    ) -> None:
        record = complaint_to_record(complaint)
        with self._lock:
            if idempotency and ("IDEM#" + idempotency.key_hash, "IDEMPOTENCY") in self._items:
                raise IdempotencyKeyTaken()
            for quota in quotas:
                slots = self._items.get(("RATE#" + quota.key, quota.window), {"slots": set()})["slots"]
                if quota.slot not in slots and len(slots) >= quota.limit:
                    raise QuotaExhausted(quota)
            if (record["pk"], record["sk"]) in self._items:
                raise ReferenceTaken(complaint.reference)
            for quota in quotas:
                self._items.setdefault(("RATE#" + quota.key, quota.window), {"slots": set()})["slots"].add(quota.slot)
            if idempotency:
                self._items[("IDEM#" + idempotency.key_hash, "IDEMPOTENCY")] = {"record": idempotency}
            self._store(record)
            self._store(event_to_record(complaint.reference, event, complaint.version))

    def get(self, reference: str) -> Complaint | None:
        with self._lock:
            record = self._items.get((complaint_pk(reference), COMPLAINT_SK))
            return complaint_from_record(copy.deepcopy(record)) if record else None

    def save(self, complaint: Complaint, event: Event | None = None, letter: Letter | None = None) -> None:
        record = complaint_to_record(complaint)
        with self._lock:
            stored = self._items.get((record["pk"], record["sk"]))
            if stored is None or stored["version"] != complaint.version - 1:
                raise ConcurrentUpdate(complaint.reference)
            self._store(record)
            if event:
                self._store(event_to_record(complaint.reference, event, complaint.version))
            if letter:
                self._store(letter_to_record(letter))

    def set_expiry(self, reference: str, expires_at: datetime | None) -> None:
        pk = complaint_pk(reference)
        with self._lock:
            for (item_pk, sk), item in self._items.items():
                if item_pk == pk and sk != COMPLAINT_SK:
                    if expires_at:
                        item["expires_at"] = int(expires_at.timestamp())
                    else:
                        item.pop("expires_at", None)

    def expiry_of(self, reference: str) -> dict[str, int | None]:
        """Each item's TTL, by sort key (the twin's window for tests)."""
        pk = complaint_pk(reference)
        with self._lock:
            return {sk: item.get("expires_at") for (item_pk, sk), item in self._items.items() if item_pk == pk}

    def get_many(self, references: list[str]) -> list[Complaint]:
        return [complaint for complaint in map(self.get, dict.fromkeys(references)) if complaint]

    def references_by_customer(self, email: str) -> list[str]:
        with self._lock:
            matches = [r for r in self._items.values() if r.get("customer_pk") == customer_key(email)]
        return [r["reference"] for r in sorted(matches, key=lambda r: r["customer_sk"])]

    def references_received(self, month: str) -> list[str]:
        with self._lock:
            matches = [r for r in self._items.values() if r.get("month_pk") == "RECEIVED#" + month]
        return [r["reference"] for r in sorted(matches, key=lambda r: r["month_sk"])]

    def letters(self, reference: str) -> list[Letter]:
        pk = complaint_pk(reference)
        with self._lock:
            records = [r for (p, s), r in sorted(self._items.items()) if p == pk and s.startswith("LETTER#")]
        return [letter_from_record(copy.deepcopy(r)) for r in records]

    def get_letter(self, reference: str, key: str) -> Letter | None:
        with self._lock:
            record = self._items.get((complaint_pk(reference), key))
        return letter_from_record(copy.deepcopy(record)) if record else None

    def replace_letter(self, letter: Letter, previous: Letter) -> None:
        record = letter_to_record(letter)
        with self._lock:
            stored = self._items.get((record["pk"], record["sk"]))
            if stored is None or (stored["state"], stored["attempts"]) != (previous.state, previous.attempts):
                raise ConcurrentUpdate(letter.reference)
            self._store(record)

    def pending_letters(self) -> list[tuple[str, str]]:
        with self._lock:
            matches = [r for r in self._items.values() if r.get("status_pk") == OUTBOX]
        return [(r["reference"], r["sk"]) for r in sorted(matches, key=lambda r: r["due_sk"])]

    def events(self, reference: str) -> list[Event]:
        pk = complaint_pk(reference)
        with self._lock:
            records = [r for (p, s), r in sorted(self._items.items()) if p == pk and s.startswith("EVENT#")]
        return [event_from_record(copy.deepcopy(r)) for r in records]

    def get_idempotency(self, key_hash: str) -> IdempotencyRecord | None:
        with self._lock:
            stored = self._items.get(("IDEM#" + key_hash, "IDEMPOTENCY"))
        return stored["record"] if stored else None

    def references_by_status(self, status: str, due_before: datetime | None = None) -> list[str]:
        bound = due_key(due_before) + "#~" if due_before else None
        with self._lock:
            matches = [
                r
                for r in self._items.values()
                if r.get("status_pk") == "STATUS#" + status and (bound is None or r["due_sk"] < bound)
            ]
        return [r["reference"] for r in sorted(matches, key=lambda r: r["due_sk"])]

    def add_upload(self, upload: UploadRecord) -> None:
        with self._lock:
            self._store(upload_to_record(upload))

    def get_upload(self, upload_id: str) -> UploadRecord | None:
        with self._lock:
            record = self._items.get((f"UPLOAD#{upload_id}", "UPLOAD"))
        return upload_from_record(copy.deepcopy(record)) if record else None

    def take_rate_slot(
        self, client_hash: str, window: str, limit: int, expires_at: datetime, slot: str | None = None
    ) -> bool:
        slot = slot or secrets.token_hex(16)
        with self._lock:
            slots: set[str] = self._items.setdefault(("RATE#" + client_hash, window), {"slots": set()})["slots"]
            if slot not in slots and len(slots) >= limit:
                return False
            slots.add(slot)
            return True

    def references(self) -> list[str]:
        """Every stored complaint's reference (the twin's window for tests and benchmarks)."""
        with self._lock:
            return sorted(r["reference"] for (_, sk), r in self._items.items() if sk == COMPLAINT_SK)

    def _store(self, record: dict[str, Any]) -> None:
        self._items[(record["pk"], record["sk"])] = copy.deepcopy(record)


class MemoryMailer:
    """Keeps what it sends; `unavailable = True` makes it refuse like a mail service outage."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.unavailable = False
        self._ids = itertools.count(1)

    def send(self, message: EmailMessage) -> str:
        if self.unavailable:
            raise MailUnavailable("mail service unavailable")
        self.sent.append(message)
        return f"memory-{next(self._ids)}"


class MemoryFileStore:
    """A bucket in a dict; `tags` holds what the malware scanner would write."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.tags: dict[str, str] = {}
        self.unavailable = False
        self.granted_sizes: dict[str, int] = {}  # what each upload grant signed

    def upload_url(self, key: str, content_type: str, size: int, now: datetime) -> PresignedUpload:
        self._check()
        self.granted_sizes[key] = size
        return PresignedUpload(
            url=f"memory://{key}",
            headers={"Content-Type": content_type, "If-None-Match": "*"},
            expires_at=now + timedelta(minutes=15),
        )

    def put(self, key: str, data: bytes) -> bool:
        """What the browser's PUT does; False, as S3's 412 when the key exists or its 403 when the body's
        size is not the one the grant signed."""
        if key in self.objects or len(data) != self.granted_sizes.get(key, len(data)):
            return False
        self.objects[key] = data
        return True

    def download_url(self, key: str, filename: str, content_type: str, now: datetime) -> str:
        self._check()
        return f"memory://{key}?download={filename}"

    def size(self, key: str) -> int | None:
        self._check()
        return len(self.objects[key]) if key in self.objects else None

    def read(self, key: str, limit: int | None = None) -> bytes:
        self._check()
        if key not in self.objects:
            raise FileNotFoundError(key)
        data = self.objects[key]
        return data if limit is None else data[:limit]

    def move(self, source: str, target: str) -> None:
        self._check()
        if source not in self.objects:  # as S3's copy answers NoSuchKey
            raise FileNotFoundError(source)
        self.objects[target] = self.objects.pop(source)
        if source in self.tags:
            self.tags[target] = self.tags.pop(source)

    def delete(self, key: str) -> None:
        self._check()
        self.objects.pop(key, None)
        self.tags.pop(key, None)

    def keys(self, prefix: str) -> list[str]:
        self._check()
        return [key for key in self.objects if key.startswith(prefix)]

    def scan_verdict(self, key: str) -> str:
        self._check()
        return {"NO_THREATS_FOUND": "clean", "THREATS_FOUND": "infected"}.get(self.tags.get(key, ""), "pending")

    def _check(self) -> None:
        if self.unavailable:
            raise FileUnavailable("file store unavailable")


class MemoryStaffAccounts:
    """The staff directory's twin: accounts that can be disabled and signed out everywhere."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}  # access token -> user
        self._disabled: set[str] = set()

    def issue(self, user: str, token: str) -> str:
        self._tokens[token] = user
        return token

    def disable(self, user: str) -> None:
        self._disabled.add(user)

    def sign_out(self, user: str) -> None:
        self._tokens = {token: owner for token, owner in self._tokens.items() if owner != user}

    def is_active(self, access_token: str) -> bool:
        user = self._tokens.get(access_token)
        return user is not None and user not in self._disabled
