"""The deadline monitor's reads: the status/due index against scanning the table, on moto."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import boto3
from chalicelib.adapters.dynamodb import DynamoDBComplaintRepository
from chalicelib.adapters.records import complaint_to_record
from chalicelib.adapters.table_schema import create_table_request
from chalicelib.domain import acknowledgement as ack
from chalicelib.domain import handling
from chalicelib.domain.complaint import DEFAULT_CATEGORIES, Complaint
from chalicelib.domain.intake import open_complaint
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.validation import validate_submission
from chalicelib.services import oversight
from moto import mock_aws

from tests.support import body

from .measure import Result, best_time

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
TABLE_SIZE, DUE = 2000, 20


def _complaint(reference: str, quiet: bool) -> Complaint:
    submission = validate_submission(body(), latest_incident_date=NOW.date(), categories=DEFAULT_CATEGORIES)
    opened = open_complaint(reference, submission, NOW, get_profile("payments-lt"), "h")
    if not quiet:
        return opened
    sent, _ = ack.mark_sent(ack.claim(opened, NOW), NOW, "m")
    return handling.start_investigation(sent, "bench", NOW).complaint


def _items_read(table: Any, run: Any) -> int:
    counted = {"items": 0}

    def count(parsed: dict[str, Any], **_: Any) -> None:
        counted["items"] += parsed.get("ScannedCount", 0) + sum(len(v) for v in parsed.get("Responses", {}).values())

    table.meta.client.meta.events.register("after-call.dynamodb.*", count)
    run()
    table.meta.client.meta.events.unregister("after-call.dynamodb.*", count)
    return counted["items"]


def run() -> list[Result]:
    # moto's in-process AWS: fake credentials keep boto3 away from any real account.
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-1")  # noqa: S106 - moto
    os.environ.pop("AWS_ENDPOINT_URL", None)
    with mock_aws():
        boto3.client("dynamodb").create_table(**create_table_request("complaints"))
        table = boto3.resource("dynamodb").Table("complaints")
        with table.batch_writer() as batch:
            for number in range(TABLE_SIZE):
                batch.put_item(Item=complaint_to_record(_complaint(f"C-{number}", quiet=number >= DUE)))
        repository = DynamoDBComplaintRepository(table)

        def by_index() -> None:
            oversight.due_list(repository, NOW)

        def by_scan() -> None:  # what the monitor would cost without its index
            pages = table.meta.client.get_paginator("scan").paginate(TableName="complaints")
            for _page in pages:
                pass

        index_items, scan_items = _items_read(table, by_index), _items_read(table, by_scan)
        index_ms, scan_ms = best_time(by_index, repeat=3), best_time(by_scan, repeat=3)
    return [
        Result(
            f"monitor items read ({DUE} due of {TABLE_SIZE})", "items", index_items, scan_items, "Scan of the table"
        ),
        Result("monitor run time on moto", "ms", index_ms, scan_ms, "a Scan"),
    ]
