"""A re-grade through the staff use case: the service field reaches the domain, the change is
stored with the complaint, and the customer's letter goes out (bank-it, in memory)."""

from __future__ import annotations

from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryMailer
from chalicelib.api.actions import parse_action
from chalicelib.config.firm import load_firm
from chalicelib.services import handling as team
from chalicelib.services import intake

from tests.support import FixedClock, body, portal_config

ALICE = team.StaffMember("alice", "handler")


def test_moving_a_payment_complaint_to_banking_lengthens_the_deadline_with_a_letter() -> None:
    """payment_delay counts as a payment service (15 business days); the handler finds it is about a
    loan: 60 calendar days, the first date kept, the customer told in Italian."""
    repository, mailer, clock = MemoryComplaintRepository(), MemoryMailer(), FixedClock()
    config = portal_config("bank-it")
    result = intake.submit_complaint(
        body(language="it", category="payment_delay"),
        idempotency_key=None,
        client_id="c",
        repository=repository,
        mailer=mailer,
        clock=clock,
        config=config,
    )
    reference = result.body["reference"]
    first = repository.get(reference).deadlines.respond_by  # type: ignore[union-attr]
    changed = team.perform(
        reference,
        "triage",
        parse_action("triage", {"service": "banking"}),
        staff=ALICE,
        repository=repository,
        mailer=mailer,
        clock=clock,
        firm=load_firm(),
    )
    stored = repository.get(reference)
    assert stored is not None and stored.triage.service == "banking"
    assert stored.respond_by_initial == first < stored.deadlines.respond_by == changed.deadlines.respond_by
    assert [change.actor for change in stored.deadline_changes] == ["alice"]
    letters = repository.letters(reference)
    assert [(letter.kind, letter.language, letter.state) for letter in letters] == [("deadline_extended", "it", "sent")]
