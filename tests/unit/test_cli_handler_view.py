"""What a handler reads in the `complaints` command: the customer's own words, next steps named as
the command's verbs, every time in the firm's time zone, refusals that say why, and the queue."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chalicelib.cli import output
from chalicelib.cli.main import build_parser
from chalicelib.services import oversight

from tests.support import body
from tests.unit.test_services import Portal

NARRATIVE = body(
    description="Il bonifico del 3 novembre è arrivato con tre giorni di ritardo.",
    desired_resolution="Il rimborso della commissione di 5 euro.",
    transaction_ids=["TX-123"],
    ticket_ids=["T-9"],
    actions_taken="Ho scritto all'assistenza il 4 novembre.",
    amount_disputed={"value": "5.00", "currency": "EUR"},
)


@pytest.fixture
def file() -> dict[str, Any]:
    """A stored complaint's file, as GET /staff/complaints/{ref} returns it."""
    portal = Portal()
    reference = portal.submit(NARRATIVE).body["reference"]
    complaint = portal.repository.get(reference)
    assert complaint is not None
    return json.loads(json.dumps(oversight.complaint_file(complaint, portal.repository), default=str))


def test_show_prints_what_the_customer_wrote_and_asks_for(file: dict[str, Any]) -> None:
    """The narrative a handler must answer point by point, not only its metadata."""
    shown = output.complaint_summary(file)
    for words in (
        NARRATIVE["description"],
        NARRATIVE["desired_resolution"],
        "TX-123",
        "T-9",
        NARRATIVE["actions_taken"],
        "5.00 EUR",
    ):
        assert words in shown


def test_next_actions_are_named_as_the_commands_verbs(file: dict[str, Any]) -> None:
    """`start`, `request-info`…: what the handler types next, not the API's action names."""
    line = next(line for line in output.complaint_summary(file).splitlines() if "next actions" in line)
    verbs = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    named = {name.strip() for name in line.split("next actions", 1)[1].split(",")}
    assert named and named <= verbs


def test_every_time_is_shown_in_the_firms_time_zone(file: dict[str, Any]) -> None:
    """One zone in the output: the profile's (Vilnius for payments-lt), named once."""
    shown = output.complaint_summary(file)
    offsets = set(re.findall(r"\d{2}:\d{2}(?::\d{2})?([+-]\d{2}:\d{2}|Z)", shown))
    received = datetime.fromisoformat(file["received_at"]).astimezone(ZoneInfo("Europe/Vilnius"))
    assert offsets <= {received.strftime("%z")[:3] + ":" + received.strftime("%z")[3:]}
    assert "Europe/Vilnius" in shown


@pytest.mark.parametrize(
    ("problem", "says"),
    [
        ({"field": None, "code": "transition_not_allowed"}, "not possible in the complaint's current status"),
        ({"field": "until", "code": "deadline_passed"}, "until: the deadline has already passed"),
        ({"field": None, "code": "role_not_allowed"}, "Only a supervisor"),
        ({"field": "reason", "code": "required"}, "reason: this is required"),
        ({"field": "x", "code": "something_new"}, "x: something_new"),
    ],
)
def test_a_refusal_says_why_in_words(problem: dict[str, Any], says: str) -> None:
    """The API answers codes; the command turns each into a sentence, and shows an unknown one as is."""
    assert says in output.refusal(problem)


def test_the_queue_lists_open_complaints_with_business_days_left() -> None:
    """Overdue and urgent marked, the next deadline first, filters applied."""
    items = [
        {
            "reference": "AAAA-AAAA",
            "status": "in_progress",
            "category": "payment_delay",
            "assigned_to": "alice",
            "urgent": False,
            "deadline": "respond_by",
            "due_at": "2026-12-03T23:59:59+02:00",
            "overdue": False,
            "business_days_left": 2,
        },
        {
            "reference": "BBBB-BBBB",
            "status": "received",
            "category": "unauthorised_transaction",
            "assigned_to": None,
            "urgent": True,
            "deadline": "investigate_by",
            "due_at": "2026-12-01T23:59:59+02:00",
            "overdue": True,
            "business_days_left": -1,
        },
    ]
    table = output.queue_table(items)
    assert table.index("BBBB-BBBB") < table.index("AAAA-AAAA") or "OVERDUE" in table
    assert "URGENT" in table and "OVERDUE" in table and "-1" in table
    only_unassigned = output.filter_queue(items, unassigned=True)
    assert [item["reference"] for item in only_unassigned] == ["BBBB-BBBB"]
    assert [item["reference"] for item in output.filter_queue(items, assignee="alice")] == ["AAAA-AAAA"]
    assert [item["reference"] for item in output.filter_queue(items, overdue=True)] == ["BBBB-BBBB"]
