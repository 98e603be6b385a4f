"""What the complaints team reads: one complaint's file, the list of what is due, and the deadline
monitor's digest. The register is in `register`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..adapters.codec import encode
from ..adapters.ports import ComplaintRepository, Mailer, MailUnavailable
from ..clock import Clock
from ..domain.complaint import Complaint
from ..domain.due import pending_deadlines
from ..domain.lifecycle import ALL_OPEN, allowed_actions
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


@dataclass(frozen=True)
class DueItem:
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


def run_monitor(
    *,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    recipient: str,
    sender_name: str,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[DueItem]:
    """The scheduled deadline monitor: one digest email per run to the handlers when anything is due."""
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
    return items


def _digest(items: list[DueItem], now: datetime, recipient: str, sender_name: str) -> EmailMessage:
    overdue = sum(item.overdue for item in items)
    lines = [
        f"{'OVERDUE' if i.overdue else 'due'}  {i.due_at.isoformat()}  {i.reference}  {i.deadline}  "
        f"{i.status}  {i.category}  {i.assigned_to or 'unassigned'}"
        for i in items
    ]
    rows = "".join(
        f"<tr><td>{'OVERDUE' if i.overdue else 'due'}</td><td>{i.due_at.isoformat()}</td><td>{i.reference}</td>"
        f"<td>{i.deadline}</td><td>{i.status}</td><td>{i.category}</td><td>{i.assigned_to or 'unassigned'}</td></tr>"
        for i in items
    )
    subject = f"{sender_name} complaints: {len(items)} deadline(s) within 48 hours, {overdue} overdue"
    text = f"Deadlines as of {now.isoformat()} (complaint references only; open them with `complaints show`):\n\n"
    return EmailMessage(
        to=(recipient,),
        subject=subject,
        text=text + "\n".join(lines) + "\n",
        html=f"<p>Deadlines as of {now.isoformat()}</p><table>{rows}</table>",
        tags={"kind": "deadline_digest"},
    )
