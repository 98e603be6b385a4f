"""How the `complaints` command prints a complaint and the due list for a person."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.profiles import get_profile

# Bidirectional overrides and isolates reorder what a terminal shows.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT = frozenset("\n\t")


def safe_text(text: str) -> str:
    """Text as a terminal should show it: control, bidi and line-separator characters become visible
    escapes (\\u001b), so a customer's or a colleague's text can neither move the cursor nor recolour
    nor hide anything. The escape is also valid inside a JSON string."""
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    if char in _KEPT or (char not in _BIDI and unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp")):
        return char
    return f"\\u{ord(char):04x}"


def due_table(items: list[dict[str, Any]]) -> str:
    if not items:
        return "Nothing due."
    lines = [f"{'':8} {'due at':26} {'reference':10} {'deadline':18} {'status':19} {'assigned':10} category"]
    for item in items:
        flag = "OVERDUE" if item["overdue"] else ""
        lines.append(
            f"{flag:8} {item['due_at']:26} {item['reference']:10} {item['deadline']:18} "
            f"{item['status']:19} {item['assigned_to'] or '-':10} {item['category']}"
        )
    return safe_text("\n".join(lines))


# The API's action and the lifecycle's step names, as the handler types them (CONTRACT.md section 3:
# the verbs are fixed). The acknowledgement is the system's own step: it has no verb.
VERBS = {
    "send_holding_reply": "holding-reply",
    "send_final_response": "final-response",
    "record_referral_result": "referral-result",
    "declare_inadmissible": "triage",
    "triage": "triage",
    "assign": "assign",
    "start_investigation": "start",
    "request_information": "request-info",
    "information_received": "info-received",
    "holding_reply": "holding-reply",
    "escalate": "escalate",
    "resume": "resume",
    "final_response": "final-response",
    "draft_final_response": "final-response",
    "approve_final_response": "approve",
    "return_final_response": "return",
    "refer": "refer",
    "referral_result": "referral-result",
    "close": "close",
    "corrective_action": "corrective-action",
    "place_legal_hold": "hold",
    "lift_legal_hold": "lift-hold",
}
# What each refusal code of the staff API means; {field} is the field it concerns.
REFUSALS = {
    "required": "{field}: this is required.",
    "invalid": "{field}: this value is not accepted.",
    "transition_not_allowed": "This action is not possible in the complaint's current status.",
    "deadline_passed": "{field}: the deadline has already passed.",
    "holding_reply_sent": "A holding reply was already sent.",
    "same_as_drafter": "The person who drafted the final response cannot approve it.",
    "same_as_first_handler": "The person who handled the complaint first cannot conclude its review.",
    "role_not_allowed": "Only a supervisor may do this.",
    "not_found": "There is no complaint with this reference.",
    "unavailable": "The service is busy. Try again in a few seconds.",
    "scan_pending": "The file's malware scan is not finished yet.",
    "scan_infected": "The file contains a threat and is not released.",
    "before_from": "{field}: the end comes before the start.",
    "period_too_long": "The period is too long (at most 366 days).",
    "out_of_range": "{field}: this date is out of range.",
}


def refusal(problem: dict[str, Any]) -> str:
    """One refusal of the staff API as a sentence; a code this version does not know, as it came."""
    field, code = problem.get("field") or "request", str(problem.get("code"))
    return safe_text(REFUSALS.get(code, "{field}: {code}").format(field=field, code=code))


def _local(value: str | None, zone: ZoneInfo) -> str:
    """An ISO time in the firm's zone (one zone throughout the output); '-' when there is none."""
    if not value:
        return "-"
    return datetime.fromisoformat(value).astimezone(zone).isoformat(timespec="minutes")


