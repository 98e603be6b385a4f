"""Use cases. Each takes its adapters and clock as arguments, so tests run them on twins."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from . import emails
from .adapters.ports import (
    ComplaintRepository,
    ConcurrentUpdate,
    FileStore,
    IdempotencyKeyTaken,
    Mailer,
    MailUnavailable,
    ReferenceTaken,
    StorageUnavailable,
)
from .attachment_services import attach_to_new_complaint
from .clock import Clock
from .domain import acknowledgement as ack
from .domain.complaint import Complaint
from .domain.events import CUSTOMER, Event
from .domain.firm import Firm
from .domain.idempotency import IdempotencyRecord, body_hash, is_valid_key, key_hash, seal_token, unseal_token
from .domain.intake import open_complaint
from .domain.profiles import PolicyProfile, get_profile
from .domain.reference import hash_token, new_reference, new_tracking_token
from .domain.validation import FieldError, InvalidSubmission, validate_submission
from .errors import IdempotencyConflict, RateLimited
from .log import log_event
from .tracking import find_for_customer

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


def public_receipt(complaint: Complaint) -> dict[str, Any]:
    """The 201 body (CONTRACT.md section 2), less the tracking token."""
    deadlines = complaint.deadlines.as_json()
    return {
        "reference": complaint.reference,
        "received_at": complaint.received_at.isoformat(),
        "acknowledge_by": deadlines["acknowledge_by"],
        "respond_by": deadlines["respond_by"],
        "respond_by_extended": deadlines["respond_by_extended"],
        "investigate_by": deadlines["investigate_by"],
        "status": complaint.status,
        "language": complaint.language,
    }


def send_acknowledgement(
    reference: str,
    *,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    firm: Firm,
    token: str | None = None,
) -> bool:
    """Claim, send, mark sent. True when this call sent the acknowledgement.

    A retry has no tracking token (only its hash is stored), so it mints a new one and adds
    its hash: the token shown on screen and the one in the email both work.
    """
    try:
        complaint = repository.get(reference)
        now = clock()
        if complaint is None or not ack.can_claim(complaint, now):
            return False
        extra_hash = None
        if token is None:
            token = new_tracking_token()
            extra_hash = hash_token(token)
        claimed = ack.claim(complaint, now, extra_hash)
        repository.save(claimed)
    except (ConcurrentUpdate, StorageUnavailable) as error:
        log_event("acknowledgement_not_claimed", reference=reference, error=type(error).__name__)
        return False

    profile = get_profile(claimed.profile)
    message = emails.acknowledgement(claimed, token, firm, profile)
    try:
        message_id = mailer.send(message)
    except MailUnavailable as error:
        log_event(
            "acknowledgement_deferred", reference=reference, attempts=claimed.acknowledgement.attempts, error=str(error)
        )
        with contextlib.suppress(ConcurrentUpdate, StorageUnavailable):
            repository.save(ack.release(claimed))  # if this fails too, the claim's lease runs out
        return False
    sent, event = ack.mark_sent(claimed, clock(), message_id)
    try:
        repository.save(sent, event)
    except (ConcurrentUpdate, StorageUnavailable) as error:
        log_event("acknowledgement_unrecorded", reference=reference, error=type(error).__name__)
        return True
    log_event("acknowledgement_sent", reference=reference, attempts=sent.acknowledgement.attempts)
    return True


def retry_pending_acknowledgements(*, repository: ComplaintRepository, mailer: Mailer, clock: Clock, firm: Firm) -> int:
    """Send every acknowledgement still owed; returns how many went out. Reads an index, never the table."""
    sent = 0
    for reference in repository.references_by_status("received"):
        if send_acknowledgement(reference, repository=repository, mailer=mailer, clock=clock, firm=firm):
            sent += 1
    log_event("acknowledgement_retry_run", count=sent)
    return sent


def public_status(reference: str, token: str | None, *, repository: ComplaintRepository) -> dict[str, Any]:
    """What the customer may see: status and dates, no personal data."""
    complaint = find_for_customer(reference, token, repository=repository)
    history = [
        {"status": event.status_to, "at": event.at.astimezone(complaint.received_at.tzinfo).isoformat()}
        for event in repository.events(complaint.reference)
        if event.status_to
    ]
    return {
        **public_receipt(complaint),
        "category": complaint.submission.category,
        "customer_type": complaint.customer_type,
        "acknowledged_at": complaint.acknowledgement.sent_at.astimezone(complaint.received_at.tzinfo).isoformat()
        if complaint.acknowledgement.sent_at
        else None,
        # Files by purpose and status only: their names could be personal data.
        "attachments": [
            {"purpose": a.purpose, "status": a.status, "refusal": a.refusal} for a in complaint.attachments
        ],
        "history": history,
    }
