"""The complaints register and its figures, what compliance reads and reports (RTS 2025/294 Art 8)."""

from __future__ import annotations

import csv
import io
import re
import statistics
from datetime import date, datetime
from typing import Any

from ..adapters.ports import ComplaintRepository
from ..domain.complaint import Complaint
from ..domain.deadlines import business_days_between
from ..domain.lifecycle import ActionRefused
from ..domain.profiles import get_profile

# The register's periods: one Query per month, so a period is bounded, and within years that make sense.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
MAX_PERIOD_DAYS = 366
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

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
    "respond_by_initial",  # the answer date first given; a re-grade may have moved respond_by since
    "deadline_changes",
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
        "respond_by_initial": _iso(complaint.respond_by_initial),
        "deadline_changes": "; ".join(
            f"{c.cause} {c.grade_before}->{c.grade_after}: {_iso(c.respond_by_before)} -> {_iso(c.respond_by_after)}"
            f" ({c.actor}, {_iso(c.at)})"
            for c in complaint.deadline_changes
        ),
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


def period_problems(start: date, end: date) -> list[tuple[str | None, str]]:
    """What is wrong with a register's period: each day within 2000-2100, `from` <= `to`, at most 366 days."""
    problems: list[tuple[str | None, str]] = [
        (name, "out_of_range") for name, day in (("from", start), ("to", end)) if not FIRST_DAY <= day <= LAST_DAY
    ]
    if not problems and end < start:
        problems.append(("to", "before_from"))
    elif not problems and (end - start).days + 1 > MAX_PERIOD_DAYS:
        problems.append(("to", "period_too_long"))
    return problems


def read_period(start: str | None, end: str | None) -> tuple[date, date]:
    """The period a query string names (YYYY-MM-DD each), or ActionRefused with a code per field."""
    days: list[date | None] = []
    problems: list[tuple[str | None, str]] = []
    for name, text in (("from", start), ("to", end)):
        day = _day(text)
        days.append(day)
        if day is None:
            problems.append((name, "required" if not text else "invalid"))
    if problems:
        raise ActionRefused(problems)
    first, last = days
    assert first is not None and last is not None  # no problem means both parsed
    if wrong := period_problems(first, last):
        raise ActionRefused(wrong)
    return first, last


def _day(text: str | None) -> date | None:
    if not text or not DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def register(repository: ComplaintRepository, start: date, end: date, now: datetime) -> list[dict[str, Any]]:
    """Every complaint received from `start` to `end` (inclusive), oldest first: a Query per month."""
    if problems := period_problems(start, end):
        raise ActionRefused(problems)
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
