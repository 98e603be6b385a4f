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

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
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
    assert response.status_code in (201, 400, 415)
