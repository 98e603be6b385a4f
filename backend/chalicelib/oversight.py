"""What the complaints team and compliance read: one complaint's file, the list of what is due,
the deadline monitor's digest, and the register with its figures (RTS 2025/294 Art 8)."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .adapters.codec import encode
from .adapters.ports import ComplaintRepository, Mailer, MailUnavailable
from .clock import Clock
from .domain.complaint import Complaint
from .domain.deadlines import business_days_between
from .domain.due import pending_deadlines
from .domain.lifecycle import ALL_OPEN, allowed_actions
from .domain.profiles import get_profile
from .emails.message import EmailMessage
from .log import log_event

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


# ---------------------------------------------------------------- the register

REGISTER_COLUMNS = (
    "reference",
    "received_at",
    "channel",
    "category",
    "customer_type",
    "status",
    "severity",
    "complexity",
    "acknowledge_by",
    "acknowledged_at",
    "acknowledgement",
    "investigate_by",
    "investigation_started_at",
    "investigation",
    "respond_by",
    "respond_by_extended",
    "answer_due",
    "responded_at",
    "response",
    "outcome",
    "business_days_to_response",
    "holding_reply",
    "escalated",
    "referred_to",
    "comment",
)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _met(deadline: datetime | None, done: datetime | None, now: datetime) -> str:
    if deadline is None:
        return "not_applicable"
    if done is not None:
        return "met" if done <= deadline else "breached"
    return "overdue" if now > deadline else "pending"


def _effective_answer_due(complaint: Complaint) -> datetime:
    """A holding reply moves the date only if it was itself sent in time (PSD2 Art 101(2))."""
    reply = complaint.holding_reply
    if reply and reply.sent_at <= complaint.deadlines.respond_by:
        return reply.until
    return complaint.deadlines.respond_by


def _acknowledged_at(complaint: Complaint) -> datetime | None:
    """An inadmissibility letter acknowledges the complaint in place of the acknowledgement email."""
    ack = complaint.acknowledgement
    return ack.sent_at or (complaint.closed_at if ack.state == "not_required" else None)


def register_row(complaint: Complaint, now: datetime) -> dict[str, Any]:
    d, response = complaint.deadlines, complaint.final_response
    profile = get_profile(complaint.profile)
    received_day = complaint.received_at.date()
    days = (
        business_days_between(received_day, response.sent_at.astimezone(profile.zone).date(), profile.country)
        if response
        else None
    )
    return {
        "reference": complaint.reference,
        "received_at": complaint.received_at.isoformat(),
        "channel": complaint.channel,
        "category": complaint.submission.category,
        "customer_type": complaint.customer_type,
        "status": complaint.status,
        "severity": complaint.triage.severity or "",
        "complexity": complaint.triage.complexity or "",
        "acknowledge_by": _iso(d.acknowledge_by),
        "acknowledged_at": _iso(_acknowledged_at(complaint)),
        "acknowledgement": _met(d.acknowledge_by, _acknowledged_at(complaint), now),
        "investigate_by": _iso(d.investigate_by),
        "investigation_started_at": _iso(complaint.investigation_started_at),
        "investigation": _met(d.investigate_by, complaint.investigation_started_at, now),
        "respond_by": _iso(d.respond_by),
        "respond_by_extended": _iso(d.respond_by_extended),
        "answer_due": _iso(_effective_answer_due(complaint)),
        "responded_at": _iso(response.sent_at if response else None),
        "response": "not_applicable"
        if complaint.triage.admissible is False
        else _met(_effective_answer_due(complaint), response.sent_at if response else None, now),
        "outcome": response.outcome if response else ("inadmissible" if complaint.triage.admissible is False else ""),
        "business_days_to_response": days if days is not None else "",
        "holding_reply": "yes" if complaint.holding_reply else "no",
        "escalated": "yes" if complaint.escalated_to else "no",
        "referred_to": complaint.referral.body if complaint.referral else "",
        "comment": (response.comment if response and response.comment else ""),
    }


def register(repository: ComplaintRepository, start: date, end: date, now: datetime) -> list[dict[str, Any]]:
    """Every complaint received from `start` to `end` (inclusive), oldest first: a Query per month."""
    months, cursor = [], date(start.year, start.month, 1)
    while cursor <= end:
        months.append(cursor.strftime("%Y-%m"))
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    references = [ref for month in months for ref in repository.references_received(month)]
    complaints = [c for c in repository.get_many(references) if start <= c.received_at.date() <= end]
    return [register_row(c, now) for c in sorted(complaints, key=lambda c: c.received_at)]


def figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by category, outcome and status; breaches; median time; closing-time buckets (FCA DISP 1.10)."""

    def count(column: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[column] or "open"] = counts.get(row[column] or "open", 0) + 1
        return dict(sorted(counts.items()))

    days = [row["business_days_to_response"] for row in rows if row["business_days_to_response"] != ""]
    buckets = {"within_3": 0, "within_15": 0, "within_35": 0, "later": 0}
    for value in days:
        key = next((f"within_{n}" for n in (3, 15, 35) if value <= n), "later")
        buckets[key] += 1
    return {
        "complaints": len(rows),
        "by_category": count("category"),
        "by_outcome": count("outcome"),
        "by_status": count("status"),
        "breaches": {
            step: sum(row[step] in ("breached", "overdue") for row in rows)
            for step in ("acknowledgement", "investigation", "response")
        },
        "median_business_days_to_response": statistics.median(days) if days else None,
        "answered_within_business_days": buckets,
    }


def register_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REGISTER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
