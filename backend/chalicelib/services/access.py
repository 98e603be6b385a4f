"""A customer's access to their complaint: its reference and a tracking token."""

from __future__ import annotations

import hmac
from typing import Any

from ..adapters.ports import ComplaintRepository
from ..domain import reference as references
from ..domain.complaint import Complaint
from ..domain.reference import normalise_reference
from .errors import ComplaintNotFound

# Never a reference (0 is not in the alphabet): read in place of a malformed one, so every refusal
# costs one read and one hash, like a wrong token (issue 11, finding 7).
NO_REFERENCE = "0000-0000"
NO_HASH = "0" * 64
MAX_REFERENCE_INPUT = 40  # a reference is 9 characters, typed with spaces at most
MAX_TOKEN_INPUT = 200  # a token is 24


def find_for_customer(reference: str, token: object, *, repository: ComplaintRepository) -> Complaint:
    """The complaint a reference and tracking token open. Unknown reference and wrong token are the
    same ComplaintNotFound after the same work, so neither the answer nor its time tells which it was.
    `token` is whatever the request carried: anything but text opens nothing."""
    text = token if isinstance(token, str) else ""
    complaint = repository.get(normalise_reference(reference[:MAX_REFERENCE_INPUT]) or NO_REFERENCE)
    hashes = complaint.tracking_token_hashes if complaint else (NO_HASH,)
    if not _token_fits(text, hashes) or complaint is None or not text:
        raise ComplaintNotFound()
    return complaint


def _token_fits(token: str, hashes: tuple[str, ...]) -> bool:
    """The token hashed once, compared with every stored hash without stopping early."""
    hashed = references.hash_token(token[:MAX_TOKEN_INPUT])
    matches = [hmac.compare_digest(hashed, stored) for stored in hashes]
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
    zone = complaint.received_at.tzinfo
    history = [
        {"status": event.status_to, "at": event.at.astimezone(zone).isoformat()}
        for event in repository.events(complaint.reference)
        if event.status_to
    ]
    holding, final = complaint.holding_reply, complaint.final_response
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
        # Where handling stands: the answer date now due (a holding reply moves it), then the outcome.
        "answer_due": complaint.answer_due.astimezone(zone).isoformat(),
        "holding_reply_at": holding.sent_at.astimezone(zone).isoformat() if holding else None,
        "outcome": final.outcome if final else None,
        "final_response_at": final.sent_at.astimezone(zone).isoformat() if final else None,
        "closed_at": complaint.closed_at.astimezone(zone).isoformat() if complaint.closed_at else None,
    }
