"""Which deadline a complaint must meet next: the key of the deadline monitor's index."""

from __future__ import annotations

from datetime import datetime

from .complaint import Complaint

CLOSED_STATUSES = frozenset({"closed"})
ANSWERED_STATUSES = frozenset({"resolved", "referred", "closed"})


def next_deadline(complaint: Complaint) -> datetime | None:
    """The earliest deadline still to meet; None once nothing is owed to the customer."""
    if complaint.status in ANSWERED_STATUSES:
        return None
    deadlines = complaint.deadlines
    candidates = [deadlines.respond_by_extended or deadlines.respond_by]
    if complaint.status == "received" and deadlines.acknowledge_by:
        candidates.append(deadlines.acknowledge_by)
    if complaint.status in ("received", "acknowledged") and deadlines.investigate_by:
        candidates.append(deadlines.investigate_by)
    if complaint.status != "holding_reply_sent":
        candidates.append(deadlines.respond_by)
    return min(candidates)
