"""The deadline monitor on DynamoDB (moto): it reads only the complaints that are due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.adapters.dynamodb import DynamoDBComplaintRepository
from chalicelib.adapters.memory import MemoryMailer
from chalicelib.adapters.records import complaint_to_record
from chalicelib.domain import acknowledgement as ack
from chalicelib.domain import handling
from chalicelib.domain.complaint import DEFAULT_CATEGORIES, Complaint
from chalicelib.domain.events import Event
from chalicelib.domain.firm import Escalation
from chalicelib.domain.intake import open_complaint
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.validation import validate_submission
from chalicelib.services import oversight

from tests.support import body

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)  # a Monday
PROFILE = get_profile("payments-lt")
QUIET, DUE = 300, 4


def complaint(reference: str, investigated: bool) -> Complaint:
    submission = validate_submission(body(), latest_incident_date=NOW.date(), categories=DEFAULT_CATEGORIES)
    opened = open_complaint(reference, submission, NOW, PROFILE, "h")
    if not investigated:
        return opened
    # Acknowledged and under investigation: the next deadline is three weeks away.
    sent, _ = ack.mark_sent(ack.claim(opened, NOW), NOW, "m")
    return handling.start_investigation(sent, "alice", NOW).complaint


def store(repository: DynamoDBComplaintRepository, reference: str, investigated: bool) -> None:
    repository.add(complaint(reference, investigated), Event(at=NOW, actor="customer", kind="received"), None)


def seed_quietly(table: Any, count: int) -> None:
    """Many complaints with no deadline near, written in batches (the monitor's cost must not follow them)."""
    with table.batch_writer() as batch:
        for number in range(count):
            batch.put_item(Item=complaint_to_record(complaint(f"QUIET-{number}", investigated=True)))


class ReadCounter:
    """Counts what DynamoDB returns to the adapter, per operation."""

    def __init__(self, client: Any):
        self.items: dict[str, int] = {}
        client.meta.events.register("after-call.dynamodb.*", self.count)

    def count(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        name = model.name
        returned = parsed.get("ScannedCount", parsed.get("Count", 0))
        if name == "BatchGetItem":
            returned = sum(len(items) for items in parsed.get("Responses", {}).values())
        self.items[name] = self.items.get(name, 0) + returned


def test_the_monitor_reads_only_the_complaints_that_are_due(table: Any) -> None:
    """300 quiet complaints and 4 due: the index queries and the batch read touch only the 4."""
    repository = DynamoDBComplaintRepository(table)
    seed_quietly(table, QUIET)
    due_references = [f"DUE{n}-AAAA" for n in range(2, 2 + DUE)]
    for reference in due_references:
        store(repository, reference, investigated=False)

    reads = ReadCounter(table.meta.client)
    mailer = MemoryMailer()
    items = oversight.run_monitor(
        repository=repository, mailer=mailer, clock=lambda: NOW, recipient="team@example.com", sender_name="Aurora Pay"
    )

    assert {item.reference for item in items} == set(due_references)
    assert reads.items.get("Scan", 0) == 0
    assert reads.items["Query"] == DUE
    assert reads.items["BatchGetItem"] == DUE
    assert len(mailer.sent) == 1  # one digest per run
    assert all(reference in mailer.sent[0].text for reference in due_references)


def test_nothing_due_sends_no_digest(table: Any) -> None:
    """A quiet run is silent."""
    repository = DynamoDBComplaintRepository(table)
    store(repository, "QUIE-TTTT", investigated=True)
    mailer = MemoryMailer()
    assert (
        oversight.run_monitor(
            repository=repository,
            mailer=mailer,
            clock=lambda: NOW,
            recipient="team@example.com",
            sender_name="Aurora Pay",
        )
        == []
    )
    assert mailer.sent == []


def test_an_overdue_deadline_is_flagged(table: Any) -> None:
    """Two days later the acknowledgement deadline has passed."""
    repository = DynamoDBComplaintRepository(table)
    store(repository, "LATE-AAAA", investigated=False)
    items = oversight.due_list(repository, NOW + timedelta(days=2))
    assert [(item.deadline, item.overdue) for item in items if item.deadline == "acknowledgement"] == [
        ("acknowledgement", True)
    ]


def test_management_is_told_once_of_an_answer_deadline_about_to_be_missed(table: Any) -> None:
    """Seed 000: within the firm's horizon, one digest to management (references, no customer data),
    recorded on the complaint so the hourly runs after it stay silent for that deadline."""
    repository = DynamoDBComplaintRepository(table)
    store(repository, "LATE-BBBB", investigated=True)
    due_at = repository.get("LATE-BBBB").answer_due  # type: ignore[union-attr]
    management = Escalation(management_email="management@aurora-pay.example", hours_before=24)
    mailer = MemoryMailer()

    def run(at: datetime) -> None:
        oversight.run_monitor(
            repository=repository,
            mailer=mailer,
            clock=lambda: at,
            recipient="team@example.com",
            sender_name="Aurora Pay",
            escalation=management,
        )

    run(due_at - timedelta(hours=30))  # outside the firm's horizon: handlers only
    assert [m for m in mailer.sent if m.to == ("management@aurora-pay.example",)] == []
    for hours in (20, 19, -5):
        run(due_at - timedelta(hours=hours))
    told = [m for m in mailer.sent if m.to == ("management@aurora-pay.example",)]
    assert len(told) == 1
    assert "LATE-BBBB" in told[0].text and "ana" not in told[0].text.lower()
    assert [e.kind for e in repository.events("LATE-BBBB")].count("management_alerted") == 1
