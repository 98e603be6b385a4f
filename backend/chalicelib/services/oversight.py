"""What the complaints team reads: one complaint's file, the list of what is due, and the deadline
monitor's digest. The register is in `register`."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from ..adapters.codec import encode
from ..adapters.ports import ComplaintRepository, ConcurrentUpdate, Mailer, MailUnavailable, StorageUnavailable
from ..clock import Clock
from ..domain import handling
from ..domain.complaint import Complaint
from ..domain.deadlines import business_days_between
from ..domain.due import pending_deadlines
from ..domain.firm import Escalation
from ..domain.lifecycle import ALL_OPEN, allowed_actions
from ..domain.profiles import get_profile
from ..domain.value import frozen
from ..emails.message import EmailMessage
from ..log import log_event

DEFAULT_HORIZON = timedelta(hours=48)
ACK_PENDING_ALERT = timedelta(hours=1)  # an acknowledgement still unsent after this is worth an alarm


def complaint_file(
    complaint: Complaint, repository: ComplaintRepository, verdicts: dict[str, str] | None = None
) -> dict[str, Any]:
    """Everything about one complaint for the team: submission, triage, deadlines, history, letters,
    attachments with their malware verdicts."""
    record = encode(complaint)
    record.pop("tracking_token_hashes")
    for attachment in record["attachments"]:
        attachment["scan"] = (verdicts or {}).get(attachment["upload_id"], "not_applicable")
    return {
        **record,
        "answer_due": complaint.answer_due.isoformat(),
        "pending_deadlines": {name: at.isoformat() for name, at in pending_deadlines(complaint).items()},
        "allowed_actions": allowed_actions(complaint),
        "history": [encode(event) for event in repository.events(complaint.reference)],
        "letters": [
            {key: value for key, value in encode(letter).items() if key not in ("html", "claim_expires_at")}
            for letter in repository.letters(complaint.reference)
        ],
        "earlier_complaints": earlier_complaints(complaint, repository),
    }


def earlier_complaints(complaint: Complaint, repository: ComplaintRepository) -> list[dict[str, Any]]:
    """The same customer's other complaints and their outcomes, so a decision can stay consistent
    with earlier ones (RTS 2025/294 Art 6(1)). Read through the customer index, never a Scan."""
    references = [
        ref for ref in repository.references_by_customer(complaint.submission.email) if ref != complaint.reference
    ]
    return [
        {
            "reference": other.reference,
            "received_at": other.received_at.isoformat(),
            "category": other.submission.category,
            "status": other.status,
            "outcome": other.final_response.outcome if other.final_response else None,
        }
        for other in sorted(repository.get_many(references), key=lambda c: c.received_at)
    ]


@frozen
class DueItem:
    """A deadline of an open complaint that falls within the horizon asked for."""

    reference: str
    status: str
    deadline: str  # acknowledgement, investigation, response, extended_response
    due_at: datetime
    overdue: bool
    category: str
    assigned_to: str | None

    def as_json(self) -> dict[str, Any]:
        return {**encode(self), "due_at": self.due_at.isoformat()}


def due_list(repository: ComplaintRepository, now: datetime, horizon: timedelta = DEFAULT_HORIZON) -> list[DueItem]:
    """Open complaints with a deadline before now + horizon. One index Query per open status reads
    only the complaints due (the index is keyed by next deadline), never the whole table."""
    limit = now + horizon
    references = [ref for status in sorted(ALL_OPEN) for ref in repository.references_by_status(status, limit)]
    items = [
        DueItem(c.reference, c.status, name, at, at < now, c.submission.category, c.assigned_to)
        for c in repository.get_many(references)
        for name, at in pending_deadlines(c).items()
        if at < limit
    ]
    return sorted(items, key=lambda item: item.due_at)


@frozen
class QueueItem:
    """One open complaint in the team's queue, by its next deadline."""

    reference: str
    status: str
    category: str
    assigned_to: str | None
    urgent: bool
    received_at: datetime
    deadline: str  # the next one: acknowledgement, investigation, response, extended_response
    due_at: datetime
    overdue: bool
    business_days_left: int  # negative once overdue, in the profile's calendar

    def as_json(self) -> dict[str, Any]:
        return {**encode(self), "received_at": self.received_at.isoformat(), "due_at": self.due_at.isoformat()}


def work_queue(repository: ComplaintRepository, now: datetime) -> list[QueueItem]:
    """Every open complaint, the next deadline first. One index Query per open status (the index
    is keyed by status and next deadline), never a Scan."""
    references = [ref for status in sorted(ALL_OPEN) for ref in repository.references_by_status(status)]
    items = [_queue_item(c, now) for c in repository.get_many(references) if c.status in ALL_OPEN]
    return sorted((item for item in items if item is not None), key=lambda item: (item.due_at, item.reference))


def _queue_item(complaint: Complaint, now: datetime) -> QueueItem | None:
    pending = pending_deadlines(complaint)
    if not pending:
        return None
    name, at = min(pending.items(), key=lambda pair: pair[1])
    profile = get_profile(complaint.profile)
    today, day = now.astimezone(profile.zone).date(), at.astimezone(profile.zone).date()
    left = (
        business_days_between(today, day, profile.country)
        if day >= today
        else -business_days_between(day, today, profile.country)
    )
    return QueueItem(
        reference=complaint.reference,
        status=complaint.status,
        category=complaint.submission.category,
        assigned_to=complaint.assigned_to,
        urgent=complaint.triage.urgent or complaint.deadlines.investigate_by is not None,
        received_at=complaint.received_at,
        deadline=name,
        due_at=at,
        overdue=at < now,
        business_days_left=left,
    )


