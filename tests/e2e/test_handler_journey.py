"""A handler takes a complaint through its whole life with the `complaints` command, against the
local stack: triage, a request for information, a holding reply, a partially upheld answer."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import uuid
from typing import Any

import pytest

from devstack.staff_keys import PRIVATE_KEY_FILE
from tests.conftest import sent_emails
from tests.stack_tools import complaints
from tests.support import body

pytestmark = pytest.mark.e2e


def post_complaint(stack: Any) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{stack.ports.api_url}/complaints",
        method="POST",
        data=json.dumps(body(language="it", email=f"cliente-{uuid.uuid4().hex[:6]}@example.com")).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.load(response))


def status(stack: Any, created: dict[str, Any]) -> dict[str, Any]:
    url = f"{stack.ports.api_url}/complaints/{created['reference']}?token={created['tracking_token']}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(json.load(response))


def test_a_handler_takes_a_complaint_through_its_whole_life(local_stack: Any) -> None:
    """Every letter reaches the mailbox in Italian, the customer's status shows each step, the final
    answer goes out once a supervisor approves it (four eyes, on for payments-lt), and the register
    lists the complaint with its outcome."""
    created = post_complaint(local_stack)
    reference = created["reference"]
    key = str(local_stack.key_dir / PRIVATE_KEY_FILE)
    token = complaints(local_stack, "token", "--user", "alice", "--key", key).strip()
    limit = created["respond_by_extended"][:10]

    complaints(local_stack, "triage", reference, "--severity", "minor", "--complexity", "complex", token=token)
    complaints(local_stack, "start", reference, token=token)
    complaints(local_stack, "request-info", reference, "--item", "screenshots", "--note", "Grazie.", token=token)
    complaints(local_stack, "info-received", reference, token=token)
    complaints(
        local_stack,
        "holding-reply",
        reference,
        "--until",
        limit,
        "--reason",
        "Attendiamo i registri della banca corrispondente.",
        token=token,
    )
    complaints(
        local_stack,
        "final-response",
        reference,
        "--outcome",
        "partially_upheld",
        "--reasons",
        "Il bonifico è partito in ritardo di tre giorni per un nostro errore.",
        "--redress",
        "Rimborsiamo la commissione di 5 EUR.",
        "--basis",
        "Condizioni generali, articolo 12: i tempi di esecuzione.",
        "--comment",
        "Ritardo, commissione rimborsata",
        token=token,
    )
    drafted = json.loads(complaints(local_stack, "show", reference, "--json", token=token))
    assert drafted["status"] == "awaiting_approval" and drafted["letters"][-1]["kind"] == "holding_reply"
    supervisor = complaints(local_stack, "token", "--user", "sofia", "--role", "supervisor", "--key", key).strip()
    complaints(local_stack, "approve", reference, token=supervisor)

    shown = json.loads(complaints(local_stack, "show", reference, "--json", token=token))
    assert shown["status"] == "resolved"
    letters = shown["letters"]
    assert [(letter["kind"], letter["language"], letter["state"]) for letter in letters] == [
        ("information_request", "it", "sent"),
        ("holding_reply", "it", "sent"),
        ("final_response", "it", "sent"),
    ]
    mailbox = [m["subject"] for m in sent_emails(local_stack) if reference in m["subject"]]
    assert mailbox == [f"Abbiamo ricevuto il Suo reclamo {reference}", *(letter["subject"] for letter in letters)]

    steps = [step["status"] for step in status(local_stack, created)["history"]]
    assert steps == [
        "received",
        "acknowledged",
        "in_progress",
        "awaiting_customer",
        "in_progress",
        "holding_reply_sent",
        "awaiting_approval",
        "resolved",
    ]

    today = created["received_at"][:10]
    exported = complaints(local_stack, "register", "--from", today, "--to", today, "--format", "csv", token=token)
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(exported))}
    row = rows[reference]
    assert (row["outcome"], row["response"], row["holding_reply"]) == ("partially_upheld", "met", "yes")
    assert row["comment"] == "Ritardo, commissione rimborsata"
