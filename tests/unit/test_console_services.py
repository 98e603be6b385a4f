"""What the console reads and previews, on the in-memory twins: the queue of open complaints by next
deadline, and the letter an action would send, shown without being stored or sent."""

from __future__ import annotations

import pytest
from chalicelib.domain.lifecycle import ActionRefused
from chalicelib.services import errors, oversight
from chalicelib.services import handling as team

from tests.support import Desk

ALICE = team.StaffMember("alice", "handler")


@pytest.fixture
def desk() -> Desk:
    return Desk()


def test_the_queue_lists_every_open_complaint_by_its_next_deadline(desk: Desk) -> None:
    """Closed complaints leave the queue; each item says which deadline is next and how many
    business days are left before it."""
    first = desk.file(language="it")
    desk.clock.advance(days=1)
    second = desk.file(language="fr", category="unauthorised_transaction")
    desk.clock.advance(hours=1)
    answered = desk.file()
    desk.act("triage", reference=answered, admissible=False, inadmissible_reasons="Not a complaint about us.")
    queue = oversight.work_queue(desk.repository, desk.clock())
    references = [item.reference for item in queue]
    assert answered not in references
    assert set(references) == {first, second}
    assert [item.due_at for item in queue] == sorted(item.due_at for item in queue)
    urgent = next(item for item in queue if item.reference == second)
    assert urgent.urgent and urgent.category == "unauthorised_transaction"
    assert all(not item.overdue and item.business_days_left >= 0 for item in queue)


def test_an_item_past_its_deadline_is_overdue_with_negative_days_left(desk: Desk) -> None:
    reference = desk.file()
    desk.clock.advance(days=120)
    (item,) = [item for item in oversight.work_queue(desk.repository, desk.clock()) if item.reference == reference]
    assert item.overdue and item.business_days_left < 0
    assert item.as_json()["due_at"] == item.due_at.isoformat()


def test_a_preview_renders_the_letter_in_the_customers_language_without_storing_or_sending_it(desk: Desk) -> None:
    reference = desk.file(language="it")
    desk.act("start_investigation", reference=reference)
    sent_before, stored = len(desk.mailer.sent), desk.repository.get(reference)
    letter = desk.preview("request_information", reference=reference, items=["screenshots"], note="Grazie.")
    assert letter is not None and letter.language == "it" and letter.kind == "information_request"
    assert reference in letter.subject and "Grazie." in letter.text
    assert len(desk.mailer.sent) == sent_before
    assert desk.repository.get(reference) == stored
    assert desk.repository.letters(reference) == []


def test_a_preview_shows_the_final_response_a_supervisor_will_approve(desk: Desk) -> None:
    """Four eyes holds the letter back when sent, not when previewed: the handler sees what goes out."""
    reference = desk.file()
    desk.act("start_investigation", reference=reference)
    letter = desk.preview(
        "final_response",
        reference=reference,
        outcome="upheld",
        reasons="The transfer left three days late because of our error.",
        redress="We refund the fee.",
    )
    assert letter is not None and letter.kind == "final_response" and "We refund the fee." in letter.text


def test_an_action_without_a_letter_previews_as_none(desk: Desk) -> None:
    reference = desk.file()
    assert desk.preview("start_investigation", reference=reference) is None


def test_a_preview_refuses_what_the_action_would_refuse(desk: Desk) -> None:
    reference = desk.file()
    with pytest.raises(ActionRefused):
        desk.preview("final_response", reference=reference, outcome="upheld")  # no reasons
    with pytest.raises(errors.NotAllowedForRole):
        desk.preview("assign", reference=reference, handler="bob")
    with pytest.raises(errors.ComplaintNotFound):
        desk.preview("start_investigation", reference="CMP-0000-0000")
