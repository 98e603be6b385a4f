"""Use cases of the complaints team: apply a handler's action, store it with its event and its
letter in one write, then deliver the letter (retried until sent if the mail service is down)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from . import emails
from .adapters.ports import ComplaintRepository, ConcurrentUpdate, Mailer, MailUnavailable, StorageUnavailable
from .clock import Clock
from .domain import handling
from .domain import letters as outbox
from .domain.complaint import Complaint
from .domain.firm import Firm
from .domain.letters import Letter
from .domain.lifecycle import ActionRefused, Change
from .domain.profiles import PolicyProfile, get_profile
from .domain.retention import with_retention
from .emails.message import EmailMessage
from .errors import ComplaintNotFound
from .log import log_event

Role = Literal["handler", "supervisor"]
SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class StaffMember:
    user: str
    role: Role


def _text(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ActionRefused([(name, "invalid")])
    return value.strip() or None


def _date(params: dict[str, Any], name: str) -> date | None:
    value = _text(params, name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ActionRefused([(name, "invalid")]) from None


def _flag(params: dict[str, Any], name: str) -> bool | None:
    value = params.get(name)
    if value is not None and not isinstance(value, bool):
        raise ActionRefused([(name, "invalid")])
    return value


def _items(params: dict[str, Any]) -> list[str]:
    value = params.get("items") or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ActionRefused([("items", "invalid")])
    return value


Action = Callable[[Complaint, str, Any, PolicyProfile, dict[str, Any]], Change]

# Each action reads its parameters from the request's JSON body and calls the pure domain function.
ACTIONS: dict[str, Action] = {
    "triage": lambda c, who, now, profile, p: handling.triage(
        c,
        who,
        now,
        profile,
        admissible=_flag(p, "admissible"),
        inadmissible_reasons=_text(p, "inadmissible_reasons"),
        severity=_text(p, "severity"),
        complexity=_text(p, "complexity"),
        urgent=_flag(p, "urgent"),
        authority=_text(p, "authority"),
    ),
    "assign": lambda c, who, now, profile, p: handling.assign(c, who, now, _text(p, "handler") or ""),
    "start_investigation": lambda c, who, now, profile, p: handling.start_investigation(c, who, now),
    "request_information": lambda c, who, now, profile, p: handling.request_information(
        c, who, now, _items(p), _text(p, "note")
    ),
    "information_received": lambda c, who, now, profile, p: handling.information_received(
        c, who, now, bool(_flag(p, "authority_received"))
    ),
    "holding_reply": lambda c, who, now, profile, p: handling.holding_reply(
        c, who, now, profile, _text(p, "reason"), _date(p, "until")
    ),
    "escalate": lambda c, who, now, profile, p: handling.escalate(
        c, who, now, _text(p, "target") or "", _text(p, "reason")
    ),
    "resume": lambda c, who, now, profile, p: handling.resume(c, who, now, _text(p, "reason")),
    "final_response": lambda c, who, now, profile, p: handling.final_response(
        c,
        who,
        now,
        outcome=_text(p, "outcome"),
        reasons=_text(p, "reasons"),
        redress=_text(p, "redress"),
        basis=_text(p, "basis"),
        apology=_text(p, "apology"),
        comment=_text(p, "comment"),
    ),
    "refer": lambda c, who, now, profile, p: handling.refer(c, who, now, profile, _text(p, "body") or ""),
    "referral_result": lambda c, who, now, profile, p: handling.record_referral_result(c, who, now, _text(p, "result")),
    "close": lambda c, who, now, profile, p: handling.close(c, who, now, _text(p, "reason")),
    "corrective_action": lambda c, who, now, profile, p: handling.record_corrective_action(
        c,
        who,
        now,
        root_cause=_text(p, "root_cause"),
        immediate_action=_text(p, "immediate_action"),
        preventive_action=_text(p, "preventive_action"),
        owner=_text(p, "owner"),
        due_on=_date(p, "due_on"),
        done_on=_date(p, "done_on"),
    ),
}
SUPERVISOR_ONLY = frozenset({"assign"})  # handing work to someone else is a supervisor's call


class NotAllowedForRole(Exception):
    pass


def perform(
    reference: str,
    action: str,
    params: dict[str, Any],
    *,
    staff: StaffMember,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    firm: Firm,
) -> Complaint:
    """Apply one action; raises ComplaintNotFound, ActionRefused, NotAllowedForRole or StorageUnavailable."""
    if action not in ACTIONS:
        raise ActionRefused([("action", "invalid")])
    if action in SUPERVISOR_ONLY and staff.role != "supervisor":
        raise NotAllowedForRole(action)
    for _ in range(SAVE_ATTEMPTS):
        complaint = repository.get(reference)
        if complaint is None:
            raise ComplaintNotFound()
        profile = get_profile(complaint.profile)
        change = ACTIONS[action](complaint, staff.user, clock(), profile, params)
        change = replace(change, complaint=with_retention(change.complaint, firm.retention_years))
        letter = _letter(change, firm, profile, clock) if change.letter else None
        try:
            repository.save(change.complaint, change.event, letter)
        except ConcurrentUpdate:
            continue  # someone changed it meanwhile: read again and re-check the action
        log_event("complaint_changed", reference=reference, kind=action, status=change.complaint.status)
        if change.complaint.expires_at != complaint.expires_at:
            repository.set_expiry(reference, change.complaint.expires_at)
        if letter:
            deliver(letter, repository=repository, mailer=mailer, clock=clock)
        return change.complaint
    raise StorageUnavailable("the complaint kept changing; try again")


def _letter(change: Change, firm: Firm, profile: PolicyProfile, clock: Clock) -> Letter:
    complaint = change.complaint
    message = emails.handler_letter(change.letter or "", complaint, firm, profile, change.letter_details)
    return Letter(
        reference=complaint.reference,
        kind=change.letter or "",
        created_at=clock(),
        language=complaint.language,
        to=message.to,
        cc=message.cc,
        subject=message.subject,
        text=message.text,
        html=message.html,
    )


def deliver(letter: Letter, *, repository: ComplaintRepository, mailer: Mailer, clock: Clock) -> bool:
    """Claim, send, mark sent; False when someone else holds it or the mail service is down."""
    now = clock()
    if not outbox.can_claim(letter, now):
        return False
    claimed = outbox.claimed(letter, now)
    try:
        repository.replace_letter(claimed, letter)
    except (ConcurrentUpdate, StorageUnavailable):
        return False
    try:
        message_id = mailer.send(
            EmailMessage(
                to=claimed.to,
                cc=claimed.cc,
                subject=claimed.subject,
                text=claimed.text,
                html=claimed.html,
                tags={"kind": claimed.kind, "reference": claimed.reference},
            )
        )
    except MailUnavailable as error:
        log_event("letter_deferred", reference=letter.reference, kind=letter.kind, error=str(error))
        with contextlib.suppress(ConcurrentUpdate, StorageUnavailable):  # else the lease runs out
            repository.replace_letter(outbox.released(claimed), claimed)
        return False
    try:
        repository.replace_letter(outbox.sent(claimed, clock(), message_id), claimed)
    except (ConcurrentUpdate, StorageUnavailable):
        log_event("letter_unrecorded", reference=letter.reference, kind=letter.kind)
    log_event("letter_sent", reference=letter.reference, kind=letter.kind, attempts=claimed.attempts)
    return True


def retry_pending_letters(*, repository: ComplaintRepository, mailer: Mailer, clock: Clock) -> int:
    sent = 0
    for reference, key in repository.pending_letters():
        letter = repository.get_letter(reference, key)
        if letter and deliver(letter, repository=repository, mailer=mailer, clock=clock):
            sent += 1
    return sent
