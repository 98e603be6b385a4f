"""What a complaints handler does with a complaint, each as a pure function returning a Change.

The rules come from REGULATION.md and the seeds: ask only for what the firm does not hold
(RTS 2025/294 Art 5), a holding reply never beyond the profile's limit (PSD2 Art 101(2)), a final
response with outcome, reasons, redress, apology and remedies (seed 004 §26-30), corrective
action for serious complaints (seed 000 §4.1.5).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

from .complaint import (
    OUTCOMES,
    Complaint,
    CorrectiveAction,
    Draft,
    FinalResponse,
    HoldingReply,
    LegalHold,
    Outcome,
    Referral,
    Triage,
)
from .deadlines import end_of_day
from .events import SYSTEM
from .lifecycle import ActionRefused, Change, record, require_date, require_text, transition
from .profiles import COMPLEXITIES, SERVICES, PolicyProfile
from .regrade import change_details, recount

MIN_REASONS = 20
ESCALATION_TARGETS = ("management", "legal")  # seed 000 §9, seed 004 §21
SEVERITIES = ("minor", "serious")
AUTHORITIES = ("not_needed", "missing", "received")

# What a handler may ask the customer for, and how to tell that the firm already holds it.
INFORMATION_ITEMS: dict[str, Any] = {
    "transaction_ids": lambda c: bool(c.submission.transaction_ids),
    "ticket_ids": lambda c: bool(c.submission.ticket_ids),
    "incident_time": lambda c: bool(c.submission.incident_time),
    "amount_disputed": lambda c: c.submission.amount_disputed is not None,
    "phone": lambda c: bool(c.submission.phone),
    "address": lambda c: bool(c.submission.address),
    "people_involved": lambda c: bool(c.submission.people_involved),
    "power_of_attorney": lambda c: c.triage.authority != "missing",
    "screenshots": lambda c: False,
    "statement": lambda c: False,
    "police_report": lambda c: False,
    "other_documents": lambda c: False,
}


def triage(
    complaint: Complaint,
    actor: str,
    now: datetime,
    profile: PolicyProfile,
    *,
    admissible: bool | None = None,
    inadmissible_reasons: str | None = None,
    severity: str | None = None,
    complexity: str | None = None,
    urgent: bool | None = None,
    authority: str | None = None,
    service: str | None = None,
) -> Change:
    """Record the assessment. Complexity, service and urgency re-count the deadlines (bank-fr grades its
    answer, bank-it counts by service; an urgent complaint gets an investigation start). A re-grade that
    moves the answer date is kept and, when it lengthens it, told to the customer (domain/regrade.py).
    An inadmissible complaint is closed with a letter of reasons."""
    problems: list[tuple[str | None, str]] = []
    if service is not None and service not in SERVICES:
        problems.append(("service", "invalid"))
    elif service is not None and not profile.by_service:
        problems.append(("service", "not_applicable"))
    if severity is not None and severity not in SEVERITIES:
        problems.append(("severity", "invalid"))
    if complexity is not None and complexity not in COMPLEXITIES:
        problems.append(("complexity", "invalid"))
    if authority is not None and authority not in AUTHORITIES:
        problems.append(("authority", "invalid"))
    if admissible is False:
        require_text(problems, "inadmissible_reasons", inadmissible_reasons, MIN_REASONS)
    if problems:
        raise ActionRefused(problems)
    old = complaint.triage
    new = Triage(
        admissible=old.admissible if admissible is None else admissible,
        inadmissible_reasons=inadmissible_reasons if admissible is False else old.inadmissible_reasons,
        severity=cast(Any, severity or old.severity),
        complexity=cast(Any, complexity or old.complexity),
        urgent=old.urgent if urgent is None else urgent,
        authority=cast(Any, authority or old.authority),
        service=cast(Any, service or old.service),
        deadline_changes=old.deadline_changes,
    )
    new, deadlines, moved = recount(complaint, profile, new, actor, now)
    details: dict[str, Any] = {
        "admissible": new.admissible,
        "severity": new.severity,
        "complexity": new.complexity,
        "urgent": new.urgent,
        "authority": new.authority,
        "service": new.service,
    }
    if moved:
        details.update(change_details(complaint, moved))
    if admissible is False:
        # The letter of reasons also acknowledges receipt (RTS 2025/294 Art 4), so none is sent after it.
        ack = complaint.acknowledgement
        if ack.state == "pending":
            ack = replace(ack, state="not_required")
        changed, event = transition(
            complaint,
            "declare_inadmissible",
            actor,
            now,
            reason=inadmissible_reasons,
            details=details,
            triage=new,
            deadlines=deadlines,
            acknowledgement=ack,
        )
        return Change(changed, event, letter="inadmissible", letter_details={"reasons": inadmissible_reasons})
    changed, event = record(complaint, "triaged", actor, now, details, triage=new, deadlines=deadlines)
    if moved and moved.respond_by_after > moved.respond_by_before:
        # The customer was given a date: a later one is told in writing, with the first one.
        return Change(
            changed,
            event,
            letter="deadline_extended",
            letter_details={
                "respond_by_before": moved.respond_by_before.isoformat(),
                "respond_by": moved.respond_by_after.isoformat(),
            },
        )
    return Change(changed, event)


def assign(complaint: Complaint, actor: str, now: datetime, handler: str) -> Change:
    if not handler.strip():
        raise ActionRefused([("handler", "required")])
    changed, event = record(complaint, "assigned", actor, now, {"handler": handler}, assigned_to=handler)
    return Change(changed, event)


def start_investigation(complaint: Complaint, actor: str, now: datetime) -> Change:
    """Seed 004 §34: the start is dated, so an urgent complaint's investigate_by can be checked."""
    changed, event = transition(
        complaint, "start_investigation", actor, now, investigation_started_at=complaint.investigation_started_at or now
    )
    return Change(changed, event)


