"""Attachments: allow an upload, check and keep what arrived, open it for a handler.

The API never carries file bytes: the browser PUTs straight to storage with a short-lived URL.
Whatever arrives is checked by its content before it is kept; anything else is deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace
from datetime import timedelta
from typing import Any, cast

from ..adapters.ports import ComplaintRepository, FileStore, FileUnavailable
from ..clock import Clock
from ..domain import attachments as files_rules
from ..domain.attachments import (
    Attachment,
    AttachmentRef,
    Purpose,
    UploadRecord,
    owner_key,
    pending_key,
    stored_key,
)
from ..domain.complaint import Complaint
from ..domain.events import CUSTOMER
from ..domain.idempotency import is_valid_key
from ..domain.lifecycle import record
from ..domain.validation import FieldError, InvalidSubmission
from ..log import log_event
from .access import find_for_customer
from .errors import AttachmentNotReleased, ComplaintNotFound, RateLimited

UPLOADS_PER_HOUR = 60


def request_upload(
    raw: dict[str, Any], *, client_id: str, repository: ComplaintRepository, files: FileStore, clock: Clock
) -> dict[str, Any]:
    """A presigned upload for one file of a pending submission (its Idempotency-Key) or of a filed
    complaint (reference and tracking token)."""
    request, problems = files_rules.validate_upload_request(raw)
    owner = _owner(raw, repository)
    if request is None:
        raise InvalidSubmission(
            [FieldError(field, code, {"max_mb": files_rules.MAX_FILE_BYTES // 2**20}) for field, code in problems]
        )
    now = clock()
    client = hashlib.sha256(b"client:" + client_id.encode()).hexdigest()[:32]
    if not repository.take_rate_slot(
        client, "uploads-" + now.strftime("%Y-%m-%dT%H"), UPLOADS_PER_HOUR, now + timedelta(hours=2)
    ):
        raise RateLimited()
    upload_id = secrets.token_hex(16)
    repository.add_upload(UploadRecord(upload_id, owner, request.filename, request.content_type, request.purpose, now))
    presigned = files.upload_url(pending_key(owner, upload_id), request.content_type, now)
    log_event("upload_allowed", kind=request.content_type)
    return {
        "upload_id": upload_id,
        "method": "PUT",
        "url": presigned.url,
        "headers": presigned.headers,
        "expires_at": presigned.expires_at.isoformat(),
        "max_bytes": files_rules.MAX_FILE_BYTES,
    }


def _owner(raw: dict[str, Any], repository: ComplaintRepository) -> str:
    key, reference, token = raw.get("submission_key"), raw.get("reference"), raw.get("token")
    if isinstance(key, str) and is_valid_key(key):
        return owner_key("submission", key.lower())
    if isinstance(reference, str) and isinstance(token, str):
        complaint = find_for_customer(reference, token, repository=repository)  # ComplaintNotFound if not theirs
        return owner_key("complaint", complaint.reference)
    raise InvalidSubmission([FieldError("submission_key", "required")])


def attach(
    complaint: Complaint,
    refs: tuple[AttachmentRef, ...],
    owner: str,
    *,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> tuple[Attachment, ...]:
    """Check each uploaded file by its content and keep it under the complaint, or refuse and delete it."""
    kept = sum(a.size or 0 for a in complaint.attachments if a.status == "received")
    checked = []
    for ref in refs:
        attachment = _check(complaint.reference, ref, owner, kept, files, repository, clock)
        kept += attachment.size or 0 if attachment.status == "received" else 0
        checked.append(attachment)
    return tuple(checked)


def _check(
    reference: str,
    ref: AttachmentRef,
    owner: str,
    kept: int,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> Attachment:
    upload = repository.get_upload(ref.upload_id)
    if upload is None or upload.owner != owner:  # another submission's upload, or none at all
        return Attachment(ref.upload_id, ref.purpose, "", "", "missing", refusal="missing")
    base = Attachment(ref.upload_id, ref.purpose, upload.filename, upload.declared_type, "missing")
    source = pending_key(owner, ref.upload_id)
    size = files.size(source)
    if size is None:  # the upload never completed: the complaint stands without it
        return replace(base, refusal="missing")
    sniffed = files_rules.sniff(files.read(source, files_rules.SNIFF_BYTES))
    refusal = (
        "wrong_type"
        if sniffed is None or sniffed != upload.declared_type
        else "too_large"
        if size > files_rules.MAX_FILE_BYTES
        else "total_too_large"
        if kept + size > files_rules.MAX_TOTAL_BYTES
        else None
    )
    if refusal:
        files.delete(source)
        log_event("attachment_refused", reference=reference, code=refusal)
        return replace(base, status="refused", content_type=sniffed, size=size, refusal=refusal)
    digest = hashlib.sha256(files.read(source)).hexdigest()
    files.move(source, stored_key(reference, ref.upload_id))
    return replace(base, status="received", content_type=sniffed, size=size, sha256=digest, received_at=clock())


def attach_to_new_complaint(
    reference: str,
    idempotency_key: str | None,
    *,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> None:
    """Right after a complaint is stored, before its acknowledgement lists the files received."""
    complaint = repository.get(reference)
    if complaint is None or not complaint.submission.attachments or not idempotency_key:
        return
    owner = owner_key("submission", idempotency_key.lower())
    try:
        checked = attach(
            complaint, complaint.submission.attachments, owner, files=files, repository=repository, clock=clock
        )
    except FileUnavailable as error:
        # The complaint stands; the files stay uploaded for a day and can be sent again from the track page.
        log_event("attachments_unchecked", reference=reference, error=str(error))
        checked = tuple(
            Attachment(ref.upload_id, ref.purpose, "", "", "missing", refusal="unavailable")
            for ref in complaint.submission.attachments
        )
    _save(complaint, checked, CUSTOMER, clock, repository)


def attach_later(
    reference: str,
    token: str | None,
    raw: dict[str, Any],
    *,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> Attachment:
    """A file sent from the track page, e.g. the power of attorney the firm asked for."""
    complaint = find_for_customer(reference, token, repository=repository)
    upload_id, purpose = raw.get("upload_id"), raw.get("purpose") or "evidence"
    if (
        not isinstance(upload_id, str)
        or not files_rules.UPLOAD_ID.match(upload_id)
        or purpose not in files_rules.PURPOSES
    ):
        raise InvalidSubmission([FieldError("upload_id", "invalid")])
    if sum(a.status == "received" for a in complaint.attachments) >= files_rules.MAX_FILES * 2:
        raise InvalidSubmission([FieldError("upload_id", "too_many", {"max": files_rules.MAX_FILES * 2})])
    (checked,) = attach(
        complaint,
        (AttachmentRef(upload_id, cast(Purpose, purpose)),),
        owner_key("complaint", complaint.reference),
        files=files,
        repository=repository,
        clock=clock,
    )
    _save(complaint, (checked,), CUSTOMER, clock, repository)
    return checked


def _save(
    complaint: Complaint, checked: tuple[Attachment, ...], actor: str, clock: Clock, repository: ComplaintRepository
) -> None:
    received = sum(a.status == "received" for a in checked)
    changed, event = record(
        complaint,
        "attachments_checked",
        actor,
        clock(),
        {"received": received, "refused": len(checked) - received},
        attachments=(*complaint.attachments, *checked),
    )
    repository.save(changed, event)


def open_for_handler(
    reference: str,
    upload_id: str,
    staff_user: str,
    *,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> dict[str, Any]:
    """A short-lived download link for a received, clean file; every opening is an event."""
    complaint = repository.get(reference)
    attachment = (
        next((a for a in complaint.attachments if a.upload_id == upload_id and a.status == "received"), None)
        if complaint
        else None
    )
    if complaint is None or attachment is None:
        raise ComplaintNotFound()
    key = stored_key(complaint.reference, upload_id)
    verdict = files.scan_verdict(key)
    if verdict != "clean":
        raise AttachmentNotReleased(verdict)
    now = clock()
    url = files.download_url(key, attachment.filename, attachment.content_type or "application/octet-stream", now)
    changed, event = record(complaint, "attachment_opened", staff_user, now, {"upload_id": upload_id})
    repository.save(changed, event)
    return {
        "url": url,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def scan_verdicts(complaint: Complaint, files: FileStore) -> dict[str, str]:
    """Each received file's malware verdict, for the handler's view."""
    return {
        a.upload_id: files.scan_verdict(stored_key(complaint.reference, a.upload_id))
        for a in complaint.attachments
        if a.status == "received"
    }
