"""Hostile input gets the contract's 4xx, never a 500 (CONTRACT.md section 2; issue 11, finding 2)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from chalice.test import Client

from tests.integration.test_staff_api import Keys, call, keys, reference  # noqa: F401 - fixtures
from tests.support import body

DEEP = b"[" * 5000 + b"]" * 5000
DEEP_OBJECT = b'{"a":' * 5000 + b"1" + b"}" * 5000
JSON = {"Content-Type": "application/json"}


def errors_of(response: Any) -> list[dict[str, Any]]:
    errors = json.loads(response.body)["errors"]
    assert errors and all(set(error) == {"field", "code", "message"} for error in errors)
    return list(errors)


def codes_of(response: Any) -> set[tuple[str | None, str]]:
    return {(error["field"], error["code"]) for error in errors_of(response)}


@pytest.mark.parametrize(
    "raw",
    [DEEP, DEEP_OBJECT, b'{"x":' + b"[" * 100 + b"]" * 100 + b"}"],
    ids=["deep-array", "deep-object", "hundred-deep"],
)
@pytest.mark.parametrize("path", ["/complaints", "/uploads", "/complaints/ABCD-EFGH/attachments"])
def test_deeply_nested_json_is_refused_as_unreadable(client: Client, path: str, raw: bytes) -> None:
    """No complaint needs JSON nested deeper than a few levels: 400 invalid_json, not a RecursionError."""
    response = client.http.post(path, body=raw, headers=JSON)
    assert response.status_code == 400
    assert codes_of(response) == {(None, "invalid_json")}


def test_a_staff_action_with_deeply_nested_json_is_refused(client: Client, reference: str, keys: Keys) -> None:  # noqa: F811
    """The staff bodies are read with the same limit."""
    for raw in (DEEP, DEEP_OBJECT):
        response = client.http.post(
            f"/staff/complaints/{reference}/actions/close",
            body=raw,
            headers={**JSON, "Authorization": f"Bearer {keys.token()}"},
        )
        assert response.status_code == 400
        assert codes_of(response) == {(None, "invalid_json")}


def test_a_lone_surrogate_under_a_used_idempotency_key_is_refused_not_a_crash(client: Client) -> None:
    """The body hash reads any string; a body that differs from the first is a conflict (409)."""
    key = str(uuid.uuid4())
    first = client.http.post("/complaints", body=json.dumps(body()).encode(), headers={**JSON, "Idempotency-Key": key})
    assert first.status_code == 201
    hostile = json.dumps(body(description="A lone surrogate \ud800 in the text")).encode()
    assert b"\\ud800" in hostile
    response = client.http.post("/complaints", body=hostile, headers={**JSON, "Idempotency-Key": key})
    assert response.status_code in (400, 409)
    errors_of(response)


TEXT_FIELDS = [
    "email",
    "account_id",
    "full_name",
    "country",
    "customer_type",
    "category",
    "description",
    "incident_date",
    "incident_time",
    "people_involved",
    "desired_resolution",
    "actions_taken",
    "phone",
    "address",
    "language",
]


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_a_lone_surrogate_in_any_text_field_is_a_field_error(client: Client, name: str) -> None:
    """Under a fresh Idempotency-Key, so the body is hashed, validated and would be stored and emailed."""
    payload = body(**{name: "Ab\udc00cdefghijk"})
    response = client.http.post(
        "/complaints", body=json.dumps(payload).encode(), headers={**JSON, "Idempotency-Key": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert name in {error["field"] for error in errors_of(response)}


@pytest.mark.parametrize(
    "changes",
    [
        {"transaction_ids": ["\ud800"]},
        {"amount_disputed": {"value": "\ud800", "currency": "EUR"}},
        {"representative": {"name": "\udfff", "email": "a@example.com", "capacity": "lawyer"}},
        {"\ud800": "unknown field named by a surrogate"},
        {"attachments": [{"upload_id": "\ud800", "purpose": "evidence"}]},
    ],
    ids=["list", "amount", "representative", "key", "attachment"],
)
def test_lone_surrogates_in_nested_fields_are_refused(client: Client, changes: dict[str, Any]) -> None:
    """Nested values and even keys: a 4xx in the error shape, whatever is stored or emailed after."""
    response = client.http.post(
        "/complaints",
        body=json.dumps(body(**changes)).encode(),
        headers={**JSON, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code in (201, 400)
    if response.status_code == 400:
        errors_of(response)


def test_an_upload_request_with_a_lone_surrogate_is_refused(client: Client) -> None:
    """The file name and the submission key are text from the outside too."""
    for changes in ({"filename": "scan\ud800.pdf"}, {"submission_key": "\ud800"}, {"content_type": "\ud800"}):
        payload = {
            "language": "en",
            "submission_key": str(uuid.uuid4()),
            "filename": "scan.pdf",
            "content_type": "application/pdf",
            "size": 2048,
            **changes,
        }
        response = client.http.post("/uploads", body=json.dumps(payload).encode(), headers=JSON)
        assert response.status_code == 400, changes
        errors_of(response)


@pytest.mark.parametrize("hours", ["100000000", "8785", "-1", "1e9", "", "٣"])
def test_a_due_list_horizon_beyond_a_year_or_not_a_number_is_refused(
    client: Client,
    keys: Keys,  # noqa: F811
    hours: str,
) -> None:
    """At most a year of hours (8784): a field error, never an overflow."""
    response = call(client, "GET", f"/staff/complaints?horizon_hours={hours}", keys.token())
    assert response.status_code == 400
    assert codes_of(response) == {("horizon_hours", "invalid")}


def test_a_due_list_horizon_of_a_year_is_answered(client: Client, keys: Keys) -> None:  # noqa: F811
    """8784 hours, a leap year, is the longest horizon."""
    assert call(client, "GET", "/staff/complaints?horizon_hours=8784", keys.token()).status_code == 200


@pytest.mark.parametrize(
    ("query", "problems"),
    [
        ("from=9999-12-01&to=9999-12-31", {("from", "out_of_range"), ("to", "out_of_range")}),
        ("from=0112-01-01&to=0112-12-31", {("from", "out_of_range"), ("to", "out_of_range")}),
        ("from=2026-12-01&to=2026-11-01", {("to", "before_from")}),
        ("from=2020-01-01&to=2026-12-31", {("to", "period_too_long")}),
        ("from=2026-13-01&to=2026-12-31", {("from", "invalid")}),
        ("to=2026-12-31", {("from", "required")}),
        ("from=2026-01-01", {("to", "required")}),
        ("from=20260101&to=2026-12-31", {("from", "invalid")}),
    ],
)
def test_a_register_period_that_is_unbounded_or_backwards_is_refused(
    client: Client,
    keys: Keys,  # noqa: F811
    query: str,
    problems: set[tuple[str, str]],
) -> None:
    """From 2000 to 2100, from <= to, at most 366 days: field-level codes, never a 500 or an endless run."""
    response = call(client, "GET", f"/staff/register?{query}", keys.token())
    assert response.status_code == 400
    assert codes_of(response) == problems


def test_a_register_of_a_whole_leap_year_is_answered(client: Client, keys: Keys) -> None:  # noqa: F811
    """366 days is the longest period."""
    response = call(client, "GET", "/staff/register?from=2028-01-01&to=2028-12-31", keys.token())
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/complaints/%ED%A0%80",
        "/complaints/" + "A" * 5000,
        "/complaints/%00%1b",
        "/complaints/ABCD-EFGH?token=%ED%A0%80",
        "/complaints/ABCD-EFGH?token=" + "x" * 5000,
    ],
)
def test_hostile_references_and_tokens_in_the_address_are_not_found(client: Client, path: str) -> None:
    """Path parameters and query strings of the customer routes: 404, nothing tells more."""
    response = client.http.get(path)
    assert response.status_code == 404
    errors_of(response)


@pytest.mark.parametrize(
    "path",
    [
        "/staff/complaints/%ED%A0%80",
        "/staff/complaints/" + "A" * 5000,
        "/staff/complaints/ABCD-EFGH/attachments/%ED%A0%80",
        "/staff/complaints/ABCD-EFGH/attachments/" + "0" * 5000,
        "/staff/complaints?horizon_hours=%ED%A0%80",
        "/staff/register?from=%ED%A0%80&to=2026-01-01",
    ],
)
def test_hostile_path_and_query_values_on_staff_routes_are_refused(
    client: Client,
    keys: Keys,  # noqa: F811
    path: str,
) -> None:
    """Every staff route with nonsense in its address: a 4xx in the error shape."""
    response = call(client, "GET", path, keys.token())
    assert 400 <= response.status_code < 500
    errors_of(response)


def test_a_staff_action_with_a_hostile_name_or_reference_is_refused(client: Client, keys: Keys) -> None:  # noqa: F811
    """Unknown actions and impossible references: 4xx."""
    for path in ("/staff/complaints/%ED%A0%80/actions/close", "/staff/complaints/ABCD-EFGH/actions/%ED%A0%80"):
        response = call(client, "POST", path, keys.token(), {})
        assert 400 <= response.status_code < 500
        errors_of(response)


def test_a_staff_reason_with_terminal_escapes_is_refused(client: Client, reference: str, keys: Keys) -> None:  # noqa: F811
    """ESC and BEL in a closing reason: 400 `invalid` on the field, nothing stored."""
    response = call(
        client, "POST", f"/staff/complaints/{reference}/actions/close", keys.token(), {"reason": "\x1b]0;x\x07done"}
    )
    assert response.status_code == 400
    assert codes_of(response) == {("reason", "invalid")}
