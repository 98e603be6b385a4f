"""Re-grading at triage recounts the answer date from receipt, openly (CONTRACT.md section 3).

A re-grade (bank-fr's complexity, bank-it's service) may lengthen respond_by only before it
passes, never once a holding reply has told the customer a date, and is kept as a
DeadlineChange so the register shows the first deadline and each change. Shortening is in the
customer's favour and is kept too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .complaint import Complaint, DeadlineChange, Triage
from .lifecycle import ActionRefused
from .profiles import PolicyProfile, service_of
from .schedule import Deadlines, compute_deadlines


def recount(
    complaint: Complaint, profile: PolicyProfile, new: Triage, actor: str, now: datetime
) -> tuple[Triage, Deadlines, DeadlineChange | None]:
    """The triage and deadlines after a re-grade, and the change to respond_by if there is one."""
    deadlines = compute_deadlines(
        profile,
        complaint.received_at,
        complaint.customer_type,
        new.complexity,
        complaint.submission.category,
        new.urgent,
        new.service,
    )
    old = complaint.deadlines
    cause = "service" if profile.by_service else "complexity"
    moved = (deadlines.respond_by, deadlines.respond_by_extended) != (old.respond_by, old.respond_by_extended)
    if moved and complaint.holding_reply is not None:
        raise ActionRefused([(cause, "holding_reply_sent")])
    if deadlines.respond_by > old.respond_by and now > old.respond_by:
        # A missed deadline stays missed: it cannot be re-graded into one met.
        raise ActionRefused([(cause, "deadline_passed")], respond_by=old.respond_by.isoformat())
    if deadlines.respond_by == old.respond_by:
        return new, deadlines, None
    category = complaint.submission.category
    before, after = (
        (complaint.triage.service or service_of(category), new.service or service_of(category))
        if cause == "service"
        else (complaint.triage.complexity or "simple", new.complexity or "simple")
    )
    change = DeadlineChange(
        at=now,
        actor=actor,
        respond_by_before=old.respond_by,
        respond_by_after=deadlines.respond_by,
        cause=cause,
        grade_before=before,
        grade_after=after,
    )
    return replace(new, deadline_changes=(*new.deadline_changes, change)), deadlines, change


def change_details(complaint: Complaint, change: DeadlineChange) -> dict[str, object]:
    """What the triage event records of a change: the first deadline and this move."""
    return {
        "respond_by_initial": complaint.respond_by_initial.isoformat(),
        "deadline_change": {
            "cause": change.cause,
            "from": change.grade_before,
            "to": change.grade_after,
            "respond_by_before": change.respond_by_before.isoformat(),
            "respond_by_after": change.respond_by_after.isoformat(),
        },
    }