def request_information(complaint: Complaint, actor: str, now: datetime, items: list[str], note: str | None) -> Change:
    """RTS 2025/294 Art 5: ask for what is missing, never for what the firm already holds."""
    problems: list[tuple[str | None, str]] = []
    if not items:
        problems.append(("items", "required"))
    for item in items:
        if item not in INFORMATION_ITEMS:
            problems.append((f"items.{item}", "invalid"))
        elif item == "power_of_attorney" and complaint.submission.representative is None:
            problems.append((f"items.{item}", "not_applicable"))  # nobody acts for the customer
        elif INFORMATION_ITEMS[item](complaint):
            problems.append((f"items.{item}", "already_held"))
    if problems:
        raise ActionRefused(problems)
    changed, event = transition(complaint, "request_information", actor, now, reason=note, details={"items": items})
    return Change(changed, event, letter="information_request", letter_details={"items": items, "note": note})


def information_received(complaint: Complaint, actor: str, now: datetime, authority_received: bool = False) -> Change:
    triage_ = replace(complaint.triage, authority="received") if authority_received else complaint.triage
    changed, event = transition(
        complaint,
        "information_received",
        actor,
        now,
        details={"authority_received": authority_received},
        triage=triage_,
    )
    return Change(changed, event)


def holding_reply(
    complaint: Complaint, actor: str, now: datetime, profile: PolicyProfile, reason: str | None, until: date | None
) -> Change:
    """PSD2 Art 101(2), RTS 2025/294 Art 6: the reason for the delay and the date of the final answer,
    sent before respond_by passes, and never later than respond_by_extended (or, where the profile
    allows no extension, respond_by)."""
    if now > complaint.deadlines.respond_by:
        # Too late to announce a delay: the deadline is already missed, and stays visible as such.
        raise ActionRefused([(None, "deadline_passed")], respond_by=complaint.deadlines.respond_by.isoformat())
    problems: list[tuple[str | None, str]] = []
    require_text(problems, "reason", reason, MIN_REASONS)
    require_date(problems, "until", until)
    limit = complaint.deadlines.respond_by_extended or complaint.deadlines.respond_by
    if until is not None:
        promised = end_of_day(until, profile.zone)
        if promised > limit:
            problems.append(("until", "beyond_limit"))
        elif promised <= now:
            problems.append(("until", "in_past"))
    if problems:
        raise ActionRefused(problems, limit=limit.isoformat())
    promised = end_of_day(cast(date, until), profile.zone)
    changed, event = transition(
        complaint,
        "send_holding_reply",
        actor,
        now,
        reason=reason,
        details={"until": promised.isoformat()},
        holding_reply=HoldingReply(reason=reason or "", until=promised, sent_at=now),
    )
    return Change(changed, event, letter="holding_reply")


def escalate(complaint: Complaint, actor: str, now: datetime, target: str, reason: str | None) -> Change:
    """To management or the legal department, for complex cases or a customer who disagrees."""
    problems: list[tuple[str | None, str]] = []
    if target not in ESCALATION_TARGETS:
        problems.append(("target", "invalid"))
    require_text(problems, "reason", reason)
    if problems:
        raise ActionRefused(problems)
    # The internal review is someone else's: the handler so far (or whoever escalates) may not conclude it.
    first_handler = complaint.assigned_to or actor
    changed, event = transition(
        complaint,
        "escalate",
        actor,
        now,
        reason=reason,
        details={"target": target, "first_handler": first_handler},
        escalated_to=target,
        supervision=replace(complaint.supervision, first_handler=first_handler),
    )
    return Change(changed, event, letter="escalated", letter_details={"target": target})


