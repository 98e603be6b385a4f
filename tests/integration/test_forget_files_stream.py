"""The table's stream handler: a complaint's record deleted by TTL takes its files with it; any other
deletion (a person's, an event's, a letter's) deletes no file."""

from __future__ import annotations

from typing import Any

import boto3
from chalice.test import Client

from tests.integration.conftest import BUCKET
from tests.support_files import PDF, PNG

EXPIRED, NEIGHBOUR = "A2B3-C4D5", "K7M2-QX9P"
TTL = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
STREAM = "arn:aws:dynamodb:eu-west-1:123456789012:table/complaints/stream/2027-01-01T00:00:00.000"


def removal(pk: str, sk: str, identity: dict[str, str] | None = TTL, number: int = 1) -> dict[str, Any]:
    """One stream record as DynamoDB writes it for a deleted item (view type KEYS_ONLY)."""
    record: dict[str, Any] = {
        "eventID": f"event-{number}",
        "eventName": "REMOVE",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "eu-west-1",
        "dynamodb": {
            "ApproximateCreationDateTime": 1799913600,
            "Keys": {"pk": {"S": pk}, "sk": {"S": sk}},
            "SequenceNumber": str(number),
            "SizeBytes": 40,
            "StreamViewType": "KEYS_ONLY",
        },
        "eventSourceARN": STREAM,
    }
    if identity:
        record["userIdentity"] = identity
    return record


def _stored_files() -> list[str]:
    s3 = boto3.client("s3")
    for reference in (EXPIRED, NEIGHBOUR):
        s3.put_object(Bucket=BUCKET, Key=f"complaints/{reference}/1", Body=PNG)
        s3.put_object(Bucket=BUCKET, Key=f"complaints/{reference}/2", Body=PDF)
    return _keys()


def _keys() -> list[str]:
    return sorted(item["Key"] for item in boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_complaint_deleted_by_its_ttl_loses_its_files_and_no_one_elses(client: Client) -> None:
    _stored_files()
    event = {"Records": [removal(f"C#{EXPIRED}", "COMPLAINT")]}
    assert client.lambda_.invoke("forget_expired_files", event).payload == 2
    assert _keys() == [f"complaints/{NEIGHBOUR}/1", f"complaints/{NEIGHBOUR}/2"]


def test_a_deletion_by_a_person_or_of_another_item_deletes_no_file(client: Client) -> None:
    """A REMOVE without DynamoDB's TTL identity, or of an event, a letter or an idempotency record."""
    before = _stored_files()
    records = [
        removal(f"C#{EXPIRED}", "COMPLAINT", identity=None, number=1),
        removal(f"C#{EXPIRED}", "COMPLAINT", identity={"type": "Service", "principalId": "someone"}, number=2),
        removal(f"C#{EXPIRED}", "EVENT#2027-01-10T09:00:00+00:00#0003", number=3),
        removal(f"C#{EXPIRED}", "LETTER#final", number=4),
        removal("IDEM#0123abcd", "IDEMPOTENCY", number=5),
    ]
    assert client.lambda_.invoke("forget_expired_files", {"Records": records}).payload == 0
    assert _keys() == before


def test_an_insert_or_a_change_deletes_no_file(client: Client) -> None:
    before = _stored_files()
    records = [{**removal(f"C#{EXPIRED}", "COMPLAINT"), "eventName": name} for name in ("INSERT", "MODIFY")]
    assert client.lambda_.invoke("forget_expired_files", {"Records": records}).payload == 0
    assert _keys() == before
