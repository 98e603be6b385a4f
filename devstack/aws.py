"""The embedded AWS: moto's server, with the complaints table and the SES sender identity."""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import threading
from typing import Any

import boto3
import moto.dynamodb.models as dynamodb_models
from chalicelib.adapters.table_schema import TTL_ATTRIBUTE, create_table_request
from chalicelib.config.firm import load_firm
from moto.dynamodb.exceptions import MockValidationException, ResourceNotFoundException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import Item
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler
from moto.server import ThreadedMotoServer

REGION = "eu-west-1"
TABLE_NAME = "complaints"
BUCKET = "complaint-attachments"
# The embedded AWS accepts any credentials; these keep boto3 away from real ones.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local"}


def aws_environment(aws_url: str) -> dict[str, str]:
    """Variables that point boto3 (here and in chalice local) at the embedded AWS."""
    return {
        **CREDENTIALS,
        "AWS_ENDPOINT_URL": aws_url,
        "AWS_DEFAULT_REGION": REGION,
        "TABLE_NAME": TABLE_NAME,
        "ATTACHMENTS_BUCKET": BUCKET,
    }


_DYNAMODB_LOCK = threading.Lock()


def serialise_dynamodb() -> None:
    """One DynamoDB call at a time in the embedded AWS, as DynamoDB's own isolation guarantees.

    moto is not thread-safe: a transaction backs up the whole table and, when one of its conditions
    fails, restores that backup, erasing whatever other requests wrote meanwhile (an idempotency
    record, a whole complaint). Its server answers requests on many threads, so the local stack
    lost writes under concurrent submissions. Idempotent: patching twice changes nothing.
    """
    if getattr(DynamoHandler.call_action, "serialised", False):
        return
    original = DynamoHandler.call_action

    def call_action(self: DynamoHandler) -> Any:
        with _DYNAMODB_LOCK:
            return original(self)

    call_action.serialised = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]


class _TablesUncopied:
    """moto.dynamodb.models' `copy`, except that a Table is not copied (the backup of a transaction)."""

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


Snapshot = tuple[Table, Any, Any, Item | None]  # table, hash key, range key, the item before


def _snapshots(backend: DynamoDBBackend, operations: list[dict[str, Any]]) -> list[Snapshot]:
    """A copy of each item a transaction may write, as it is before the transaction."""
    snapshots: list[Snapshot] = []
    for operation in operations:
        with contextlib.suppress(
            KeyError, TypeError, StopIteration, MockValidationException, ResourceNotFoundException
        ):
            # a malformed operation: moto refuses it itself
            _, op = next(iter(operation.items()))
            table = backend.get_table(op["TableName"])
            key = op.get("Key") or {
                name: op["Item"][name] for name in (table.hash_key_attr, table.range_key_attr) if name
            }
            hash_key, range_key = backend.get_keys_value(table, key)
            before = table.get_item(hash_key, range_key)
            snapshots.append((table, hash_key, range_key, copy.deepcopy(before)))
    return snapshots


def _restore(snapshots: list[Snapshot]) -> None:
    for table, hash_key, range_key, before in reversed(snapshots):
        if before is None:
            table.delete_item(hash_key, range_key)
        elif range_key is not None:
            table.items[hash_key][range_key] = before
        else:
            table.items[hash_key] = before  # type: ignore[assignment]  # moto: dict or Item by key


def back_up_items_not_tables() -> None:
    """A transaction backs up the items it touches, not the whole table (issue 13).

    moto deep-copies the table before each operation of a transaction, to restore it if one fails:
    with a thousand complaints stored, every complaint took a second. The items a transaction
    names are copied instead, and restored on any refusal. Relies on serialise_dynamodb (no other
    DynamoDB call runs meanwhile). Idempotent.
    """
    if getattr(DynamoDBBackend.transact_write_items, "items_backed_up", False):
        return
    original = DynamoDBBackend.transact_write_items
    dynamodb_models.copy = _TablesUncopied  # type: ignore[assignment,attr-defined]

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        snapshots, applied = _snapshots(self, transact_items), False
        try:
            original(self, transact_items)
            applied = True
        finally:  # any refusal of moto's, whatever its type, is undone before it is answered
            if not applied:
                _restore(snapshots)

    transact_write_items.items_backed_up = True  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def start_moto(port: int) -> ThreadedMotoServer:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns the addresses
    serialise_dynamodb()
    back_up_items_not_tables()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server


def client(service: str, aws_url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=aws_url,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def bootstrap(aws_url: str, site_origin: str, sender: str | None = None) -> None:
    """Create the table (production key schema and indexes), the attachments bucket (private, the
    browser may PUT from the site's origin) and the verified sender identity."""
    dynamodb = client("dynamodb", aws_url)
    if TABLE_NAME not in dynamodb.list_tables()["TableNames"]:
        dynamodb.create_table(**create_table_request(TABLE_NAME))
        dynamodb.get_waiter("table_exists").wait(TableName=TABLE_NAME)
        dynamodb.update_time_to_live(
            TableName=TABLE_NAME, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
        )
    s3 = client("s3", aws_url)
    if BUCKET not in {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}:
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_public_access_block(
            Bucket=BUCKET,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
    s3.put_bucket_cors(
        Bucket=BUCKET,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [site_origin],
                    "AllowedMethods": ["PUT"],
                    "AllowedHeaders": ["content-type", "if-none-match"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )
    sender = sender or os.environ.get("SENDER_EMAIL") or load_firm().complaints_email
    ses = client("sesv2", aws_url)
    with contextlib.suppress(ses.exceptions.AlreadyExistsException):
        ses.create_email_identity(EmailIdentity=sender)
