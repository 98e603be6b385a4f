"""A customer's access to their complaint: its reference and a tracking token."""

from __future__ import annotations

from typing import Any

from ..adapters.ports import ComplaintRepository
from ..domain.complaint import Complaint
from ..domain.reference import normalise_reference, token_matches
from .errors import ComplaintNotFound


def find_for_customer(reference: str, token: str | None, *, repository: ComplaintRepository) -> Complaint:
    """The complaint a reference and tracking token open. Unknown reference and wrong token are the
    same ComplaintNotFound, so nothing tells which it was."""
    canonical = normalise_reference(reference)
    complaint = repository.get(canonical) if canonical else None
    if complaint is None or not token or not _token_fits(token, complaint.tracking_token_hashes):
        raise ComplaintNotFound()
    return complaint


def _token_fits(token: str, hashes: tuple[str, ...]) -> bool:
    # Compare with every stored hash, without stopping early.
    matches = [token_matches(token, stored) for stored in hashes]
    return any(matches)


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
