"""The supervisors' controls on a complaint: four eyes on final answers (seed 004 §24), an internal
review by someone else than the first handler, and the legal hold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from chalicelib.domain import handling
from chalicelib.domain.complaint import Complaint
from chalicelib.domain.due import pending_deadlines
from chalicelib.domain.lifecycle import ActionRefused, Change

from tests.support import new_complaint

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def problems(error: pytest.ExceptionInfo[ActionRefused]) -> set[tuple[str | None, str]]:
    return set(error.value.problems)


def in_progress() -> Complaint:
    return handling.start_investigation(new_complaint(), "alice", NOW).complaint


# ---------------------------------------------------------------- four eyes (seed 004 §24)


def drafted(author: str = "alice") -> Change:
    """A final response written by `author` under a firm that asks for a supervisor's approval."""
    complaint = in_progress()
    sent = handling.final_response(
        complaint,
        author,
        NOW,
        outcome="upheld",
        reasons="The transfer was delayed by our error.",
        redress="We refund the fee of 5 EUR.",
        basis=None,
        apology=None,
    )
    return handling.for_approval(complaint, sent)


def test_under_four_eyes_a_final_response_waits_as_a_draft_and_sends_nothing() -> None:
    """The text is kept as written, the answer is not yet given, so its deadline still runs."""
    change = drafted()
    complaint = change.complaint
    assert (complaint.status, change.letter, change.event.kind) == ("awaiting_approval", None, "draft_final_response")
    assert complaint.final_response is None
    draft = complaint.supervision.draft
    assert draft is not None and (draft.drafted_by, draft.response.redress) == ("alice", "We refund the fee of 5 EUR.")
    assert "response" in pending_deadlines(complaint)


def test_a_supervisor_other_than_the_drafter_approves_and_the_letter_goes_out_as_drafted() -> None:
    """The drafter cannot approve their own answer; the approval is recorded with who gave it."""
    waiting = drafted().complaint
    with pytest.raises(ActionRefused) as refused:
        handling.approve_final_response(waiting, "alice", NOW)
    assert problems(refused) == {("approver", "same_as_drafter")}
    change = handling.approve_final_response(waiting, "bob", NOW)
    response = change.complaint.final_response
    assert (change.complaint.status, change.letter) == ("resolved", "final_response")
    assert response is not None and (response.drafted_by, response.approved_by, response.sent_at) == (
        "alice",
        "bob",
        NOW,
    )
    assert response.reasons == "The transfer was delayed by our error."
    assert change.complaint.supervision.draft is None
    assert pending_deadlines(change.complaint) == {}


def test_a_returned_draft_goes_back_to_the_handler_with_the_reason() -> None:
    """Nothing is sent; the draft is kept with why it came back, and can be drafted again."""
    waiting = drafted().complaint
    with pytest.raises(ActionRefused) as refused:
        handling.return_final_response(waiting, "bob", NOW, None)
    assert problems(refused) == {("reason", "required")}
    change = handling.return_final_response(waiting, "bob", NOW, "Quote the fee schedule in the reasons.")
    draft = change.complaint.supervision.draft
    assert (change.complaint.status, change.letter) == ("in_progress", None)
    assert draft is not None and (draft.returned_by, draft.returned_reason) == (
        "bob",
        "Quote the fee schedule in the reasons.",
    )
    with pytest.raises(ActionRefused):
        handling.approve_final_response(change.complaint, "bob", NOW)


def test_an_internal_review_is_done_by_someone_other_than_the_first_handler() -> None:
    """The handler who escalated cannot conclude the review: neither resume nor answer it."""
    escalated = handling.escalate(in_progress(), "alice", NOW, "management", "The customer disputes the refusal.")
    complaint = escalated.complaint
    with pytest.raises(ActionRefused) as refused:
        handling.resume(complaint, "alice", NOW)
    assert problems(refused) == {("reviewer", "same_as_first_handler")}
    with pytest.raises(ActionRefused) as refused:
        handling.final_response(
            complaint,
            "alice",
            NOW,
            outcome="rejected",
            reasons="Reviewed: the fee is due.",
            redress=None,
            basis="Fee schedule, section 4.",
            apology=None,
        )
    assert problems(refused) == {("reviewer", "same_as_first_handler")}
    assert handling.resume(complaint, "carol", NOW).complaint.status == "in_progress"


# ---------------------------------------------------------------- legal hold


def test_a_legal_hold_is_placed_and_lifted_with_a_reason() -> None:
    """A court case: the hold names who placed it and why; lifting it needs a reason too."""
    complaint = in_progress()
    with pytest.raises(ActionRefused) as refused:
        handling.place_legal_hold(complaint, "bob", NOW, "")
    assert problems(refused) == {("reason", "required")}
    held = handling.place_legal_hold(complaint, "bob", NOW, "Vilnius court case 2-123/2027").complaint
    hold = held.supervision.legal_hold
    assert hold is not None and (hold.placed_by, hold.reason) == ("bob", "Vilnius court case 2-123/2027")
    with pytest.raises(ActionRefused):
        handling.place_legal_hold(held, "bob", NOW, "Second case")
    lifted = handling.lift_legal_hold(held, "bob", NOW, "Judgment final, appeal period over.")
    assert lifted.complaint.supervision.legal_hold is None and lifted.event.kind == "legal_hold_lifted"
    with pytest.raises(ActionRefused):
        handling.lift_legal_hold(lifted.complaint, "bob", NOW, "Nothing to lift.")