def _require_other_reviewer(complaint: Complaint, actor: str) -> None:
    if complaint.status == "escalated" and actor == complaint.supervision.first_handler:
        raise ActionRefused([("reviewer", "same_as_first_handler")])


def resume(complaint: Complaint, actor: str, now: datetime, reason: str | None = None) -> Change:
    _require_other_reviewer(complaint, actor)
    changed, event = transition(
        complaint,
        "resume",
        actor,
        now,
        reason=reason,
        escalated_to=None,
        supervision=replace(complaint.supervision, first_handler=None),
    )
    return Change(changed, event)


def final_response(
    complaint: Complaint,
    actor: str,
    now: datetime,
    *,
    outcome: str | None,
    reasons: str | None,
    redress: str | None,
    basis: str | None,
    apology: str | None,
    comment: str | None = None,
) -> Change:
    """Refuses a final response that lacks what the rules require: the outcome and its reasons; the
    redress when the complaint is justified; the contractual or legal basis of a refusal."""
    problems: list[tuple[str | None, str]] = []
    if outcome not in OUTCOMES:
        problems.append(("outcome", "required" if outcome is None else "invalid"))
    require_text(problems, "reasons", reasons, MIN_REASONS)
    if outcome in ("upheld", "partially_upheld"):
        require_text(problems, "redress", redress)
    if outcome in ("partially_upheld", "rejected"):
        require_text(problems, "basis", basis)  # seed 004 §28.1; PSD2 Art 101(3)
    if problems:
        raise ActionRefused(problems)
    _require_other_reviewer(complaint, actor)
    response = FinalResponse(
        outcome=cast(Outcome, outcome),
        reasons=reasons or "",
        redress=redress,
        basis=basis,
        apology=apology,
        sent_at=now,
        comment=comment,
        drafted_by=actor,
    )
    changed, event = transition(
        complaint,
        "send_final_response",
        actor,
        now,
        details={"outcome": outcome},
        final_response=response,
        escalated_to=None,
        supervision=replace(complaint.supervision, draft=None, first_handler=None),
    )
    return Change(changed, event, letter="final_response")


def for_approval(complaint: Complaint, answer: Change) -> Change:
    """Four eyes (seed 004 §24): the final response `answer` would send becomes a draft that waits
    for a supervisor's approval; nothing goes to the customer yet, and the deadline keeps running."""
    response = answer.complaint.final_response
    if answer.event.kind != "send_final_response" or response is None:
        return answer
    actor, now = answer.event.actor, answer.event.at
    draft = Draft(response=response, drafted_by=actor, drafted_at=now)
    changed, event = transition(
        complaint,
        "draft_final_response",
        actor,
        now,
        details={"outcome": response.outcome},
        supervision=replace(complaint.supervision, draft=draft),
    )
    return Change(changed, event)


def approve_final_response(complaint: Complaint, actor: str, now: datetime) -> Change:
    """A supervisor other than the drafter agrees the draft: it is sent exactly as written."""
    draft = complaint.supervision.draft
    if complaint.status == "awaiting_approval" and draft is None:
        raise ActionRefused([("draft", "required")])
    if draft is not None and draft.drafted_by == actor:
        raise ActionRefused([("approver", "same_as_drafter")])
    response = replace(draft.response, sent_at=now, approved_by=actor) if draft else None
    changed, event = transition(  # refuses a complaint that is not awaiting approval
        complaint,
        "approve_final_response",
        actor,
        now,
        details={"outcome": response.outcome if response else None, "drafted_by": draft.drafted_by if draft else None},
        final_response=response,
        escalated_to=None,
        supervision=replace(complaint.supervision, draft=None, first_handler=None),
    )
    return Change(changed, event, letter="final_response")


def return_final_response(complaint: Complaint, actor: str, now: datetime, reason: str | None) -> Change:
    """A supervisor sends the draft back to the handler with what to change; nothing is sent."""
    problems: list[tuple[str | None, str]] = []
    require_text(problems, "reason", reason)
    if problems:
        raise ActionRefused(problems)
    draft = complaint.supervision.draft
    returned = replace(draft, returned_by=actor, returned_reason=reason) if draft else None
    changed, event = transition(
        complaint,
        "return_final_response",
        actor,
        now,
        reason=reason,
        details={"drafted_by": draft.drafted_by if draft else None},
        supervision=replace(complaint.supervision, draft=returned),
    )
    return Change(changed, event)


