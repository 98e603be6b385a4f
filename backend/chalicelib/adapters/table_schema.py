"""The complaints table: one definition for production (infra/), local runs and tests.

Access patterns (design/storage.md):
- a complaint and its events by reference: pk = C#<reference>;
- idempotency records: pk = IDEM#<hash of the key>;
- submission counters per client: pk = RATE#<hash of the client address>;
- open complaints by status and next deadline, for the deadline monitor: index by_status_due;
- a customer's complaints, by a hash of the email address: index by_customer;
- every complaint received in a month, for the register: index by_received_month.
"""

from __future__ import annotations

from typing import Any

TTL_ATTRIBUTE = "expires_at"

# Non-key attributes the monitor reads from its index: no personal data.
MONITOR_ATTRIBUTES = (
    "reference",
    "status",
    "deadlines",
    "received_at",
    "category",
    "customer_type",
    "language",
    "ack_state",
    "profile",
)

INDEXES: tuple[dict[str, Any], ...] = (
    {"name": "by_status_due", "pk": "status_pk", "sk": "due_sk", "include": MONITOR_ATTRIBUTES},
    {"name": "by_customer", "pk": "customer_pk", "sk": "customer_sk", "include": None},
    {"name": "by_received_month", "pk": "month_pk", "sk": "month_sk", "include": None},
)


def _projection(include: tuple[str, ...] | None) -> dict[str, Any]:
    if include is None:
        return {"ProjectionType": "KEYS_ONLY"}
    return {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(include)}


def key_attributes() -> list[str]:
    names = ["pk", "sk"]
    for index in INDEXES:
        names += [index["pk"], index["sk"]]
    return names


def create_table_request(table_name: str) -> dict[str, Any]:
    """Arguments for DynamoDB CreateTable, as the local stack and the tests create it."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": "S"} for name in key_attributes()],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index["name"],
                "KeySchema": [
                    {"AttributeName": index["pk"], "KeyType": "HASH"},
                    {"AttributeName": index["sk"], "KeyType": "RANGE"},
                ],
                "Projection": _projection(index["include"]),
            }
            for index in INDEXES
        ],
    }
