"""Which deadlines a complaint still has to meet: what the deadline monitor watches and the
key of its index (the earliest of them)."""

from __future__ import annotations

from datetime import datetime

from .complaint import Complaint

ANSWERED_STATUSES = frozenset({"resolved", "referred", "closed"})


def pending_deadlines(complaint: Complaint) -> dict[str, datetime]:
    """Named deadlines not met yet: acknowledgement, investigation start, response."""
    if complaint.status in ANSWERED_STATUSES:
        return {}
    deadlines = complaint.deadlines
    pending: dict[str, datetime] = {}
    if deadlines.acknowledge_by and complaint.acknowledgement.state in ("pending", "sending"):
        pending["acknowledgement"] = deadlines.acknowledge_by
    if deadlines.investigate_by and complaint.investigation_started_at is None:
        pending["investigation"] = deadlines.investigate_by
    pending["extended_response" if complaint.holding_reply else "response"] = complaint.answer_due
    return pending


def next_deadline(complaint: Complaint) -> datetime | None:
    """The earliest deadline still to meet; None once nothing is owed to the customer."""
    pending = pending_deadlines(complaint)
    return min(pending.values()) if pending else None
