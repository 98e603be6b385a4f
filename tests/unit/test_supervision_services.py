"""The supervisors' controls through the services, on the in-memory twins: four eyes on final
answers, management told before an answer deadline is missed, and the legal hold's effect on expiry."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from chalicelib.config.firm import load_firm
from chalicelib.domain.firm import Escalation, Firm, requires_approval
from chalicelib.domain.lifecycle import ActionRefused
from chalicelib.services import errors, oversight
from chalicelib.services import handling as team

from tests.support import Desk

ALICE = team.StaffMember("alice", "handler")
BOB = team.StaffMember("bob", "supervisor")
CAROL = team.StaffMember("carol", "supervisor")
UPHELD: dict[str, Any] = {
    "outcome": "upheld",
    "reasons": "The transfer was delayed by our error.",
    "redress": "Fee refunded.",
}
MANAGEMENT = Escalation(management_email="management@aurora-pay.example", hours_before=48)


class SupervisionDesk(Desk):
    """A desk holding one complaint, with the monitor and management's mailbox."""

    def __init__(self, firm: Firm | None = None, profile: str = "payments-lt") -> None:
        super().__init__(profile, firm=firm)
        self.file()

    def letters(self) -> list[str]:
        return [letter.kind for letter in self.repository.letters(self.reference)]

    def monitor(self) -> list[Any]:
        return oversight.run_monitor(
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            recipient="team@aurora-pay.example",
            sender_name="Aurora Pay",
            escalation=MANAGEMENT,
        )

    def to_management(self) -> list[Any]:
        return [m for m in self.mailer.sent if m.to == (MANAGEMENT.management_email,)]


# ---------------------------------------------------------------- configuration


def test_the_shipped_firm_names_management_and_asks_for_four_eyes_under_payments_lt() -> None:
    """firm.toml: [escalation] names management; four eyes is on by default for payments-lt only."""
    firm = load_firm()
    assert firm.escalation is not None and firm.escalation.management_email.endswith("@aurora-pay.example")
    assert firm.escalation.hours_before > 0
    assert requires_approval(firm, "payments-lt")
    assert not requires_approval(firm, "exchange-eu")
    assert requires_approval(replace(firm, four_eyes=True), "exchange-eu")
    assert not requires_approval(replace(firm, four_eyes=False), "payments-lt")


# ---------------------------------------------------------------- four eyes


def test_a_handlers_final_response_waits_for_approval_and_sends_no_letter() -> None:
    """payments-lt: the draft is stored, the customer gets nothing yet, the queue lists it."""
    desk = SupervisionDesk()
    desk.act("start_investigation")
    complaint = desk.act("final_response", **UPHELD)
    assert complaint.status == "awaiting_approval"
    assert "final_response" not in desk.letters()
    queue = oversight.approval_queue(desk.repository)
    assert [(item["reference"], item["drafted_by"], item["outcome"]) for item in queue] == [
        (desk.reference, "alice", "upheld")
    ]


def test_only_a_supervisor_other_than_the_drafter_approves_and_the_letter_then_goes_out() -> None:
    """A handler may not approve; the drafter may not either; the approval sends the draft as written."""
    desk = SupervisionDesk()
    desk.act("start_investigation")
    desk.act("final_response", staff=BOB, **UPHELD)
    with pytest.raises(errors.NotAllowedForRole):
        desk.act("approve_final_response", staff=ALICE)
    with pytest.raises(ActionRefused):
        desk.act("approve_final_response", staff=BOB)
    complaint = desk.act("approve_final_response", staff=CAROL)
    assert complaint.status == "resolved"
    assert (complaint.final_response.drafted_by, complaint.final_response.approved_by) == ("bob", "carol")
    assert desk.letters() == ["final_response"]
    assert "The transfer was delayed by our error." in desk.repository.letters(desk.reference)[0].text
    assert oversight.approval_queue(desk.repository) == []


def test_a_supervisor_returns_a_draft_with_a_reason() -> None:
    """Back to the handler, nothing sent; a handler cannot return it."""
    desk = SupervisionDesk()
    desk.act("start_investigation")
    desk.act("final_response", **UPHELD)
    with pytest.raises(errors.NotAllowedForRole):
        desk.act("return_final_response", reason="Add the fee schedule.")
    complaint = desk.act("return_final_response", staff=BOB, reason="Quote the fee schedule in the reasons.")
    assert complaint.status == "in_progress"
    assert complaint.supervision.draft.returned_reason == "Quote the fee schedule in the reasons."
    assert desk.letters() == []


def test_without_four_eyes_the_final_response_goes_out_at_once() -> None:
    """exchange-eu by default, or a firm that turns it off."""
    desk = SupervisionDesk(profile="exchange-eu")
    desk.act("start_investigation")
    assert desk.act("final_response", **UPHELD).status == "resolved"
    assert desk.letters() == ["final_response"]


# ---------------------------------------------------------------- management told before a deadline is missed


def test_management_is_told_once_per_complaint_and_deadline_before_the_answer_is_late() -> None:
    """Seed 000: within the firm's horizon, one digest to management with references only; the next
    run is silent for that deadline; a draft awaiting approval does not stop the warning."""
    desk = SupervisionDesk()
    desk.act("start_investigation")
    desk.act("final_response", **UPHELD)  # drafted, not sent: the deadline still runs
    complaint = desk.repository.get(desk.reference)
    assert complaint is not None
    desk.clock.now = complaint.answer_due - timedelta(hours=47)
    items = desk.monitor()
    assert any(item.reference == desk.reference for item in items)
    alerts = desk.to_management()
    assert len(alerts) == 1
    assert desk.reference in alerts[0].text and "awaiting_approval" in alerts[0].text
    assert "Ana" not in alerts[0].text and "example.com" not in alerts[0].text  # no customer data
    desk.clock.advance(hours=1)
    desk.monitor()
    desk.clock.advance(hours=48)  # now overdue: already told for this deadline
    desk.monitor()
    assert len(desk.to_management()) == 1
    events = [event.kind for event in desk.repository.events(desk.reference)]
    assert events.count("management_alerted") == 1


def test_management_hears_nothing_while_the_deadline_is_far() -> None:
    """Outside the horizon, only the handlers' digest (if anything is due)."""
    desk = SupervisionDesk()
    desk.act("start_investigation")
    desk.monitor()
    assert desk.to_management() == []


# ---------------------------------------------------------------- legal hold


def test_a_legal_hold_keeps_a_closed_complaint_and_its_records_from_expiring() -> None:
    """Supervisors only; while held no item has a TTL; lifting it restores the retention."""
    desk = SupervisionDesk(profile="exchange-eu")
    desk.act("start_investigation")
    desk.act("final_response", **UPHELD)
    closed = desk.act("close")
    assert closed.expires_at is not None
    with pytest.raises(errors.NotAllowedForRole):
        desk.act("place_legal_hold", reason="Vilnius court case 2-123/2027")
    held = desk.act("place_legal_hold", staff=BOB, reason="Vilnius court case 2-123/2027")
    assert held.expires_at is None
    assert set(desk.repository.expiry_of(desk.reference).values()) == {None}
    lifted = desk.act("lift_legal_hold", staff=BOB, reason="Judgment final, appeal period over.")
    assert lifted.expires_at == closed.expires_at
    assert set(desk.repository.expiry_of(desk.reference).values()) == {int(closed.expires_at.timestamp())}
