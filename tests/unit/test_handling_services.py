"""The complaints team's use cases on the in-memory twins: letters stored with the change, sent,
and retried until sent when the mail service is down."""

from __future__ import annotations

import pytest
from chalicelib.config.firm import load_firm
from chalicelib.domain.lifecycle import ActionRefused
from chalicelib.services import errors
from chalicelib.services import handling as team

from tests.support import Desk, desk_with_complaint

ALICE = team.StaffMember("alice", "handler")
BOSS = team.StaffMember("bob", "supervisor")


@pytest.fixture
def desk() -> Desk:
    return desk_with_complaint(language="it")


def test_a_letter_is_stored_with_its_change_and_sent_in_the_customer_language(desk: Desk) -> None:
    """The request for information is kept in the record as sent, and emailed in Italian."""
    desk.act("start_investigation")
    desk.act("request_information", items=["screenshots"], note="Una schermata dell'errore, per favore.")
    letters = desk.repository.letters(desk.reference)
    assert [(letter.kind, letter.state, letter.language) for letter in letters] == [
        ("information_request", "sent", "it")
    ]
    assert desk.mailer.sent[-1].subject == letters[0].subject
    assert "schermata" in letters[0].text


def test_a_mail_outage_keeps_the_letter_pending_and_the_retry_sends_it_once(desk: Desk) -> None:
    """A failing dependency loses nothing: the letter waits in the outbox."""
    desk.act("start_investigation")
    desk.mailer.unavailable = True
    desk.act("escalate", target="management", reason="The customer asked for a manager.")
    assert [letter.state for letter in desk.repository.letters(desk.reference)] == ["pending"]
    assert team.retry_pending_letters(repository=desk.repository, mailer=desk.mailer, clock=desk.clock) == 0
    desk.mailer.unavailable = False
    assert team.retry_pending_letters(repository=desk.repository, mailer=desk.mailer, clock=desk.clock) == 1
    assert team.retry_pending_letters(repository=desk.repository, mailer=desk.mailer, clock=desk.clock) == 0
    assert [letter.state for letter in desk.repository.letters(desk.reference)] == ["sent"]


def test_every_action_leaves_an_event_with_its_author(desk: Desk) -> None:
    """Who, when, what and why, append-only."""
    desk.act("triage", severity="minor", complexity="simple")
    desk.act("start_investigation")
    events = desk.repository.events(desk.reference)
    assert [(event.kind, event.actor) for event in events][-2:] == [
        ("triaged", "alice"),
        ("start_investigation", "alice"),
    ]


def test_refused_actions_change_nothing(desk: Desk) -> None:
    """A forbidden transition or missing content leaves the complaint and its history as they were."""
    before = desk.repository.get(desk.reference)
    with pytest.raises(ActionRefused):
        desk.act("final_response", outcome="upheld", reasons="short")
    with pytest.raises(ActionRefused):
        desk.act("information_received")
    assert desk.repository.get(desk.reference) == before


def test_parameters_of_the_wrong_type_are_refused_as_field_problems(desk: Desk) -> None:
    """Dates as YYYY-MM-DD, flags as booleans."""
    desk.act("start_investigation")
    with pytest.raises(ActionRefused) as refused:
        desk.act("holding_reply", reason="Waiting for records from the other bank.", until="next week")
    assert refused.value.problems == [("until", "invalid")]
    with pytest.raises(ActionRefused):
        desk.act("triage", urgent="yes")


def test_only_a_supervisor_assigns_work_to_someone(desk: Desk) -> None:
    """Handlers work on complaints; supervisors hand them out."""
    with pytest.raises(errors.NotAllowedForRole):
        desk.act("assign", handler="carol")
    assert desk.act("assign", staff=BOSS, handler="carol").assigned_to == "carol"


def test_an_unknown_reference_or_action_is_reported(desk: Desk) -> None:
    """ComplaintNotFound for a reference, ActionRefused for an action name."""
    with pytest.raises(errors.ComplaintNotFound):
        desk.act("start_investigation", reference="ZZZZ-ZZZZ")
    with pytest.raises(ActionRefused):
        desk.act("delete")


def test_a_closed_complaint_and_all_its_records_expire_after_the_retention_period(desk: Desk) -> None:
    """GDPR storage limitation: years after closure, DynamoDB's TTL deletes every item; a referral lifts it."""
    desk.act("start_investigation")
    desk.act(
        "final_response",
        outcome="upheld",
        reasons="The fee was charged twice by our error.",
        redress="We refund the second fee.",
    )
    desk.act("approve_final_response", staff=BOSS)  # payments-lt: four eyes on the final answer
    closed = desk.act("close")
    assert closed.expires_at == closed.closed_at.replace(year=closed.closed_at.year + load_firm().retention_years)
    expiry = desk.repository.expiry_of(desk.reference)
    assert set(expiry.values()) == {int(closed.expires_at.timestamp())}  # complaint, events and letters
    reopened = desk.act("refer", body="bank_of_lithuania")
    assert reopened.expires_at is None
    assert set(desk.repository.expiry_of(desk.reference).values()) == {None}
