"""The complaint's lifecycle: which action may move it from which status, and what each action
checks first. Every action returns a Change: the new complaint, the event that records it
(append-only history) and, when the customer must be told, the kind of letter to send.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, get_args

from .complaint import Complaint, Status
from .events import Event
from .value import frozen

# Every status but the three that end the firm's own handling; awaiting_approval is open: a drafted
# answer is not sent, so its deadline still runs.
ALL_OPEN: frozenset[Status] = frozenset(get_args(Status)) - {"resolved", "referred", "closed"}
ANSWERING: frozenset[Status] = frozenset({"in_progress", "holding_reply_sent", "escalated"})

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: Mapping[str, tuple[frozenset[Status], Status]] = MappingProxyType(
    {
        "acknowledge": (frozenset({"received"}), "acknowledged"),
        "start_investigation": (frozenset({"received", "acknowledged"}), "in_progress"),
        "request_information": (frozenset({"in_progress", "holding_reply_sent", "escalated"}), "awaiting_customer"),
        "information_received": (frozenset({"awaiting_customer"}), "in_progress"),
        "send_holding_reply": (frozenset({"in_progress", "awaiting_customer", "escalated"}), "holding_reply_sent"),
        "escalate": (
            frozenset({"acknowledged", "in_progress", "awaiting_customer", "holding_reply_sent", "resolved"}),
            "escalated",
        ),
        "resume": (frozenset({"escalated", "holding_reply_sent"}), "in_progress"),
        "send_final_response": (ANSWERING, "resolved"),
        # Four eyes (seed 004 §24): a draft waits for a supervisor, who approves (sent) or returns it.
        "draft_final_response": (ANSWERING, "awaiting_approval"),
        "approve_final_response": (frozenset({"awaiting_approval"}), "resolved"),
        "return_final_response": (frozenset({"awaiting_approval"}), "in_progress"),
        "refer": (frozenset({"resolved", "closed"}), "referred"),
        "record_referral_result": (frozenset({"referred"}), "closed"),
        "close": (frozenset({"resolved"}), "closed"),
        "declare_inadmissible": (frozenset({"received", "acknowledged", "in_progress", "awaiting_customer"}), "closed"),
    }
)


class ActionRefused(Exception):
    """The action cannot be taken: `problems` lists (field, code) pairs, as validation does."""

    def __init__(self, problems: list[tuple[str | None, str]], **params: Any):
        super().__init__(", ".join(f"{name or 'action'}: {code}" for name, code in problems))
        self.problems = problems
        self.params = params


@frozen
class Change:
    """A handling step's result: the complaint after it, its event, and the letter it calls for."""

    complaint: Complaint
    event: Event
    letter: str | None = None  # the kind of letter the service must send to the customer
    letter_details: dict[str, Any] = field(default_factory=dict)


def allowed_actions(complaint: Complaint) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if complaint.status in sources]


def transition(
    complaint: Complaint,
    action: str,
    actor: str,
    now: datetime,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    **updates: Any,
) -> tuple[Complaint, Event]:
    """Move the complaint by `action`, or refuse if its status does not allow it."""
    sources, target = TRANSITIONS[action]
    if complaint.status not in sources:
        raise ActionRefused([(None, "transition_not_allowed")], action=action, status=complaint.status)
    if target == "closed":
        updates.setdefault("closed_at", now)
    changed = replace(complaint, status=target, version=complaint.version + 1, **updates)
    event = Event(
        at=now,
        actor=actor,
        kind=action,
        status_from=complaint.status,
        status_to=target,
        reason=reason,
        details=details or {},
    )
    return changed, event


def record(
    complaint: Complaint,
    kind: str,
    actor: str,
    now: datetime,
    details: dict[str, Any],
    reason: str | None = None,
    **updates: Any,
) -> tuple[Complaint, Event]:
    """A change that keeps the status (triage, assignment, a corrective action)."""
    changed = replace(complaint, version=complaint.version + 1, **updates)
    return changed, Event(at=now, actor=actor, kind=kind, reason=reason, details=details)


def require_text(problems: list[tuple[str | None, str]], name: str, value: str | None, minimum: int = 3) -> None:
    if value is None or len(value.strip()) < minimum:
        problems.append((name, "required"))


def require_date(problems: list[tuple[str | None, str]], name: str, value: date | None) -> None:
    if value is None:
        problems.append((name, "required"))
