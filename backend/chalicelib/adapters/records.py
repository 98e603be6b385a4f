"""Complaints and events as plain records (str, int, bool, None, list, dict) for storage.

Both the DynamoDB adapter and its in-memory twin store these records, so the twin exercises
the same round trip as the real thing.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from ..domain.attachments import Attachment, UploadRecord
from ..domain.complaint import (
    Acknowledgement,
    Complaint,
    CorrectiveAction,
    FinalResponse,
    HoldingReply,
    Referral,
    Submission,
    Supervision,
    Triage,
)
from ..domain.due import next_deadline
from ..domain.events import Event
from ..domain.letters import Letter
from ..domain.schedule import Deadlines
from .codec import decode, encode
from .table_schema import TTL_ATTRIBUTE

COMPLAINT_SK = "COMPLAINT"
IDEMPOTENCY_SK = "IDEMPOTENCY"


def complaint_pk(reference: str) -> str:
    return f"C#{reference}"


def event_sk(event: Event, sequence: int) -> str:
    return f"EVENT#{event.at.isoformat()}#{sequence:04d}"


def customer_key(email: str) -> str:
    # The customer index is keyed by a hash, so no index key holds an email address.
    return "CUSTOMER#" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def due_key(moment: datetime) -> str:
    """Deadlines in the index sort as UTC text: local offsets change with summer time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def complaint_to_record(complaint: Complaint) -> dict[str, Any]:
    ack = complaint.acknowledgement
    record: dict[str, Any] = {
        "pk": complaint_pk(complaint.reference),
        "sk": COMPLAINT_SK,
        "type": "complaint",
        "reference": complaint.reference,
        "status": complaint.status,
        "profile": complaint.profile,
        "channel": complaint.channel,
        "language": complaint.language,
        "category": complaint.submission.category,
        "customer_type": complaint.customer_type,
        "received_at": complaint.received_at.isoformat(),
        "deadlines": complaint.deadlines.as_json(),
        "submission": complaint.submission.as_record(),
        "tracking_token_hashes": list(complaint.tracking_token_hashes),
        "ack_state": ack.state,
        "ack_attempts": ack.attempts,
        "ack_sent_at": _iso(ack.sent_at),
        "ack_message_id": ack.message_id,
        "ack_claim_expires_at": _iso(ack.claim_expires_at),
        "version": complaint.version,
        "triage": encode(complaint.triage),
        "assigned_to": complaint.assigned_to,
        "investigation_started_at": _iso(complaint.investigation_started_at),
        "holding_reply": encode(complaint.holding_reply),
        "final_response": encode(complaint.final_response),
        "escalated_to": complaint.escalated_to,
        "referral": encode(complaint.referral),
        "closed_at": _iso(complaint.closed_at),
        "corrective_actions": encode(complaint.corrective_actions),
        "attachments": encode(complaint.attachments),
        "retention_ends_at": _iso(complaint.expires_at),
        "supervision": encode(complaint.supervision),
        # Index keys (see design/storage.md)
        "customer_pk": customer_key(complaint.submission.email),
        "customer_sk": complaint.received_at.isoformat(),
        "month_pk": "RECEIVED#" + complaint.received_at.strftime("%Y-%m"),
        "month_sk": f"{complaint.received_at.isoformat()}#{complaint.reference}",
    }
    if complaint.expires_at:
        record[TTL_ATTRIBUTE] = int(complaint.expires_at.timestamp())  # DynamoDB deletes it then
    due = next_deadline(complaint)
    if complaint.status != "closed":
        # Sparse: a closed complaint leaves the monitor's index.
        record["status_pk"] = "STATUS#" + complaint.status
        record["due_sk"] = f"{due_key(due) if due else '9999'}#{complaint.reference}"
    return record


