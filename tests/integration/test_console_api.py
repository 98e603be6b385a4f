"""The staff routes the console adds, on moto: the queue (from the status index, never a Scan), the
letter preview, and the CORS answers a browser on the site's origin needs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.client import BaseClient
from chalice.test import Client
from chalicelib import settings

from tests.integration import test_staff_api
from tests.integration.test_staff_api import Keys, call

keys, reference = test_staff_api.keys, test_staff_api.reference  # the staff API tests' fixtures


def test_the_queue_lists_the_open_complaint_with_its_next_deadline(
    client: Client, reference: str, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    operations: list[str] = []
    original = BaseClient._make_api_call

    def recorded(self: Any, operation: str, parameters: Any) -> Any:
        operations.append(operation)
        return original(self, operation, parameters)

    monkeypatch.setattr(BaseClient, "_make_api_call", recorded)
    answer = call(client, "GET", "/staff/queue", keys.token())
    assert answer.status_code == 200, answer.body
    (item,) = [item for item in json.loads(answer.body)["queue"] if item["reference"] == reference]
    assert item["status"] in ("received", "acknowledged")
    assert item["overdue"] is False and item["business_days_left"] >= 0
    assert {"deadline", "due_at", "category", "assigned_to", "urgent", "received_at"} <= set(item)
    assert "Query" in operations and "Scan" not in operations


def test_a_preview_answers_the_letter_and_stores_nothing(client: Client, reference: str, keys: Keys) -> None:
    token = keys.token()
    assert call(client, "POST", f"/staff/complaints/{reference}/actions/start_investigation", token).status_code == 200
    before = json.loads(call(client, "GET", f"/staff/complaints/{reference}", token).body)
    answer = call(
        client,
        "POST",
        f"/staff/complaints/{reference}/preview/request_information",
        token,
        {"items": ["screenshots"], "note": "A screenshot of the error, please."},
    )
    assert answer.status_code == 200, answer.body
    letter = json.loads(answer.body)["letter"]
    assert letter["kind"] == "information_request" and reference in letter["subject"]
    assert "A screenshot of the error, please." in letter["text"]
    after = json.loads(call(client, "GET", f"/staff/complaints/{reference}", token).body)
    assert (after["version"], after["letters"]) == (before["version"], before["letters"])


def test_a_preview_refuses_with_the_actions_codes(client: Client, reference: str, keys: Keys) -> None:
    token = keys.token()
    refused = call(client, "POST", f"/staff/complaints/{reference}/preview/final_response", token, {"outcome": "x"})
    assert refused.status_code in (400, 409)
    assert {"field": "outcome", "code": "invalid"}.items() <= json.loads(refused.body)["errors"][0].items()
    assert call(client, "POST", f"/staff/complaints/{reference}/preview/assign", token).status_code == 403


def test_the_console_origin_may_call_every_staff_route(client: Client, reference: str, keys: Keys) -> None:
    """Each staff route lets the site's origin send a token (the browser's preflight, which the gateway
    answers, asks for Authorization); answers carry the site's origin."""
    from app import app

    staff_routes = {path: methods for path, methods in app.routes.items() if path.startswith("/staff/")}
    assert staff_routes
    for path, methods in staff_routes.items():
        for method, entry in methods.items():
            assert entry.cors is not None, f"{method} {path}"
            headers = entry.cors.get_access_control_headers()
            assert headers["Access-Control-Allow-Origin"] == settings.cors_origin()
            assert "Authorization" in headers["Access-Control-Allow-Headers"], f"{method} {path}"
    answer = call(client, "GET", f"/staff/complaints/{reference}", keys.token())
    assert answer.headers["Access-Control-Allow-Origin"] == settings.cors_origin()
