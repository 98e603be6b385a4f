"""A customer files a complaint: validated, rate-limited, stored exactly once per Idempotency-Key,
then its files attached and its acknowledgement sent."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from ..adapters.ports import (
    ComplaintRepository,
    FileStore,
    IdempotencyKeyTaken,
    Mailer,
    ReferenceTaken,
    StorageUnavailable,
)
from ..clock import Clock
from ..domain.events import CUSTOMER, Event
from ..domain.firm import Firm
from ..domain.idempotency import IdempotencyRecord, body_hash, is_valid_key, key_hash, seal_token, unseal_token
from ..domain.intake import open_complaint
from ..domain.profiles import PolicyProfile
from ..domain.reference import hash_token, new_reference, new_tracking_token
from ..domain.validation import FieldError, InvalidSubmission, validate_submission
from ..log import log_event
from .access import public_receipt
from .acknowledgements import send_acknowledgement
from .attachments import attach_to_new_complaint
from .errors import IdempotencyConflict, RateLimited

REFERENCE_ATTEMPTS = 5
LATEST_OFFSET = timedelta(hours=14)  # the earliest time zone on Earth, UTC+14


@dataclass(frozen=True)
class PortalConfig:
    firm: Firm
    profile: PolicyProfile
    categories: tuple[str, ...]
    submissions_per_hour: int = 20


@dataclass(frozen=True)
class Submitted:
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
    """Store a complaint (exactly once per Idempotency-Key), then acknowledge it by email.

    Once stored, the customer gets the reference even if the email fails: the scheduled retry
    sends the acknowledgement later. Raises InvalidSubmission, IdempotencyConflict,
    RateLimited or StorageUnavailable (nothing stored: the customer may retry).
    """
    if idempotency_key is not None and not is_valid_key(idempotency_key):
        raise InvalidSubmission([FieldError("Idempotency-Key", "invalid")])
    if idempotency_key:
        existing = repository.get_idempotency(key_hash(idempotency_key))
        if existing:
            return _replay(existing, raw, idempotency_key)
    now = clock()
    submission = validate_submission(
        raw, latest_incident_date=(now.astimezone(UTC) + LATEST_OFFSET).date(), categories=config.categories
    )
    if not repository.take_rate_slot(
        _client_hash(client_id), now.strftime("%Y-%m-%dT%H"), config.submissions_per_hour, now + timedelta(hours=2)
    ):
        raise RateLimited()

    profile = config.profile
    received_at = now.astimezone(profile.zone)
    token = new_tracking_token()
    for _ in range(REFERENCE_ATTEMPTS):
        complaint = open_complaint(draw_reference(), submission, received_at, profile, hash_token(token))
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
        event = Event(at=now, actor=CUSTOMER, kind="received", status_to="received", details={"channel": "web_form"})
        try:
            repository.add(complaint, event, record)
        except ReferenceTaken:
            continue
        except IdempotencyKeyTaken:
            # A concurrent identical request won the race: answer as it did.
            existing = repository.get_idempotency(key_hash(idempotency_key or ""))
            if existing is None:
                raise StorageUnavailable("idempotency record vanished") from None
            return _replay(existing, raw, idempotency_key or "")
        log_event("complaint_stored", reference=complaint.reference, kind=submission.category)
        try:
            if files is not None and submission.attachments:  # checked before the acknowledgement lists them
                attach_to_new_complaint(
                    complaint.reference, idempotency_key, files=files, repository=repository, clock=clock
                )
            send_acknowledgement(
                complaint.reference, repository=repository, mailer=mailer, clock=clock, firm=config.firm, token=token
            )
        except Exception as error:
            log_event("acknowledgement_failed", reference=complaint.reference, error=type(error).__name__)
        return Submitted({**response, "tracking_token": token}, replayed=False)
    raise StorageUnavailable("no free reference after several draws")


def _replay(existing: IdempotencyRecord, raw: Mapping[str, Any], idempotency_key: str) -> Submitted:
    if existing.body_hash != body_hash(raw):
        raise IdempotencyConflict()
    token = unseal_token(existing.sealed_token, idempotency_key)
    return Submitted({**existing.response, "tracking_token": token}, replayed=True)


def _client_hash(client_id: str) -> str:
    return hashlib.sha256(b"client:" + client_id.encode()).hexdigest()[:32]
