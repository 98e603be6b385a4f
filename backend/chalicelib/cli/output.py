"""How the `complaints` command prints a complaint and the due list for a person."""

from __future__ import annotations

import unicodedata
from typing import Any

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


def complaint_summary(complaint: dict[str, Any]) -> str:
    submission, triage = complaint["submission"], complaint["triage"]
    deadlines = complaint["deadlines"]
    lines = [
        f"{complaint['reference']}  {complaint['status']}  ({submission['language']}, {submission['customer_type']},"
        f" {submission['category']})",
        f"  customer      {submission['full_name']} <{submission['email']}>",
        f"  received      {complaint['received_at']}",
        f"  acknowledge   {deadlines['acknowledge_by'] or '-'}  ({complaint['acknowledgement']['state']})",
        f"  investigate   {deadlines['investigate_by'] or '-'}",
        f"  answer due    {complaint['answer_due']}"
        f"  (limit {deadlines['respond_by_extended'] or deadlines['respond_by']})",
        f"  triage        admissible={triage['admissible']} severity={triage['severity']} "
        f"complexity={triage['complexity']} urgent={triage['urgent']} authority={triage['authority']}",
        f"  assigned to   {complaint['assigned_to'] or '-'}",
        f"  next actions  {', '.join(complaint['allowed_actions'])}",
        "",
        "  What happened:",
        *(
            f"    {event['at']}  {event['actor']:10} {event['kind']}"
            + (f"  {event['status_from']} -> {event['status_to']}" if event["status_to"] else "")
            + (f"  ({event['reason']})" if event["reason"] else "")
            for event in complaint["history"]
        ),
        "",
        "  Letters:",
        *(
            f"    {letter['created_at']}  {letter['kind']:20} {letter['state']:8} {letter['subject']}"
            for letter in complaint["letters"]
        ),
    ]
    if not complaint["letters"]:
        lines.append("    none")
    return safe_text("\n".join(lines))