def run_monitor(
    *,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    recipient: str,
    sender_name: str,
    horizon: timedelta = DEFAULT_HORIZON,
    escalation: Escalation | None = None,
) -> list[DueItem]:
    """The scheduled deadline monitor: one digest email per run to the handlers when anything is due,
    and one to management (if the firm names it) of answer deadlines it has not yet been told of."""
    now = clock()
    items = due_list(repository, now, horizon)
    stale_acks = [i for i in items if i.deadline == "acknowledgement" and i.status == "received"]
    log_event(
        "monitor_run", count=len(items), overdue=sum(i.overdue for i in items), pending_acknowledgements=len(stale_acks)
    )
    if items:
        try:
            mailer.send(_digest(items, now, recipient, sender_name))
        except MailUnavailable as error:
            log_event("monitor_digest_deferred", error=str(error))  # the next run sends a fresh digest
    if escalation:
        tell_management(repository=repository, mailer=mailer, now=now, escalation=escalation, sender_name=sender_name)
    return items


ANSWER_DEADLINES = ("response", "extended_response")
SAVE_ATTEMPTS = 3


def tell_management(
    *, repository: ComplaintRepository, mailer: Mailer, now: datetime, escalation: Escalation, sender_name: str
) -> list[DueItem]:
    """Seed 000: answer deadlines within the firm's horizon (or passed) without a final response sent,
    each told once: the digest first, then the record of it, so a failed send is tried again next run."""
    window = timedelta(hours=escalation.hours_before)
    due = [item for item in due_list(repository, now, window) if item.deadline in ANSWER_DEADLINES]
    complaints = {c.reference: c for c in repository.get_many([item.reference for item in due])}
    items = [
        item
        for item in due
        if item.reference in complaints
        and handling.management_alert_due(complaints[item.reference], item.deadline, item.due_at)
    ]
    if not items:
        return []
    try:
        mailer.send(_management_digest(items, now, escalation, sender_name))
    except MailUnavailable as error:
        log_event("management_alert_deferred", error=str(error))
        return []
    for item in items:
        _record_alert(repository, item, now)
    log_event("management_alerted", count=len(items), overdue=sum(i.overdue for i in items))
    return items


def _record_alert(repository: ComplaintRepository, item: DueItem, now: datetime) -> None:
    for _ in range(SAVE_ATTEMPTS):
        complaint = repository.get(item.reference)
        if complaint is None or not handling.management_alert_due(complaint, item.deadline, item.due_at):
            return
        change = handling.management_alerted(complaint, now, {item.deadline: item.due_at})
        try:
            repository.save(change.complaint, change.event)
            return
        except ConcurrentUpdate:
            continue  # a handler acted meanwhile: read again
        except StorageUnavailable:
            break
    log_event("management_alert_unrecorded", reference=item.reference)  # told again next run, never lost


def _digest_table(items: list[DueItem], *, with_category: bool) -> tuple[list[str], str]:
    """The digests' rows, as text lines and as HTML table rows: management's leave the category out."""
    cells = [
        [
            "OVERDUE" if i.overdue else "due",
            i.due_at.isoformat(),
            i.reference,
            i.deadline,
            i.status,
            *([i.category] if with_category else []),
            i.assigned_to or "unassigned",
        ]
        for i in items
    ]
    lines = ["  ".join(row) for row in cells]
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in cells)
    return lines, rows


def _management_digest(items: list[DueItem], now: datetime, escalation: Escalation, sender_name: str) -> EmailMessage:
    """References, deadlines, status and assignee only: nothing that identifies the customer."""
    overdue = sum(item.overdue for item in items)
    lines, rows = _digest_table(items, with_category=False)
    subject = (
        f"{sender_name} complaints: {len(items)} answer deadline(s) at risk within "
        f"{escalation.hours_before} hours, {overdue} missed"
    )
    intro = f"Answer deadlines without a final response sent, as of {now.isoformat()}. Each is reported once.\n\n"
    return EmailMessage(
        to=(escalation.management_email,),
        subject=subject,
        text=intro + "\n".join(lines) + "\n",
        html=f"<p>{intro.strip()}</p><table>{rows}</table>",
        tags={"kind": "management_escalation"},
    )


def approval_queue(repository: ComplaintRepository) -> list[dict[str, Any]]:
    """Final responses drafted and waiting for a supervisor's approval (four eyes), the oldest first."""
    complaints = repository.get_many(repository.references_by_status("awaiting_approval"))
    rows = [
        {
            "reference": c.reference,
            "drafted_by": c.supervision.draft.drafted_by,
            "drafted_at": c.supervision.draft.drafted_at.isoformat(),
            "outcome": c.supervision.draft.response.outcome,
            "answer_due": c.answer_due.isoformat(),
            "assigned_to": c.assigned_to,
        }
        for c in complaints
        if c.status == "awaiting_approval" and c.supervision.draft is not None
    ]
    return sorted(rows, key=lambda row: row["drafted_at"])


def _digest(items: list[DueItem], now: datetime, recipient: str, sender_name: str) -> EmailMessage:
    overdue = sum(item.overdue for item in items)
    lines, rows = _digest_table(items, with_category=True)
    subject = f"{sender_name} complaints: {len(items)} deadline(s) within 48 hours, {overdue} overdue"
    text = f"Deadlines as of {now.isoformat()} (complaint references only; open them with `complaints show`):\n\n"
    return EmailMessage(
        to=(recipient,),
        subject=subject,
        text=text + "\n".join(lines) + "\n",
        html=f"<p>Deadlines as of {now.isoformat()}</p><table>{rows}</table>",
        tags={"kind": "deadline_digest"},
    )
