"""The embedded AWS stays fast as it fills (issue 13): moto backs up the whole table before every
operation of a transaction, so each complaint stored made the next one slower. The local stack
backs up only the items a transaction touches, and a cancelled transaction still leaves every
item exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from moto.dynamodb.models.table import Table

from devstack import aws
from devstack.addresses import free_port


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[Any]:
    port = free_port()
    server = aws.start_moto(port)
    url = f"http://127.0.0.1:{port}"
    aws.bootstrap(url, "http://127.0.0.1:8001")
    yield aws.client("dynamodb", url)
    server.stop()


def key(name: str) -> dict[str, Any]:
    return {"pk": {"S": name}, "sk": {"S": "X"}}


def put(name: str, **extra: Any) -> dict[str, Any]:
    return {"Put": {"TableName": aws.TABLE_NAME, "Item": {**key(name), **extra}}}


def failing_check(name: str) -> dict[str, Any]:
    return {
        "ConditionCheck": {
            "TableName": aws.TABLE_NAME,
            "Key": key(name),
            "ConditionExpression": "attribute_exists(pk)",
        }
    }


def read(client: Any, name: str) -> dict[str, Any] | None:
    item: dict[str, Any] | None = client.get_item(TableName=aws.TABLE_NAME, Key=key(name)).get("Item")
    return item


def test_a_transaction_copies_no_table(dynamodb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the table holds, a transaction (accepted or cancelled) costs no copy of it."""

    def refuse(table: Table, memo: dict[int, Any]) -> Table:
        raise AssertionError("the whole table was copied")

    monkeypatch.setattr(Table, "__deepcopy__", refuse, raising=False)
    dynamodb.transact_write_items(TransactItems=[put("copy-1")])
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=[put("copy-2"), failing_check("absent")])
    assert read(dynamodb, "copy-1") is not None and read(dynamodb, "copy-2") is None


def test_a_cancelled_transaction_leaves_every_item_as_it_was(dynamodb: Any) -> None:
    """Items put, updated or deleted by the operations before the failing one are restored."""
    dynamodb.transact_write_items(TransactItems=[put("kept", n={"N": "1"}), put("removed", n={"N": "2"})])
    update = {
        "Update": {
            "TableName": aws.TABLE_NAME,
            "Key": key("kept"),
            "UpdateExpression": "SET n = :n",
            "ExpressionAttributeValues": {":n": {"N": "9"}},
        }
    }
    delete = {"Delete": {"TableName": aws.TABLE_NAME, "Key": key("removed")}}
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=[put("new"), update, delete, failing_check("absent")])
    assert read(dynamodb, "new") is None
    assert read(dynamodb, "kept") == {**key("kept"), "n": {"N": "1"}}
    assert read(dynamodb, "removed") == {**key("removed"), "n": {"N": "2"}}
    dynamodb.transact_write_items(TransactItems=[update, delete])  # and an accepted one applies all
    assert read(dynamodb, "kept") == {**key("kept"), "n": {"N": "9"}} and read(dynamodb, "removed") is None


def test_a_transaction_naming_one_item_twice_is_refused_and_changes_nothing(dynamodb: Any) -> None:
    """moto's own refusal, after it has applied the first operation, still leaves the table as it was."""
    with pytest.raises(dynamodb.exceptions.ClientError):
        dynamodb.transact_write_items(TransactItems=[put("twice"), put("twice", n={"N": "2"})])
    assert read(dynamodb, "twice") is None
