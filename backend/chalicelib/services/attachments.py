"""Attachments: allow an upload, check and keep what arrived, open it for a handler.

The API never carries file bytes: the browser PUTs straight to storage with a short-lived URL.
Whatever arrives is checked by its content before it is kept; anything else is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import replace
from datetime import timedelta
from typing import Any, cast

from ..adapters.ports import ComplaintRepository, ConcurrentUpdate, FileStore, StorageUnavailable
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
from ..domain.reference import REFERENCE_PATTERN
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
    presigned = files.upload_url(pending_key(owner, upload_id), request.content_type, request.size, now)
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


def check_new_uploads(
    refs: tuple[AttachmentRef, ...],
    idempotency_key: str | None,
    *,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> tuple[Attachment, ...]:
    """Before a new complaint is stored: each file it names, checked by its content, nothing moved
    yet, so the complaint is written with its files in one write. Raises FileUnavailable (nothing
    stored: the customer's retry with the same Idempotency-Key checks again)."""
    owner = owner_key("submission", idempotency_key.lower()) if idempotency_key else None
    return _check_all(refs, owner, 0, files, repository, clock)


def settle_new_complaint(complaint: Complaint, idempotency_key: str | None, *, files: FileStore) -> None:
    """After the complaint is stored (or when its retry is replayed): its files moved under it and the
    refused ones deleted. Safe to run again; FileUnavailable leaves the rest for the retry."""
    if idempotency_key and complaint.attachments:
        _settle(complaint.reference, complaint.attachments, owner_key("submission", idempotency_key.lower()), files)


def _check_all(
    refs: tuple[AttachmentRef, ...],
    owner: str | None,
    kept: int,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> tuple[Attachment, ...]:
    checked = []
    for ref in refs:
        attachment = _check(ref, owner, kept, files, repository, clock)
        kept += attachment.size or 0 if attachment.status == "received" else 0
        checked.append(attachment)
    return tuple(checked)


def _check(
    ref: AttachmentRef,
    owner: str | None,
    kept: int,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> Attachment:
    """The verdict on one uploaded file; reads only, so a failed store that follows loses nothing."""
    upload = repository.get_upload(ref.upload_id) if owner else None
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
        return replace(base, status="refused", content_type=sniffed, size=size, refusal=refusal)
    digest = hashlib.sha256(files.read(source)).hexdigest()
    return replace(base, status="received", content_type=sniffed, size=size, sha256=digest, received_at=clock())


def _settle(reference: str, checked: tuple[Attachment, ...], owner: str, files: FileStore) -> None:
    """Keep what the stored complaint lists as received, delete what it lists as refused."""
    for attachment in checked:
        source = pending_key(owner, attachment.upload_id)
        if attachment.status == "received":
            # Gone from pending: moved already, by an earlier try or a concurrent identical request.
            with contextlib.suppress(FileNotFoundError):
                files.move(source, stored_key(reference, attachment.upload_id))
        elif attachment.status == "refused":
            files.delete(source)
            log_event("attachment_refused", reference=reference, code=attachment.refusal)


def attach_later(
    reference: str,
    token: str | None,
    raw: dict[str, Any],
    *,
    files: FileStore,
    repository: ComplaintRepository,
    clock: Clock,
) -> Attachment:
    """A file sent from the track page, e.g. the power of attorney the firm asked for.

    The complaint records the file before it is moved, so a failure in between loses nothing:
    sending the same upload again finishes the move."""
    complaint = find_for_customer(reference, token, repository=repository)
    upload_id, purpose = raw.get("upload_id"), raw.get("purpose") or "evidence"
    if (
        not isinstance(upload_id, str)
        or not files_rules.UPLOAD_ID.match(upload_id)
        or purpose not in files_rules.PURPOSES
    ):
        raise InvalidSubmission([FieldError("upload_id", "invalid")])
    owner = owner_key("complaint", complaint.reference)
    recorded = next((a for a in complaint.attachments if a.upload_id == upload_id), None)
    if recorded is None:
        if sum(a.status == "received" for a in complaint.attachments) >= files_rules.MAX_FILES * 2:
            raise InvalidSubmission([FieldError("upload_id", "too_many", {"max": files_rules.MAX_FILES * 2})])
        kept = sum(a.size or 0 for a in complaint.attachments if a.status == "received")
        ref = AttachmentRef(upload_id, cast(Purpose, purpose))
        (recorded,) = _check_all((ref,), owner, kept, files, repository, clock)
        _record(complaint, recorded, clock, repository)
    _settle(complaint.reference, (recorded,), owner, files)
    return recorded


SAVE_ATTEMPTS = 5


def _record(complaint: Complaint, checked: Attachment, clock: Clock, repository: ComplaintRepository) -> None:
    """Add the file to the complaint; a concurrent change (a handler, the acknowledgement) is read again."""
    for _ in range(SAVE_ATTEMPTS):
        received = int(checked.status == "received")
        changed, event = record(
            complaint,
            "attachments_checked",
            CUSTOMER,
            clock(),
            {"received": received, "refused": 1 - received},
            attachments=(*complaint.attachments, checked),
        )
        try:
            repository.save(changed, event)
            return
        except ConcurrentUpdate:
            latest = repository.get(complaint.reference)
            if latest is None:
                raise ComplaintNotFound() from None
            if any(a.upload_id == checked.upload_id for a in latest.attachments):
                return  # a concurrent identical request recorded it
            complaint = latest
    raise StorageUnavailable("the complaint kept changing")


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


def forget_files(reference: str, *, repository: ComplaintRepository, files: FileStore) -> int:
    """Delete every file of a complaint whose record the table's TTL deleted; how many went.

    A record that still exists (a legal hold, a referral, a late retry after a reference was drawn
    again) keeps its files. Safe to run again; FileUnavailable is left to the caller's retry."""
    if not REFERENCE_PATTERN.match(reference):
        raise ValueError("not a complaint reference")
    if repository.get(reference) is not None:
        log_event("files_kept", reference=reference)
        return 0
    keys = files.keys(stored_key(reference, ""))
    for key in keys:
        files.delete(key)
    log_event("files_forgotten", reference=reference, count=len(keys))
    return len(keys)
