"""The staff actions' request bodies, parsed into typed steps before any service runs.

Each parser reads its fields from the JSON body (refusing a wrong type field by field) and returns
a `Step`: the domain function with those values bound, which the handling service applies to the
complaint it reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from ..domain import handling
from ..domain.lifecycle import ActionRefused
from ..services.handling import Step

Body = dict[str, Any]


DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
# Bidirectional overrides and isolates make text read differently from what it is.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _plain(text: str) -> bool:
    """No control character but newline and tab: staff text reaches letters, the register and terminals."""
    return not any(
        char in _BIDI or (char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"))
        for char in text
    )


def _text(body: Body, name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not _plain(value):
        raise ActionRefused([(name, "invalid")])
    return value.strip() or None


def _date(body: Body, name: str) -> date | None:
    """YYYY-MM-DD within 2000-2100: a year like 9999 would overflow the deadline arithmetic."""
    value = _text(body, name)
    if not value:
        return None
    try:
        day = date.fromisoformat(value) if DAY.match(value) else None
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise ActionRefused([(name, "invalid")])
    return day


def _flag(body: Body, name: str) -> bool | None:
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise ActionRefused([(name, "invalid")])
    return value


def _items(body: Body) -> list[str]:
    value = body.get("items") or []
    if not isinstance(value, list) or not all(isinstance(item, str) and _plain(item) for item in value):
        raise ActionRefused([("items", "invalid")])
    return value


def _triage(body: Body) -> Step:
    admissible, reasons = _flag(body, "admissible"), _text(body, "inadmissible_reasons")
    severity, complexity, urgent = _text(body, "severity"), _text(body, "complexity"), _flag(body, "urgent")
    authority, service = _text(body, "authority"), _text(body, "service")  # service: bank-it only
    return lambda c, who, now, profile: handling.triage(
        c,
        who,
        now,
        profile,
        admissible=admissible,
        inadmissible_reasons=reasons,
        severity=severity,
        complexity=complexity,
        urgent=urgent,
        authority=authority,
        service=service,
    )


def _assign(body: Body) -> Step:
    handler = _text(body, "handler") or ""
    return lambda c, who, now, profile: handling.assign(c, who, now, handler)


def _start_investigation(body: Body) -> Step:
    return lambda c, who, now, profile: handling.start_investigation(c, who, now)


def _request_information(body: Body) -> Step:
    items, note = _items(body), _text(body, "note")
    return lambda c, who, now, profile: handling.request_information(c, who, now, items, note)


def _information_received(body: Body) -> Step:
    authority_received = bool(_flag(body, "authority_received"))
    return lambda c, who, now, profile: handling.information_received(c, who, now, authority_received)


def _holding_reply(body: Body) -> Step:
    reason, until = _text(body, "reason"), _date(body, "until")
    return lambda c, who, now, profile: handling.holding_reply(c, who, now, profile, reason, until)


def _escalate(body: Body) -> Step:
    target, reason = _text(body, "target") or "", _text(body, "reason")
    return lambda c, who, now, profile: handling.escalate(c, who, now, target, reason)


def _resume(body: Body) -> Step:
    reason = _text(body, "reason")
    return lambda c, who, now, profile: handling.resume(c, who, now, reason)


def _final_response(body: Body) -> Step:
    outcome, reasons, redress = _text(body, "outcome"), _text(body, "reasons"), _text(body, "redress")
    basis, apology, comment = _text(body, "basis"), _text(body, "apology"), _text(body, "comment")
    return lambda c, who, now, profile: handling.final_response(
        c, who, now, outcome=outcome, reasons=reasons, redress=redress, basis=basis, apology=apology, comment=comment
    )


def _approve_final_response(body: Body) -> Step:
    return lambda c, who, now, profile: handling.approve_final_response(c, who, now)


def _return_final_response(body: Body) -> Step:
    reason = _text(body, "reason")
    return lambda c, who, now, profile: handling.return_final_response(c, who, now, reason)


def _place_legal_hold(body: Body) -> Step:
    reason = _text(body, "reason")
    return lambda c, who, now, profile: handling.place_legal_hold(c, who, now, reason)


def _lift_legal_hold(body: Body) -> Step:
    reason = _text(body, "reason")
    return lambda c, who, now, profile: handling.lift_legal_hold(c, who, now, reason)


def _refer(body: Body) -> Step:
    referred_to = _text(body, "body") or ""
    return lambda c, who, now, profile: handling.refer(c, who, now, profile, referred_to)


def _referral_result(body: Body) -> Step:
    result = _text(body, "result")
    return lambda c, who, now, profile: handling.record_referral_result(c, who, now, result)


def _close(body: Body) -> Step:
    reason = _text(body, "reason")
    return lambda c, who, now, profile: handling.close(c, who, now, reason)


def _corrective_action(body: Body) -> Step:
    root_cause, immediate = _text(body, "root_cause"), _text(body, "immediate_action")
    preventive, owner = _text(body, "preventive_action"), _text(body, "owner")
    due_on, done_on = _date(body, "due_on"), _date(body, "done_on")
    return lambda c, who, now, profile: handling.record_corrective_action(
        c,
        who,
        now,
        root_cause=root_cause,
        immediate_action=immediate,
        preventive_action=preventive,
        owner=owner,
        due_on=due_on,
        done_on=done_on,
    )


PARSERS: dict[str, Callable[[Body], Step]] = {
    "triage": _triage,
    "assign": _assign,
    "start_investigation": _start_investigation,
    "request_information": _request_information,
    "information_received": _information_received,
    "holding_reply": _holding_reply,
    "escalate": _escalate,
    "resume": _resume,
    "final_response": _final_response,
    "approve_final_response": _approve_final_response,
    "return_final_response": _return_final_response,
    "place_legal_hold": _place_legal_hold,
    "lift_legal_hold": _lift_legal_hold,
    "refer": _refer,
    "referral_result": _referral_result,
    "close": _close,
    "corrective_action": _corrective_action,
}


def parse_action(action: str, body: Body) -> Step:
    """The typed step an action's body asks for; ActionRefused for an unknown action or a wrong field."""
    parser = PARSERS.get(action)
    if parser is None:
        raise ActionRefused([("action", "invalid")])
    return parser(body)
