"""Every allowed and every forbidden transition of the complaint's state machine."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import get_args

import pytest
from chalicelib.domain.complaint import Status
from chalicelib.domain.lifecycle import TRANSITIONS, ActionRefused, allowed_actions, transition

from tests.support import new_complaint

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)
STATUSES: tuple[str, ...] = get_args(Status)
CASES = [(action, status) for action in TRANSITIONS for status in STATUSES]


@pytest.mark.parametrize(("action", "status"), CASES)
def test_an_action_moves_the_complaint_only_from_the_statuses_that_allow_it(action: str, status: str) -> None:
    """Allowed: the complaint takes the target status and one event records it. Forbidden: refused."""
    sources, target = TRANSITIONS[action]
    complaint = replace(new_complaint(), status=status)
    if status in sources:
        changed, event = transition(complaint, action, "alice", NOW, reason="why")
        assert changed.status == target
        assert changed.version == complaint.version + 1
        assert (event.kind, event.status_from, event.status_to, event.actor) == (action, status, target, "alice")
    else:
        with pytest.raises(ActionRefused) as refused:
            transition(complaint, action, "alice", NOW)
        assert refused.value.problems == [(None, "transition_not_allowed")]


def test_every_status_but_closed_has_a_way_forward() -> None:
    """No open status is a dead end; a closed complaint can still be referred to an outside body."""
    for status in STATUSES:
        assert allowed_actions(replace(new_complaint(), status=status)), status
    assert allowed_actions(replace(new_complaint(), status="closed")) == ["refer"]


def test_closing_dates_the_closure() -> None:
    """closed_at is set by any transition into closed."""
    changed, _ = transition(replace(new_complaint(), status="resolved"), "close", "alice", NOW)
    assert changed.closed_at == NOW


def test_the_changed_complaint_keeps_the_submission_untouched() -> None:
    """Nothing the customer sent is overwritten by the handling."""
    complaint = new_complaint()
    changed, _ = transition(complaint, "start_investigation", "alice", NOW)
    assert changed.submission == complaint.submission
