"""A complaint's files are deleted when the table's TTL deletes its record: the table streams its keys,
the stream handler sees only TTL deletions of complaints, a failure is retried, halved, then queued and
alarmed on, and the handler's own role may list and delete filed files and nothing else."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.backend import FILES_FORGETTER
from infra.stages import Stage
from tests.infra.cfn import arn_of, only, ref, render, resources
from tests.infra.test_permissions import forgetter_statements, function_role_statements
from tests.integration.test_forget_files_stream import removal

STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}


@pytest.fixture
def source(template_json: dict[str, Any]) -> dict[str, Any]:
    """The stream handler's one event source."""
    (event,) = template_json["Resources"][FILES_FORGETTER]["Properties"]["Events"].values()
    assert event["Type"] == "DynamoDB"
    return dict(event["Properties"])


def _queue(template_json: dict[str, Any], source: dict[str, Any]) -> str:
    destination = source["DestinationConfig"]["OnFailure"]
    assert destination["Type"] == "SQS"
    queue_id = str(render(destination["Destination"])).removeprefix("<").removesuffix(".Arn>")
    assert template_json["Resources"][queue_id]["Type"] == "AWS::SQS::Queue"
    return queue_id


def _matches(pattern: Any, value: Any) -> bool:
    """Lambda's filter rules, as far as the pattern uses them: exact values, and {"prefix": ...}."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and _matches(p, value[k]) for k, p in pattern.items())
    return any(
        value.startswith(option["prefix"]) if isinstance(option, dict) else value == option for option in pattern
    )


def test_the_table_streams_the_keys_of_changed_items_only(template_json: dict[str, Any]) -> None:
    """The handler needs the deleted item's keys; no personal data travels in the stream."""
    _, table = only(template_json, "AWS::DynamoDB::Table")
    assert table["Properties"]["StreamSpecification"] == {"StreamViewType": "KEYS_ONLY"}


def test_the_handler_reads_the_tables_stream_from_its_oldest_record(
    template_json: dict[str, Any], source: dict[str, Any]
) -> None:
    table_id, _ = only(template_json, "AWS::DynamoDB::Table")
    assert render(source["Stream"]) == f"<{table_id}.StreamArn>"
    assert source["StartingPosition"] == "TRIM_HORIZON"  # nothing expired while deploying is missed


def test_only_ttl_deletions_of_complaints_invoke_the_handler(source: dict[str, Any]) -> None:
    """The filter passes the record DynamoDB writes when TTL deletes a complaint, and no other deletion."""
    (only_filter,) = source["FilterCriteria"]["Filters"]
    pattern = json.loads(only_filter["Pattern"])
    assert _matches(pattern, removal("C#A2B3-C4D5", "COMPLAINT"))
    for other in (
        removal("C#A2B3-C4D5", "COMPLAINT", identity=None),
        removal("C#A2B3-C4D5", "COMPLAINT", identity={"type": "Service", "principalId": "someone"}),
        removal("C#A2B3-C4D5", "EVENT#2027-01-10T09:00:00+00:00#0003"),
        removal("IDEM#0123abcd", "COMPLAINT"),
        {**removal("C#A2B3-C4D5", "COMPLAINT"), "eventName": "MODIFY"},
    ):
        assert not _matches(pattern, other), other


def test_a_failed_batch_is_retried_halved_and_then_queued_never_dropped(
    template_json: dict[str, Any], source: dict[str, Any]
) -> None:
    """Retries are finite (a poison record does not block the shard for a day), bisecting isolates it, and
    what still fails lands in an encrypted queue kept two weeks."""
    assert 1 <= source["MaximumRetryAttempts"] <= 100
    assert source["BisectBatchOnFunctionError"] is True
    queue = template_json["Resources"][_queue(template_json, source)]["Properties"]
    assert queue.get("SqsManagedSseEnabled") is True or "KmsMasterKeyId" in queue
    assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_a_message_in_the_failure_queue_raises_an_alarm(
    template_json: dict[str, Any], source: dict[str, Any], stage: Stage
) -> None:
    queue_id = _queue(template_json, source)
    alarms = {
        a["Properties"]["AlarmName"]: a["Properties"]
        for a in resources(template_json, "AWS::CloudWatch::Alarm").values()
    }
    alarm = alarms[f"{stage.stack_name}-files-not-deleted"]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["Namespace"] == "AWS/SQS"
    assert render(alarm["Dimensions"]) == [{"Name": "QueueName", "Value": f"<{queue_id}.QueueName>"}]
    assert alarm["Threshold"] == 1 and alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert alarm["AlarmActions"] and alarm["OKActions"]


def test_the_handlers_role_lists_and_deletes_filed_files_reads_the_stream_and_nothing_more(
    template_json: dict[str, Any], source: dict[str, Any], stage: Stage
) -> None:
    """Exactly: list complaints/ only, delete under complaints/ only, read the stream, read a complaint
    (a record that still exists keeps its files), the table's key through DynamoDB, the failure queue, its
    own logs."""
    table_id, _ = only(template_json, "AWS::DynamoDB::Table")
    (bucket_id,) = [
        name for name in resources(template_json, "AWS::S3::Bucket") if name.startswith("AttachmentsBucket")
    ]
    queue_id = _queue(template_json, source)
    statements = [s for s in forgetter_statements(template_json) if "logs:" not in str(s["Action"])]
    by_action = {tuple(sorted(s["Action"] if isinstance(s["Action"], list) else [s["Action"]])): s for s in statements}
    assert by_action.pop(("s3:ListBucket",)) == {
        "Action": "s3:ListBucket",
        "Effect": "Allow",
        "Resource": arn_of(bucket_id),
        "Condition": {"StringLike": {"s3:prefix": "complaints/*"}},
    }
    assert by_action.pop(("s3:DeleteObject",))["Resource"] == f"{arn_of(bucket_id)}/complaints/*"
    stream = by_action.pop(tuple(sorted(STREAM_ACTIONS)))
    assert stream["Resource"] == [f"<{table_id}.StreamArn>"] or stream["Resource"] == f"<{table_id}.StreamArn>"
    assert by_action.pop(("dynamodb:GetItem",))["Resource"] == arn_of(table_id)
    key_use = by_action.pop(("kms:Decrypt",))
    assert key_use["Condition"] == {"StringEquals": {"kms:ViaService": f"dynamodb.{stage.region}.amazonaws.com"}}
    assert by_action.pop(("sqs:SendMessage",))["Resource"] == arn_of(queue_id)
    assert by_action == {}


def test_no_other_function_may_delete_a_filed_file(template_json: dict[str, Any]) -> None:
    for statement in function_role_statements(template_json):
        if "s3:DeleteObject" in statement["Action"]:
            assert all(str(r).endswith("/pending/*") for r in [statement["Resource"]]), statement


def test_the_handler_is_told_the_bucket_and_the_table(template_json: dict[str, Any]) -> None:
    variables = render(template_json["Resources"][FILES_FORGETTER]["Properties"]["Environment"]["Variables"])
    table_id, _ = only(template_json, "AWS::DynamoDB::Table")
    assert variables["TABLE_NAME"] == ref(table_id)
    assert variables["ATTACHMENTS_BUCKET"].startswith("<AttachmentsBucket")