def _narrative(submission: dict[str, Any]) -> list[str]:
    amount = submission.get("amount_disputed")
    representative = submission.get("representative")
    rows = [
        ("incident", f"{submission.get('incident_date')} {submission.get('incident_time') or ''}".strip()),
        ("transactions", ", ".join(submission.get("transaction_ids") or []) or "-"),
        ("tickets", ", ".join(submission.get("ticket_ids") or []) or "-"),
        ("amount", f"{amount['value']} {amount['currency']}" if amount else "-"),
        ("people involved", submission.get("people_involved") or "-"),
        (
            "representative",
            f"{representative['name']} <{representative['email']}> ({representative['capacity']})"
            if representative
            else "-",
        ),
    ]
    lines = [f"  {name:<14}{value}" for name, value in rows]
    for title, text in (
        ("What happened (the customer's words):", submission.get("description")),
        ("What they ask for:", submission.get("desired_resolution")),
        ("What they already tried:", submission.get("actions_taken")),
    ):
        if text:
            lines += ["", f"  {title}", *(f"    {line}" for line in str(text).splitlines())]
    return lines


def queue_table(items: list[dict[str, Any]]) -> str:
    """The open complaints, the next deadline first, with business days left."""
    if not items:
        return "No open complaint."
    lines = [
        f"{'':15} {'left':>4}  {'due at':25} {'reference':10} {'deadline':16} {'status':19} {'assigned':10} category"
    ]
    for item in items:
        flags = " ".join(flag for flag, on in (("OVERDUE", item["overdue"]), ("URGENT", item["urgent"])) if on)
        lines.append(
            f"{flags:15} {item['business_days_left']:>4}  {item['due_at']:25} {item['reference']:10} "
            f"{item['deadline']:16} {item['status']:19} {item['assigned_to'] or '-':10} {item['category']}"
        )
    return safe_text("\n".join(lines))


def filter_queue(
    items: list[dict[str, Any]],
    *,
    status: str | None = None,
    assignee: str | None = None,
    category: str | None = None,
    unassigned: bool = False,
    overdue: bool = False,
    urgent: bool = False,
) -> list[dict[str, Any]]:
    """The queue narrowed as the console's filters narrow it."""
    return [
        item
        for item in items
        if (status is None or item["status"] == status)
        and (assignee is None or item["assigned_to"] == assignee)
        and (category is None or item["category"] == category)
        and (not unassigned or not item["assigned_to"])
        and (not overdue or item["overdue"])
        and (not urgent or item["urgent"])
    ]


def complaint_summary(complaint: dict[str, Any]) -> str:
    submission, triage = complaint["submission"], complaint["triage"]
    deadlines = complaint["deadlines"]
    zone = get_profile(complaint["profile"]).zone
    verbs = dict.fromkeys(
        VERBS.get(action, action) for action in complaint["allowed_actions"] if action != "acknowledge"
    )
    lines = [
        f"{complaint['reference']}  {complaint['status']}  ({submission['language']}, {submission['customer_type']},"
        f" {submission['category']})   times in {zone.key}",
        f"  customer      {submission['full_name']} <{submission['email']}>",
        f"  received      {_local(complaint['received_at'], zone)}",
        f"  acknowledge   {_local(deadlines['acknowledge_by'], zone)}  ({complaint['acknowledgement']['state']})",
        f"  investigate   {_local(deadlines['investigate_by'], zone)}",
        f"  answer due    {_local(complaint['answer_due'], zone)}"
        f"  (limit {_local(deadlines['respond_by_extended'] or deadlines['respond_by'], zone)})",
        f"  triage        admissible={triage['admissible']} severity={triage['severity']} "
        f"complexity={triage['complexity']} urgent={triage['urgent']} authority={triage['authority']}",
        f"  assigned to   {complaint['assigned_to'] or '-'}",
        f"  next actions  {', '.join(verbs)}",
        *_narrative(submission),
        "",
        "  What happened:",
        *(
            f"    {_local(event['at'], zone)}  {event['actor']:10} {event['kind']}"
            + (f"  {event['status_from']} -> {event['status_to']}" if event["status_to"] else "")
            + (f"  ({event['reason']})" if event["reason"] else "")
            for event in complaint["history"]
        ),
        "",
        "  Letters:",
        *(
            f"    {_local(letter['created_at'], zone)}  {letter['kind']:20} {letter['state']:8} {letter['subject']}"
            for letter in complaint["letters"]
        ),
    ]
    if not complaint["letters"]:
        lines.append("    none")
    return safe_text("\n".join(lines))