def refer(complaint: Complaint, actor: str, now: datetime, profile: PolicyProfile, body: str) -> Change:
    """The customer took the complaint to the ADR body or the regulator named by the profile."""
    if body not in {remedy.code for remedy in profile.remedies if remedy.kind in ("adr", "regulator")}:
        raise ActionRefused([("body", "invalid")])
    changed, event = transition(
        complaint, "refer", actor, now, details={"body": body}, referral=Referral(body=body, referred_at=now)
    )
    return Change(changed, event)


def record_referral_result(complaint: Complaint, actor: str, now: datetime, result: str | None) -> Change:
    problems: list[tuple[str | None, str]] = []
    require_text(problems, "result", result)
    if problems or complaint.referral is None:
        raise ActionRefused(problems or [("referral", "required")])
    referral = replace(complaint.referral, result=result, result_at=now)
    changed, event = transition(complaint, "record_referral_result", actor, now, reason=result, referral=referral)
    return Change(changed, event)


def close(complaint: Complaint, actor: str, now: datetime, reason: str | None = None) -> Change:
    """A serious complaint closes only once its corrective action is recorded (seed 000 §4.1.5)."""
    if complaint.triage.severity == "serious" and not complaint.corrective_actions:
        raise ActionRefused([("corrective_actions", "required")])
    changed, event = transition(complaint, "close", actor, now, reason=reason)
    return Change(changed, event)


def record_corrective_action(
    complaint: Complaint,
    actor: str,
    now: datetime,
    *,
    root_cause: str | None,
    immediate_action: str | None,
    preventive_action: str | None,
    owner: str | None,
    due_on: date | None,
    done_on: date | None = None,
) -> Change:
    problems: list[tuple[str | None, str]] = []
    for name, value in (
        ("root_cause", root_cause),
        ("immediate_action", immediate_action),
        ("preventive_action", preventive_action),
        ("owner", owner),
    ):
        require_text(problems, name, value)
    require_date(problems, "due_on", due_on)
    if problems:
        raise ActionRefused(problems)
    action = CorrectiveAction(
        root_cause=root_cause or "",
        immediate_action=immediate_action or "",
        preventive_action=preventive_action or "",
        owner=owner or "",
        due_on=cast(date, due_on),
        recorded_at=now,
        recorded_by=actor,
        done_on=done_on,
    )
    changed, event = record(
        complaint,
        "corrective_action_recorded",
        actor,
        now,
        {"owner": owner, "due_on": due_on.isoformat() if due_on else None},
        corrective_actions=(*complaint.corrective_actions, action),
    )
    return Change(changed, event)


def place_legal_hold(complaint: Complaint, actor: str, now: datetime, reason: str | None) -> Change:
    """A court case or an authority's inquiry: the complaint and its files are kept until the hold is lifted."""
    problems: list[tuple[str | None, str]] = []
    require_text(problems, "reason", reason)
    if complaint.supervision.legal_hold is not None:
        problems.append(("legal_hold", "already_held"))
    if problems:
        raise ActionRefused(problems)
    hold = LegalHold(reason=reason or "", placed_by=actor, placed_at=now)
    changed, event = record(
        complaint,
        "legal_hold_placed",
        actor,
        now,
        {},
        reason=reason,
        supervision=replace(complaint.supervision, legal_hold=hold),
    )
    return Change(changed, event)


def lift_legal_hold(complaint: Complaint, actor: str, now: datetime, reason: str | None) -> Change:
    """The normal retention applies again from the closure date."""
    problems: list[tuple[str | None, str]] = []
    require_text(problems, "reason", reason)
    if complaint.supervision.legal_hold is None:
        problems.append(("legal_hold", "not_held"))
    if problems:
        raise ActionRefused(problems)
    changed, event = record(
        complaint,
        "legal_hold_lifted",
        actor,
        now,
        {},
        reason=reason,
        supervision=replace(complaint.supervision, legal_hold=None),
    )
    return Change(changed, event)


def management_alerted(complaint: Complaint, now: datetime, deadlines: dict[str, datetime]) -> Change:
    """Seed 000: management was told these answer deadlines are close or passed; kept so it is told once."""
    keys = tuple(f"{name}@{at.isoformat()}" for name, at in deadlines.items())
    alerts = complaint.supervision.management_alerts
    changed, event = record(
        complaint,
        "management_alerted",
        SYSTEM,
        now,
        {"deadlines": {name: at.isoformat() for name, at in deadlines.items()}},
        supervision=replace(complaint.supervision, management_alerts=(*alerts, *(k for k in keys if k not in alerts))),
    )
    return Change(changed, event)


def management_alert_due(complaint: Complaint, name: str, at: datetime) -> bool:
    return f"{name}@{at.isoformat()}" not in complaint.supervision.management_alerts
