"""What an accepted complaint costs in AWS round trips: the figure that holds in production, where
each call is a network round trip the customer waits for (issue: fast to run)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from chalice.test import Client

from tests.integration.conftest import app_client
from tests.support import body


@pytest.fixture
def calls(aws: None) -> Iterator[list[str]]:
    """Every AWS operation the app's clients make from now on, by name."""
    made: list[str] = []
    boto3.setup_default_session()

    def count(model: Any, **_: Any) -> None:
        made.append(model.name)

    events = boto3.DEFAULT_SESSION.events  # type: ignore[union-attr]
    events.register("before-call.*.*", count)
    yield made
    events.unregister("before-call.*.*", count)


def _post(client: Client, key: str, raw: dict[str, Any]) -> Any:
    return client.http.post(
        "/complaints",
        body=json.dumps(raw).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )


def test_an_accepted_complaint_costs_one_transaction_one_send_and_one_save(calls: list[str]) -> None:
    """The complaint, its event, its idempotency record and both limits are one write; then the
    acknowledgement's send and the record that it was sent."""
    with app_client() as client:
        _post(client, str(uuid.uuid4()), body())  # warm: the first call builds the clients
        calls.clear()
        assert _post(client, str(uuid.uuid4()), body()).status_code == 201
    assert calls == ["TransactWriteItems", "SendEmail", "TransactWriteItems"]


def test_a_retried_complaint_costs_the_failed_write_and_one_read(calls: list[str]) -> None:
    """A retry with the same key learns of the first from the write itself, then reads its answer."""
    key = str(uuid.uuid4())
    with app_client() as client:
        first = _post(client, key, body())
        calls.clear()
        again = _post(client, key, body())
    assert again.status_code == 201 and json.loads(again.body)["reference"] == json.loads(first.body)["reference"]
    assert calls == ["TransactWriteItems", "GetItem"]
