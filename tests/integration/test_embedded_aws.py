"""The embedded AWS behind `make run` and the e2e tests keeps every write under concurrency, as
DynamoDB does: moto alone restores a whole-table backup when a transaction's condition fails,
erasing what other requests wrote meanwhile (seen as a lost idempotency record, then a complaint
filed twice under one key)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from devstack import aws
from devstack.addresses import free_port

ROUNDS, FAILING, WRITING = 4, 6, 6


@pytest.fixture(scope="module")
def embedded_aws() -> Iterator[str]:
    port = free_port()
    server = aws.start_moto(port)
    url = f"http://127.0.0.1:{port}"
    aws.bootstrap(url, "http://127.0.0.1:8001")
    yield url
    server.stop()


def _put(key: str, **extra: Any) -> dict[str, Any]:
    item = {"pk": {"S": key}, "sk": {"S": "X"}, **extra}
    return {"Put": {"TableName": aws.TABLE_NAME, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}


def test_a_failed_transaction_never_erases_a_concurrent_write(embedded_aws: str) -> None:
    """Transactions that fail their condition run beside ones that succeed: every success stays."""
    client = aws.client("dynamodb", embedded_aws)
    for number in range(200):  # a table of some size: its backup takes long enough to interleave
        client.transact_write_items(TransactItems=[_put(f"FILL#{number}", data={"S": "x" * 200})])
    errors: list[str] = []

    def attempt(item: dict[str, Any], barrier: threading.Barrier, expect_refusal: bool) -> None:
        own = aws.client("dynamodb", embedded_aws)
        barrier.wait()
        try:
            own.transact_write_items(TransactItems=[item])
        except own.exceptions.TransactionCanceledException:
            if not expect_refusal:
                errors.append("refused")
        except Exception as error:
            errors.append(type(error).__name__)

    for round_ in range(ROUNDS):
        barrier = threading.Barrier(FAILING + WRITING)
        threads = [threading.Thread(target=attempt, args=(_put("FILL#1"), barrier, True)) for _ in range(FAILING)] + [
            threading.Thread(target=attempt, args=(_put(f"NEW#{round_}#{n}"), barrier, False)) for n in range(WRITING)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    kept = [
        "Item" in client.get_item(TableName=aws.TABLE_NAME, Key={"pk": {"S": f"NEW#{r}#{n}"}, "sk": {"S": "X"}})
        for r in range(ROUNDS)
        for n in range(WRITING)
    ]
    assert all(kept)
