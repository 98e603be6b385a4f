"""A customer files a complaint: validated, rate-limited, its files checked, stored with them exactly
once per Idempotency-Key, then its files moved under it and its acknowledgement sent."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ..adapters.ports import (
    ComplaintRepository,
    FileStore,
    IdempotencyKeyTaken,
    Mailer,
    Quota,
    QuotaExhausted,
    ReferenceTaken,
    StorageUnavailable,
)
from ..clock import Clock
from ..domain import acknowledgement as ack
from ..domain.attachments import Attachment
from ..domain.events import CUSTOMER, Event
from ..domain.firm import Firm
from ..domain.idempotency import IdempotencyRecord, body_hash, is_valid_key, key_hash, seal_token, unseal_token
from ..domain.intake import open_complaint
from ..domain.profiles import PolicyProfile
from ..domain.reference import hash_token, new_reference, new_tracking_token
from ..domain.validation import FieldError, InvalidSubmission, validate_submission
from ..domain.value import frozen
from ..log import log_event
from .access import public_receipt
from .acknowledgements import send_claimed
from .attachments import check_new_uploads, settle_new_complaint
from .errors import AddressLimited, IdempotencyConflict, RateLimited

REFERENCE_ATTEMPTS = 5
LATEST_OFFSET = timedelta(hours=14)  # the earliest time zone on Earth, UTC+14


@frozen
class PortalConfig:
    """The stage's settings the intake needs: the firm, its profile, categories and limits."""

    firm: Firm
    profile: PolicyProfile
    categories: tuple[str, ...]
    submissions_per_hour: int = 20
    submissions_per_address_per_day: int = 10


@frozen
class Submitted:
    """The answer to a submission, and whether it repeats an earlier one."""

    body: dict[str, Any]
    replayed: bool


def submit_complaint(
    raw: Mapping[str, Any],
    *,
    idempotency_key: str | None,
    client_id: str,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    config: PortalConfig,
    draw_reference: Callable[[], str] = new_reference,
    files: FileStore | None = None,
) -> Submitted:
    """Store a complaint with its checked files (exactly once per Idempotency-Key), then acknowledge it.

    The complaint, its files' verdicts, its first event and the idempotency record are one write,
    the acknowledgement already claimed by this request: nothing can race in between. A mail outage
    leaves the acknowledgement to the scheduled retry. Raises InvalidSubmission, IdempotencyConflict,
    RateLimited, StorageUnavailable or FileUnavailable: the customer retries with the same key, and
    the retry finishes what was left (see design/storage.md).
    """
    if idempotency_key is not None and not is_valid_key(idempotency_key):
        raise InvalidSubmission([FieldError("Idempotency-Key", "invalid")])
    if idempotency_key and raw.get("attachments"):
        # A retry with files must not re-check uploads its first attempt already filed. Without files
        # the write itself tells a retry (IdempotencyKeyTaken), which saves a read on every complaint.
        existing = repository.get_idempotency(key_hash(idempotency_key))
        if existing:
            return _replay(existing, raw, idempotency_key, repository, files)
    now = clock()
    submission = validate_submission(
        raw, latest_incident_date=(now.astimezone(UTC) + LATEST_OFFSET).date(), categories=config.categories
    )
    quotas = _quotas(config, client_id, submission.email, idempotency_key, now)
    checked = (
        check_new_uploads(submission.attachments, idempotency_key, files=files, repository=repository, clock=clock)
        if files is not None and submission.attachments
        else ()
    )

    profile = config.profile
    received_at = now.astimezone(profile.zone)
    token = new_tracking_token()
    for _ in range(REFERENCE_ATTEMPTS):
        opened = open_complaint(draw_reference(), submission, received_at, profile, hash_token(token))
        complaint = ack.claim_on_receipt(replace(opened, attachments=checked), now)
        response = public_receipt(complaint)
        record = (
            IdempotencyRecord(
                key_hash(idempotency_key),
                body_hash(raw),
                complaint.reference,
                seal_token(token, idempotency_key),
                response,
            )
            if idempotency_key
            else None
        )
        event = Event(at=now, actor=CUSTOMER, kind="received", status_to="received", details=_details(checked))
        try:
            repository.add(complaint, event, record, quotas)
        except ReferenceTaken:
            continue
        except QuotaExhausted as exhausted:
            raise (RateLimited() if exhausted.quota == quotas[0] else AddressLimited()) from None
        except IdempotencyKeyTaken:
            # A concurrent identical request won the race: answer as it did.
            existing = repository.get_idempotency(key_hash(idempotency_key or ""))
            if existing is None:
                raise StorageUnavailable("idempotency record vanished") from None
            return _replay(existing, raw, idempotency_key or "", repository, files)
        log_event("complaint_stored", reference=complaint.reference, kind=submission.category)
        if files is not None:
            settle_new_complaint(complaint, idempotency_key, files=files)
        send_claimed(complaint, token, repository=repository, mailer=mailer, clock=clock, firm=config.firm)
        return Submitted({**response, "tracking_token": token}, replayed=False)
    raise StorageUnavailable("no free reference after several draws")


def _details(checked: tuple[Attachment, ...]) -> dict[str, Any]:
    received = sum(a.status == "received" for a in checked)
    files = {"files_received": received, "files_refused": len(checked) - received} if checked else {}
    return {"channel": "web_form", **files}


def _replay(
    existing: IdempotencyRecord,
    raw: Mapping[str, Any],
    idempotency_key: str,
    repository: ComplaintRepository,
    files: FileStore | None,
) -> Submitted:
    """The first answer again, once what the first request left undone (moving its files) is done."""
    if existing.body_hash != body_hash(raw):
        raise IdempotencyConflict()
    if files is not None and raw.get("attachments"):
        stored = repository.get(existing.reference)
        if stored is not None:
            settle_new_complaint(stored, idempotency_key, files=files)
    token = unseal_token(existing.sealed_token, idempotency_key)
    return Submitted({**existing.response, "tracking_token": token}, replayed=True)


def _client_hash(client_id: str) -> str:
    return hashlib.sha256(b"client:" + client_id.encode()).hexdigest()[:32]


def _quotas(
    config: PortalConfig, client_id: str, email: str, idempotency_key: str | None, now: datetime
) -> tuple[Quota, Quota]:
    """The client's hourly limit and the address's daily one (abuse: acknowledgements aimed at a
    stranger's mailbox). Retries of one submission (same key) share one slot of each."""
    slot = key_hash(idempotency_key)[:32] if idempotency_key else secrets.token_hex(16)
    utc = now.astimezone(UTC)
    address = hashlib.sha256(b"address:" + email.strip().lower().encode()).hexdigest()[:32]
    return (
        Quota(
            _client_hash(client_id),
            utc.strftime("%Y-%m-%dT%H"),
            config.submissions_per_hour,
            utc + timedelta(hours=2),
            slot,
        ),
        Quota(address, utc.strftime("%Y-%m-%d"), config.submissions_per_address_per_day, utc + timedelta(days=2), slot),
    )