def complaint_from_record(record: dict[str, Any]) -> Complaint:
    deadlines = record["deadlines"]
    return Complaint(
        reference=record["reference"],
        submission=Submission.from_record(record["submission"]),
        received_at=datetime.fromisoformat(record["received_at"]),
        deadlines=Deadlines(**{name: _time(deadlines.get(name)) for name in Deadlines.__dataclass_fields__}),  # type: ignore[arg-type]
        profile=record["profile"],
        tracking_token_hashes=tuple(record["tracking_token_hashes"]),
        status=record["status"],
        channel=record["channel"],
        acknowledgement=Acknowledgement(
            state=record["ack_state"],
            attempts=int(record["ack_attempts"]),
            sent_at=_time(record.get("ack_sent_at")),
            message_id=record.get("ack_message_id"),
            claim_expires_at=_time(record.get("ack_claim_expires_at")),
        ),
        version=int(record["version"]),
        triage=decode(Triage, record.get("triage") or {}),
        assigned_to=record.get("assigned_to"),
        investigation_started_at=_time(record.get("investigation_started_at")),
        holding_reply=_optional(HoldingReply, record.get("holding_reply")),
        final_response=_optional(FinalResponse, record.get("final_response")),
        escalated_to=record.get("escalated_to"),
        referral=_optional(Referral, record.get("referral")),
        closed_at=_time(record.get("closed_at")),
        corrective_actions=tuple(decode(CorrectiveAction, item) for item in record.get("corrective_actions") or ()),
        attachments=tuple(decode(Attachment, item) for item in record.get("attachments") or ()),
        expires_at=_time(record.get("retention_ends_at")),
        supervision=decode(Supervision, record.get("supervision") or {}),
    )


def _optional(cls: Any, data: dict[str, Any] | None) -> Any:
    return decode(cls, data) if data else None


def event_to_record(reference: str, event: Event, sequence: int) -> dict[str, Any]:
    return {
        "pk": complaint_pk(reference),
        "sk": event_sk(event, sequence),
        "type": "event",
        "at": event.at.isoformat(),
        "actor": event.actor,
        "kind": event.kind,
        "status_from": event.status_from,
        "status_to": event.status_to,
        "reason": event.reason,
        "details": event.details,
    }


def event_from_record(record: dict[str, Any]) -> Event:
    return Event(
        at=datetime.fromisoformat(record["at"]),
        actor=record["actor"],
        kind=record["kind"],
        status_from=record.get("status_from"),
        status_to=record.get("status_to"),
        reason=record.get("reason"),
        details=_plain(record.get("details") or {}),
    )


def _plain(value: Any) -> Any:
    """DynamoDB gives numbers back as Decimal; events hold small whole numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if type(value).__name__ == "Decimal":
        return int(value) if value == int(value) else float(value)
    return value


OUTBOX = "OUTBOX"


def letter_to_record(letter: Letter) -> dict[str, Any]:
    record: dict[str, Any] = {
        "pk": complaint_pk(letter.reference),
        "sk": letter.key,
        "type": "letter",
        **encode(letter),
    }
    if letter.state != "sent":
        # Sparse: only unsent letters sit in the outbox partition of the status index.
        record["status_pk"] = OUTBOX
        record["due_sk"] = f"{due_key(letter.created_at)}#{letter.reference}"
    return record


def letter_from_record(record: dict[str, Any]) -> Letter:
    return decode(Letter, record)


UPLOAD_TTL_SECONDS = 24 * 3600  # an upload not attached within a day is forgotten (S3 deletes its file too)


def upload_to_record(upload: UploadRecord) -> dict[str, Any]:
    return {
        "pk": f"UPLOAD#{upload.upload_id}",
        "sk": "UPLOAD",
        "type": "upload",
        **encode(upload),
        "expires_at": int(upload.created_at.timestamp()) + UPLOAD_TTL_SECONDS,
    }


def upload_from_record(record: dict[str, Any]) -> UploadRecord:
    return decode(UploadRecord, record)
