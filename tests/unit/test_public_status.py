"""The track page's answer (GET /complaints/{reference}) follows each handling step: the answer date
a holding reply moves, the outcome once the final response is sent, and the closing date."""

from __future__ import annotations

from chalicelib.services import access

from tests.support import Desk, desk_with_complaint
from tests.unit.test_handling_services import BOSS


def status(desk: Desk, token: str) -> dict[str, object]:
    return access.public_status(desk.reference, token, repository=desk.repository)


def test_the_status_shows_the_answer_date_the_holding_reply_set_then_the_outcome_and_the_closing() -> None:
    desk = desk_with_complaint(language="it")
    token = desk.token
    first = status(desk, token)
    assert first["answer_due"] == first["respond_by"]
    assert (first["holding_reply_at"], first["outcome"], first["final_response_at"], first["closed_at"]) == (
        None,
        None,
        None,
        None,
    )
    desk.act("start_investigation")
    limit = str(first["respond_by_extended"])[:10]
    desk.act("holding_reply", reason="We are waiting for the other bank's records.", until=limit)
    held = status(desk, token)
    assert str(held["answer_due"]).startswith(limit) and held["answer_due"] != held["respond_by"]
    assert held["holding_reply_at"] is not None

    desk.act(
        "final_response",
        outcome="partially_upheld",
        reasons="The transfer left three days late.",
        redress="We refund the fee.",
        basis="Terms 12.",
    )
    assert status(desk, token)["outcome"] is None  # a draft waiting for approval is not an answer yet
    desk.act("approve_final_response", staff=BOSS)
    answered = status(desk, token)
    assert (answered["status"], answered["outcome"]) == ("resolved", "partially_upheld")
    assert answered["final_response_at"] is not None

    desk.act("close")
    closed = status(desk, token)
    assert closed["status"] == "closed" and closed["closed_at"] is not None
    assert closed["outcome"] == "partially_upheld"
