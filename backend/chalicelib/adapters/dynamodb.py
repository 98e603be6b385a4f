"""The complaint repository on DynamoDB: conditional writes and transactions, never a Scan."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from boto3.dynamodb.conditions import Key
from botocore.exceptions import BotoCoreError, ClientError

from ..domain.attachments import UploadRecord
from ..domain.complaint import Complaint
from ..domain.events import Event
from ..domain.idempotency import IDEMPOTENCY_TTL_DAYS, IdempotencyRecord
from ..domain.letters import Letter
from .ports import ConcurrentUpdate, IdempotencyKeyTaken, Quota, QuotaExhausted, ReferenceTaken, StorageUnavailable
from .records import (
    COMPLAINT_SK,
    IDEMPOTENCY_SK,
    OUTBOX,
    complaint_from_record,
    complaint_pk,
    complaint_to_record,
    customer_key,
    due_key,
    event_from_record,
    event_to_record,
    letter_from_record,
    letter_to_record,
    upload_from_record,
    upload_to_record,
)
from .table_schema import TTL_ATTRIBUTE

T = TypeVar("T")


def _guarded(call: Callable[[], T]) -> T:
    """Run a DynamoDB call; anything but a condition failure means the store is unavailable."""
    try:
        return call()
    except ClientError as error:
        if error.response["Error"]["Code"] in ("ConditionalCheckFailedException", "TransactionCanceledException"):
            raise
        raise StorageUnavailable(error.response["Error"]["Code"]) from error
    except BotoCoreError as error:
        raise StorageUnavailable(type(error).__name__) from error


def _cancellation_codes(error: ClientError) -> list[str]:
    reasons = error.response.get("CancellationReasons") or []
    if not reasons:  # some SDKs only put them in the message: "[ConditionalCheckFailed, None]"
        message = error.response["Error"].get("Message", "")
        inside = message[message.find("[") + 1 : message.rfind("]")]
        return [part.strip() for part in inside.split(",")]
    return [reason.get("Code", "None") for reason in reasons]


class DynamoDBComplaintRepository:
    def __init__(self, table: Any):
        self.table = table  # a boto3 DynamoDB Table resource
        self.client = table.meta.client  # the resource's client accepts plain Python values

    def add(
        self, complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None, quotas: tuple[Quota, ...] = ()
    ) -> None:
        # One transaction: the idempotency record first, then each quota's slot, then the complaint
        # and its event; the cancellation reasons come back in this order.
        items: list[dict[str, Any]] = []
        if idempotency:
            items.append(self._put(_idempotency_record(idempotency, complaint.received_at), new=True))
        items.extend(self._quota_update(quota) for quota in quotas)
        items.append(self._put(complaint_to_record(complaint), new=True))
        items.append(self._put(event_to_record(complaint.reference, event, complaint.version), new=True))
        try:
            _guarded(lambda: self.client.transact_write_items(TransactItems=items))
        except ClientError as error:
            codes = _cancellation_codes(error)
            failed = [code == "ConditionalCheckFailed" for code in codes] + [False] * len(items)
            first_quota = 1 if idempotency else 0
            if idempotency and failed[0]:
                raise IdempotencyKeyTaken() from error
            for index, quota in enumerate(quotas, start=first_quota):
                if failed[index]:
                    raise QuotaExhausted(quota) from error
            if any(failed):
                raise ReferenceTaken(complaint.reference) from error
            raise StorageUnavailable(",".join(codes)) from error

    def _quota_update(self, quota: Quota) -> dict[str, Any]:
        # A string set of slots: adding one already there changes nothing, so a retry counts once.
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": {"pk": f"RATE#{quota.key}", "sk": quota.window},
                "UpdateExpression": "ADD slots :slots SET #ttl = if_not_exists(#ttl, :ttl)",
                "ConditionExpression": "attribute_not_exists(slots) OR size(slots) < :limit OR contains(slots, :slot)",
                "ExpressionAttributeNames": {"#ttl": TTL_ATTRIBUTE},
                "ExpressionAttributeValues": {
                    ":slots": {quota.slot},
                    ":slot": quota.slot,
                    ":limit": quota.limit,
                    ":ttl": int(quota.expires_at.timestamp()),
                },
            }
        }

    def get(self, reference: str) -> Complaint | None:
        response = _guarded(
            lambda: self.table.get_item(Key={"pk": complaint_pk(reference), "sk": COMPLAINT_SK}, ConsistentRead=True)
        )
        item = response.get("Item")
        return complaint_from_record(item) if item else None

    def save(self, complaint: Complaint, event: Event | None = None, letter: Letter | None = None) -> None:
        put = self._put(complaint_to_record(complaint), new=False)
        put["Put"]["ConditionExpression"] = "version = :previous"
        put["Put"]["ExpressionAttributeValues"] = {":previous": complaint.version - 1}
        items = [put]
        if event:
            items.append(self._put(event_to_record(complaint.reference, event, complaint.version), new=True))
        if letter:
            items.append(self._put(letter_to_record(letter), new=True))
        try:
            _guarded(lambda: self.client.transact_write_items(TransactItems=items))
        except ClientError as error:
            if "ConditionalCheckFailed" in _cancellation_codes(error):
                raise ConcurrentUpdate(complaint.reference) from error
            raise StorageUnavailable(error.response["Error"]["Code"]) from error

    def set_expiry(self, reference: str, expires_at: datetime | None) -> None:
        condition = Key("pk").eq(complaint_pk(reference))
        for item in self._query(KeyConditionExpression=condition, ProjectionExpression="pk, sk"):
            if item["sk"] == COMPLAINT_SK:
                continue  # the complaint item carries its own expiry (records.complaint_to_record)
            update: dict[str, Any] = {
                "Key": {"pk": item["pk"], "sk": item["sk"]},
                "ExpressionAttributeNames": {"#ttl": TTL_ATTRIBUTE},
            }
            if expires_at:
                update.update(
                    UpdateExpression="SET #ttl = :ttl", ExpressionAttributeValues={":ttl": int(expires_at.timestamp())}
                )
            else:
                update["UpdateExpression"] = "REMOVE #ttl"
            _guarded(lambda: self.table.update_item(**update))  # noqa: B023 - called at once

    def get_many(self, references: list[str]) -> list[Complaint]:
        found: list[Complaint] = []
        unique = list(dict.fromkeys(references))
        for start in range(0, len(unique), 100):  # BatchGetItem takes 100 keys at most
            keys = [{"pk": complaint_pk(reference), "sk": COMPLAINT_SK} for reference in unique[start : start + 100]]
            request: dict[str, Any] = {self.table.name: {"Keys": keys, "ConsistentRead": True}}
            while request:
                response = _guarded(lambda: self.client.batch_get_item(RequestItems=request))  # noqa: B023 - called at once
                found += [complaint_from_record(item) for item in response["Responses"].get(self.table.name, [])]
                request = response.get("UnprocessedKeys") or {}
        return found

    def references_by_customer(self, email: str) -> list[str]:
        condition = Key("customer_pk").eq(customer_key(email))
        return [
            item["pk"].removeprefix("C#")
            for item in self._query(IndexName="by_customer", KeyConditionExpression=condition)
        ]

    def references_received(self, month: str) -> list[str]:
        items = self._query(
            IndexName="by_received_month", KeyConditionExpression=Key("month_pk").eq("RECEIVED#" + month)
        )
        return [item["pk"].removeprefix("C#") for item in items]

    def letters(self, reference: str) -> list[Letter]:
        condition = Key("pk").eq(complaint_pk(reference)) & Key("sk").begins_with("LETTER#")
        return [letter_from_record(item) for item in self._query(KeyConditionExpression=condition, ConsistentRead=True)]

    def get_letter(self, reference: str, key: str) -> Letter | None:
        response = _guarded(
            lambda: self.table.get_item(Key={"pk": complaint_pk(reference), "sk": key}, ConsistentRead=True)
        )
        item = response.get("Item")
        return letter_from_record(item) if item else None

    def replace_letter(self, letter: Letter, previous: Letter) -> None:
        try:
            _guarded(
                lambda: self.table.put_item(
                    Item=letter_to_record(letter),
                    ConditionExpression="#state = :state AND attempts = :attempts",
                    ExpressionAttributeNames={"#state": "state"},
                    ExpressionAttributeValues={":state": previous.state, ":attempts": previous.attempts},
                )
            )
        except ClientError as error:
            raise ConcurrentUpdate(letter.reference) from error

    def pending_letters(self) -> list[tuple[str, str]]:
        items = self._query(IndexName="by_status_due", KeyConditionExpression=Key("status_pk").eq(OUTBOX))
        return [(item["reference"], item["sk"]) for item in items]

    def events(self, reference: str) -> list[Event]:
        condition = Key("pk").eq(complaint_pk(reference)) & Key("sk").begins_with("EVENT#")
        return [event_from_record(item) for item in self._query(KeyConditionExpression=condition, ConsistentRead=True)]

    def get_idempotency(self, key_hash: str) -> IdempotencyRecord | None:
        response = _guarded(
            lambda: self.table.get_item(Key={"pk": f"IDEM#{key_hash}", "sk": IDEMPOTENCY_SK}, ConsistentRead=True)
        )
        item = response.get("Item")
        if not item:
            return None
        return IdempotencyRecord(
            key_hash=key_hash,
            body_hash=item["body_hash"],
            reference=item["reference"],
            sealed_token=item["sealed_token"],
            response=item["response"],
        )

    def references_by_status(self, status: str, due_before: datetime | None = None) -> list[str]:
        condition = Key("status_pk").eq("STATUS#" + status)
        if due_before is not None:
            condition = condition & Key("due_sk").lt(due_key(due_before) + "#~")
        items = self._query(IndexName="by_status_due", KeyConditionExpression=condition)
        return [item["reference"] for item in items]

    def add_upload(self, upload: UploadRecord) -> None:
        _guarded(lambda: self.table.put_item(Item=upload_to_record(upload)))

    def get_upload(self, upload_id: str) -> UploadRecord | None:
        response = _guarded(
            lambda: self.table.get_item(Key={"pk": f"UPLOAD#{upload_id}", "sk": "UPLOAD"}, ConsistentRead=True)
        )
        item = response.get("Item")
        return upload_from_record(item) if item else None

    def take_rate_slot(
        self, client_hash: str, window: str, limit: int, expires_at: datetime, slot: str | None = None
    ) -> bool:
        # A string set of slots: adding one already there changes nothing, so a retry counts once.
        slot = slot or secrets.token_hex(16)
        try:
            _guarded(
                lambda: self.table.update_item(
                    Key={"pk": f"RATE#{client_hash}", "sk": window},
                    UpdateExpression="ADD slots :slots SET #ttl = if_not_exists(#ttl, :ttl)",
                    ConditionExpression="attribute_not_exists(slots) OR size(slots) < :limit OR contains(slots, :slot)",
                    ExpressionAttributeNames={"#ttl": TTL_ATTRIBUTE},
                    ExpressionAttributeValues={
                        ":slots": {slot},
                        ":slot": slot,
                        ":limit": limit,
                        ":ttl": int(expires_at.timestamp()),
                    },
                )
            )
        except ClientError:
            return False
        return True

    def _put(self, item: dict[str, Any], *, new: bool) -> dict[str, Any]:
        put: dict[str, Any] = {"TableName": self.table.name, "Item": item}
        if new:
            put["ConditionExpression"] = "attribute_not_exists(pk)"
        return {"Put": put}

    def _query(self, **arguments: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = _guarded(lambda: self.table.query(**arguments))
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return items
            arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _idempotency_record(record: IdempotencyRecord, created_at: datetime) -> dict[str, Any]:
    return {
        "pk": f"IDEM#{record.key_hash}",
        "sk": IDEMPOTENCY_SK,
        "type": "idempotency",
        "body_hash": record.body_hash,
        "reference": record.reference,
        "sealed_token": record.sealed_token,
        "response": record.response,
        TTL_ATTRIBUTE: int(created_at.timestamp()) + IDEMPOTENCY_TTL_DAYS * 86_400,
    }
