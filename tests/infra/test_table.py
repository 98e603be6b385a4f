"""The complaints table: durable, encrypted with the firm's own key, and shaped as the backend expects."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Match, Template
from chalicelib.adapters.table_schema import TTL_ATTRIBUTE, create_table_request

from infra.stages import Stage
from tests.infra.cfn import only

TABLE = "AWS::DynamoDB::Table"


def test_the_table_is_on_demand_and_named_after_its_stage(template: Template, stage: Stage) -> None:
    """Pay per request (no capacity to plan or exhaust), one table per stage."""
    template.resource_count_is(TABLE, 1)
    template.has_resource_properties(TABLE, {"BillingMode": "PAY_PER_REQUEST", "TableName": stage.stack_name})


def test_point_in_time_recovery_keeps_the_longest_window(template: Template) -> None:
    """A bad write found up to 35 days later can still be undone (RUNBOOK.md, restore)."""
    template.has_resource_properties(
        TABLE,
        {
            "PointInTimeRecoverySpecification": {
                "PointInTimeRecoveryEnabled": True,
                "RecoveryPeriodInDays": 35,
            }
        },
    )


def test_the_table_survives_a_delete_and_a_replacement_of_its_stack(template: Template) -> None:
    """Deletion protection on the table, and CloudFormation keeps it if the stack or resource goes."""
    template.has_resource(
        TABLE,
        {
            "Properties": Match.object_like({"DeletionProtectionEnabled": True}),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )


def test_the_table_is_encrypted_with_a_rotated_customer_managed_key_that_is_kept(template_json: dict[str, Any]) -> None:
    """The register of personal data is encrypted under a key the firm controls, rotated, never deleted."""
    _, table = only(template_json, TABLE)
    encryption = table["Properties"]["SSESpecification"]
    assert encryption["SSEEnabled"] is True
    assert encryption["SSEType"] == "KMS"
    key_id = encryption["KMSMasterKeyId"]["Fn::GetAtt"][0]
    key = template_json["Resources"][key_id]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == key["UpdateReplacePolicy"] == "Retain"


def test_items_expire_by_the_backends_ttl_attribute(template: Template) -> None:
    """Idempotency records and rate counters expire through the attribute the backend writes."""
    assert TTL_ATTRIBUTE == "expires_at"
    template.has_resource_properties(
        TABLE, {"TimeToLiveSpecification": {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}}
    )


def _indexes(definition: dict[str, Any]) -> dict[str, Any]:
    return {index["IndexName"]: {k: v for k, v in index.items() if k != "IndexName"} for index in definition}


def test_keys_and_indexes_are_exactly_the_backends_table_schema(template_json: dict[str, Any], stage: Stage) -> None:
    """The deployed table has the key schema, attributes and indexes the local stack and tests create."""
    expected = create_table_request(stage.stack_name)
    _, table = only(template_json, TABLE)
    properties = table["Properties"]
    assert properties["KeySchema"] == expected["KeySchema"]
    assert sorted(properties["AttributeDefinitions"], key=str) == sorted(expected["AttributeDefinitions"], key=str)
    assert _indexes(properties["GlobalSecondaryIndexes"]) == _indexes(expected["GlobalSecondaryIndexes"])
