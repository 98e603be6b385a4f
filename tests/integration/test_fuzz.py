"""No input ever produces a 5xx (CONTRACT.md section 2): generated bodies against the real app on moto."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.conftest import app_client
from tests.support import VALID_BODY

# Text with lone surrogates (json.dumps writes them as \\ud800 escapes) and every control character.
HOSTILE_TEXT = st.text(st.characters(codec=None, categories=["Cs", "Cc", "Cf", "Zl", "L"]), max_size=20)
HUGE_NUMBERS = st.integers(min_value=-(10**4000), max_value=10**4000) | st.floats()  # incl. inf, nan
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | HOSTILE_TEXT
    | HUGE_NUMBERS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
# A valid body with some fields replaced by arbitrary JSON, or removed.
MUTATED_BODIES = st.fixed_dictionaries(
    {},
    optional={name: JSON_VALUES | st.just(value) for name, value in VALID_BODY.items()},
)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as patch, mock_aws():
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            patch.setenv(name, "testing")
        patch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        patch.delenv("AWS_ENDPOINT_URL", raising=False)
        patch.setenv("SUBMISSIONS_PER_HOUR", "100000")
        patch.setenv("SUBMISSIONS_PER_ADDRESS_PER_DAY", "100000")
        import boto3
        from chalicelib.adapters.table_schema import create_table_request
        from chalicelib.config.firm import load_firm

        boto3.client("dynamodb").create_table(**create_table_request("complaints"))
        boto3.client("sesv2").create_email_identity(EmailIdentity=load_firm().complaints_email)
        with app_client() as test_client:
            yield test_client


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=MUTATED_BODIES | JSON_VALUES)
def test_generated_bodies_get_a_clear_answer_never_a_server_error(client: Client, payload: Any) -> None:
    """Whatever the JSON, the answer is 201 or a 4xx in the contract's error shape."""
    response = client.http.post(
        "/complaints", body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (201, 400, 429)
    answer = json.loads(response.body)
    if response.status_code != 201:
        assert all(set(error) == {"field", "code", "message"} for error in answer["errors"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200), content_type=st.sampled_from(["application/json", "text/plain", ""]))
def test_arbitrary_bytes_get_a_clear_answer_never_a_server_error(client: Client, raw: bytes, content_type: str) -> None:
    """Broken encodings and wrong content types are 400 or 415."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.http.post("/complaints", body=raw, headers=headers)
    assert response.status_code in (201, 400, 413, 415)


PLACEHOLDER = "__nested__"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from([*VALID_BODY, "attachments", "unknown"]),
    depth=st.integers(min_value=1, max_value=20_000),
    opener=st.sampled_from(["[", '{"a":', "9"]),
    path=st.sampled_from(["/complaints", "/uploads", "/complaints/ABCD-EFGH/attachments"]),
)
def test_nesting_at_any_depth_in_any_field_gets_a_clear_answer(
    client: Client, field: str, depth: int, opener: str, path: str
) -> None:
    """From one level to twenty thousand, in any field of any customer body: never a RecursionError's 500.
    ("9" repeated: a number of up to twenty thousand digits, past Python's 4,300-digit limit.)"""
    closer = {"[": "]", '{"a":': "}", "9": ""}[opener]
    nested = opener * depth + ("1" if opener == '{"a":' else "") + closer * depth
    raw = json.dumps({**VALID_BODY, field: PLACEHOLDER}).replace(json.dumps(PLACEHOLDER), nested)
    response = client.http.post(path, body=raw.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code in (201, 400, 404, 413, 429)
    if response.status_code != 201:
        assert all(set(error) == {"field", "code", "message"} for error in json.loads(response.body)["errors"])


USED_KEY = "0b6f4c1e-8f5d-4d0e-9a57-6d5b1f7c2a10"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=MUTATED_BODIES, key=st.sampled_from([USED_KEY, None]) | st.uuids().map(str))
def test_mutated_bodies_under_a_used_or_fresh_idempotency_key_never_crash(
    client: Client, payload: dict[str, Any], key: str | None
) -> None:
    """The body hash runs before validation: surrogates, huge numbers and odd types must still be a 4xx."""
    client.http.post(
        "/complaints",
        body=json.dumps(VALID_BODY).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": USED_KEY},
    )
    headers = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
    response = client.http.post("/complaints", body=json.dumps(payload).encode(), headers=headers)
    assert response.status_code in (201, 400, 409, 429)
    if response.status_code != 201:
        assert all(set(error) == {"field", "code", "message"} for error in json.loads(response.body)["errors"])
