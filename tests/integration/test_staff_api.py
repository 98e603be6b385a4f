"""The staff API: refuses missing, expired, tampered and wrong-role tokens; lets handlers work."""

from __future__ import annotations

import base64
import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client
from chalicelib import settings
from chalicelib.cli.dev_tokens import mint

from devstack.staff_keys import KEY_ID, PRIVATE_KEY_FILE, token_environment, write_dev_keys
from tests.support import body


class Keys:
    def __init__(self, directory: Path):
        self.settings = write_dev_keys(directory)
        self.pem = (directory / PRIVATE_KEY_FILE).read_bytes()

    def token(self, user: str = "alice", role: str = "handler", **overrides: Any) -> str:
        settings = overrides.pop("settings", self.settings)
        return mint(self.pem, KEY_ID, settings.issuer, settings.client_id, user, role, **overrides)


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Keys:
    keys = Keys(tmp_path)
    for name, value in token_environment(keys.settings).items():
        monkeypatch.setenv(name, value)
    return keys


@pytest.fixture
def reference(client: Client, keys: Keys) -> str:
    created = client.http.post(
        "/complaints", body=json.dumps(body()).encode(), headers={"Content-Type": "application/json"}
    )
    return str(json.loads(created.body)["reference"])


def swap_claims(token: str, claims: dict[str, Any]) -> str:
    """The same header and signature around other claims."""
    header, _, signature = token.split(".")
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{signature}"


def call(client: Client, method: str, path: str, token: str | None, payload: Any = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.http.request(method, path, headers=headers, body=json.dumps(payload or {}).encode())


def test_a_request_without_a_token_is_unauthorised(client: Client, reference: str) -> None:
    """401 before any staff route runs."""
    assert call(client, "GET", f"/staff/complaints/{reference}", None).status_code == 401


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda keys: keys.token(now=time.time() - 10 * 3600), id="expired"),
        pytest.param(lambda keys: keys.token()[:-4] + "AAAA", id="tampered-signature"),
        pytest.param(
            lambda keys: swap_claims(keys.token(), {"sub": "mallory", "cognito:groups": ["supervisor"]}),
            id="tampered-claims",
        ),
        pytest.param(lambda keys: keys.token(role="customer"), id="no-staff-role"),
        pytest.param(
            lambda keys: keys.token(
                settings=type(keys.settings)(keys.settings.jwks_url, "https://evil", keys.settings.client_id)
            ),
            id="other-issuer",
        ),
        pytest.param(lambda keys: "not-a-jwt", id="garbage"),
    ],
)
def test_bad_tokens_are_refused(client: Client, reference: str, keys: Keys, spoil: Any) -> None:
    """Expired, tampered, wrong-role, foreign or malformed tokens reach no staff route."""
    response = call(client, "GET", f"/staff/complaints/{reference}", spoil(keys))
    assert response.status_code == 403


def test_a_token_signed_by_another_key_is_refused(client: Client, reference: str, tmp_path: Path) -> None:
    """Only the published keys count."""
    stranger = Keys(tmp_path / "stranger")
    assert call(client, "GET", f"/staff/complaints/{reference}", stranger.token()).status_code == 403


def test_a_handler_reads_a_complaint_with_its_history(client: Client, reference: str, keys: Keys) -> None:
    """The full file: submission, deadlines, history, allowed actions."""
    response = call(client, "GET", f"/staff/complaints/{reference.lower()}", keys.token())
    assert response.status_code == 200
    complaint = json.loads(response.body)
    assert complaint["submission"]["email"] == "ana.jonaitiene@example.com"
    assert [event["kind"] for event in complaint["history"]] == ["received", "acknowledgement_sent"]
    assert "start_investigation" in complaint["allowed_actions"]
    assert "tracking_token_hashes" not in complaint
    assert complaint["earlier_complaints"] == []


def test_the_file_lists_the_customers_earlier_complaints(client: Client, reference: str, keys: Keys) -> None:
    """RTS 2025/294 Art 6(1): decisions consistent with earlier ones need the earlier ones at hand."""
    second = json.loads(
        client.http.post(
            "/complaints", body=json.dumps(body()).encode(), headers={"Content-Type": "application/json"}
        ).body
    )["reference"]
    file = json.loads(call(client, "GET", f"/staff/complaints/{second}", keys.token()).body)
    assert [earlier["reference"] for earlier in file["earlier_complaints"]] == [reference]


def test_a_handler_acts_and_a_refused_action_says_why(client: Client, reference: str, keys: Keys) -> None:
    """200 with the new state; 409 for a forbidden transition; 400 listing missing content."""
    token = keys.token()
    started = call(client, "POST", f"/staff/complaints/{reference}/actions/start_investigation", token)
    assert (started.status_code, json.loads(started.body)["status"]) == (200, "in_progress")
    again = call(client, "POST", f"/staff/complaints/{reference}/actions/start_investigation", token)
    assert again.status_code == 409
    empty = call(client, "POST", f"/staff/complaints/{reference}/actions/final_response", token, {})
    assert empty.status_code == 400
    assert {e["field"] for e in json.loads(empty.body)["errors"]} == {"outcome", "reasons"}


def test_only_a_supervisor_can_assign(client: Client, reference: str, keys: Keys) -> None:
    """The gateway refuses the handler (403); the supervisor's assignment is recorded."""
    assert (
        call(client, "POST", f"/staff/assignments/{reference}", keys.token(), {"handler": "carol"}).status_code == 403
    )
    assert (
        call(
            client,
            "POST",
            f"/staff/complaints/{reference}/actions/assign",
            keys.token("bob", "supervisor"),
            {"handler": "carol"},
        ).status_code
        == 403
    )
    done = call(
        client, "POST", f"/staff/assignments/{reference}", keys.token("bob", "supervisor"), {"handler": "carol"}
    )
    assert (done.status_code, json.loads(done.body)["assigned_to"]) == (200, "carol")


def test_the_due_list_and_the_register_answer_handlers(client: Client, reference: str, keys: Keys) -> None:
    """What is due within a week, and the register of the period as JSON and CSV."""
    due = json.loads(call(client, "GET", "/staff/complaints?horizon_hours=720", keys.token()).body)["due"]
    assert reference in {item["reference"] for item in due}
    period = f"from={date.today() - timedelta(days=180)}&to={date.today() + timedelta(days=180)}"
    register = json.loads(call(client, "GET", f"/staff/register?{period}", keys.token()).body)
    assert [row["reference"] for row in register["rows"]] == [reference]
    assert register["figures"]["complaints"] == 1
    csv_text = call(client, "GET", f"/staff/register?{period}&format=csv", keys.token()).body
    assert csv_text.decode().splitlines()[0].startswith("reference,received_at,channel,category")


def test_a_validly_signed_token_of_an_account_the_directory_refuses_is_refused(
    client: Client, reference: str, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In AWS each token is also checked against the user pool (STAFF_ACCOUNT_CHECK=cognito): a
    disabled or signed-out account is out within the authorizer's cache time, not at token expiry.
    Moto's user pool never issued this development token, so the check refuses it."""
    assert call(client, "GET", f"/staff/complaints/{reference}", keys.token()).status_code == 200
    monkeypatch.setenv("STAFF_ACCOUNT_CHECK", "cognito")
    settings.reset()
    assert call(client, "GET", f"/staff/complaints/{reference}", keys.token(user="bob")).status_code == 403
