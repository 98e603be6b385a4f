"""The supervisors' routes of the staff API: the approval queue and decisions (four eyes, seed 004
§24) and the legal hold, each refused to handlers by the gateway."""

from __future__ import annotations

import json

from chalice.test import Client

from tests.integration.test_staff_api import Keys, call, keys, reference  # noqa: F401 - fixtures

UPHELD = {"outcome": "upheld", "reasons": "The transfer was delayed by our error.", "redress": "Fee refunded."}


def draft(client: Client, reference: str, keys: Keys) -> None:  # noqa: F811 - the fixture's value
    token = keys.token()
    assert call(client, "POST", f"/staff/complaints/{reference}/actions/start_investigation", token).status_code == 200
    drafted = call(client, "POST", f"/staff/complaints/{reference}/actions/final_response", token, UPHELD)
    assert (drafted.status_code, json.loads(drafted.body)["status"]) == (200, "awaiting_approval")


def test_a_draft_waits_in_the_queue_until_another_supervisor_approves_it(
    client: Client,
    reference: str,  # noqa: F811 - fixture
    keys: Keys,  # noqa: F811 - fixture
) -> None:
    """Handlers cannot see the queue nor decide; the approval sends the letter, recorded with who approved."""
    draft(client, reference, keys)
    assert call(client, "GET", "/staff/approvals", keys.token()).status_code == 403
    assert call(client, "POST", f"/staff/approvals/{reference}/approve", keys.token()).status_code == 403
    supervisor = keys.token("bob", "supervisor")
    queue = json.loads(call(client, "GET", "/staff/approvals", supervisor).body)["approvals"]
    assert [(row["reference"], row["drafted_by"]) for row in queue] == [(reference, "alice")]
    via_actions = call(client, "POST", f"/staff/complaints/{reference}/actions/approve_final_response", supervisor)
    assert via_actions.status_code == 403
    approved = call(client, "POST", f"/staff/approvals/{reference}/approve", supervisor)
    file = json.loads(approved.body)
    assert (approved.status_code, file["status"], file["final_response"]["approved_by"]) == (200, "resolved", "bob")
    assert [letter["kind"] for letter in file["letters"]] == ["final_response"]
    assert json.loads(call(client, "GET", "/staff/approvals", supervisor).body)["approvals"] == []


def test_a_supervisor_returns_a_draft_with_a_reason(
    client: Client,
    reference: str,  # noqa: F811 - fixture
    keys: Keys,  # noqa: F811 - fixture
) -> None:
    """400 without a reason; with one, back in progress and no letter."""
    draft(client, reference, keys)
    supervisor = keys.token("bob", "supervisor")
    assert call(client, "POST", f"/staff/approvals/{reference}/return", supervisor, {}).status_code == 400
    assert call(client, "POST", f"/staff/approvals/{reference}/maybe", supervisor).status_code == 400
    returned = call(client, "POST", f"/staff/approvals/{reference}/return", supervisor, {"reason": "Cite the fees."})
    file = json.loads(returned.body)
    assert (returned.status_code, file["status"], file["letters"]) == (200, "in_progress", [])


def test_only_a_supervisor_places_and_lifts_a_legal_hold(
    client: Client,
    reference: str,  # noqa: F811 - fixture
    keys: Keys,  # noqa: F811 - fixture
) -> None:
    """POST places it with its reason, DELETE lifts it; a handler is refused by the gateway."""
    hold = {"reason": "Vilnius court case 2-123/2027"}
    assert call(client, "POST", f"/staff/legal-holds/{reference}", keys.token(), hold).status_code == 403
    supervisor = keys.token("bob", "supervisor")
    placed = json.loads(call(client, "POST", f"/staff/legal-holds/{reference}", supervisor, hold).body)
    assert placed["supervision"]["legal_hold"]["reason"] == hold["reason"]
    lifted = call(client, "DELETE", f"/staff/legal-holds/{reference}", supervisor, {"reason": "Judgment final."})
    assert (lifted.status_code, json.loads(lifted.body)["supervision"]["legal_hold"]) == (200, None)
