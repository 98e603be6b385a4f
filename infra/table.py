"""The complaints table, built from the backend's own definition (chalicelib.adapters.table_schema),
so production, the local stack and the tests share one key schema and one set of indexes."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from chalicelib.adapters.table_schema import TTL_ATTRIBUTE, create_table_request
from constructs import Construct

_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER, "B": dynamodb.AttributeType.BINARY}
_PROJECTIONS = {
    "ALL": dynamodb.ProjectionType.ALL,
    "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY,
    "INCLUDE": dynamodb.ProjectionType.INCLUDE,
}
# What chalicelib.adapters.dynamodb calls (a transaction's Put needs PutItem). tests/infra checks the two agree.
DATA_ACTIONS = ("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem")
# The longest window DynamoDB keeps: a bad write found a month later can still be undone.
RECOVERY_PERIOD_DAYS = 35


def _keys(key_schema: list[dict[str, str]], types: dict[str, dynamodb.AttributeType]) -> dict[str, Any]:
    by_role = {key["KeyType"]: key["AttributeName"] for key in key_schema}
    keys = {"partition_key": dynamodb.Attribute(name=by_role["HASH"], type=types[by_role["HASH"]])}
    if "RANGE" in by_role:
        keys["sort_key"] = dynamodb.Attribute(name=by_role["RANGE"], type=types[by_role["RANGE"]])
    return keys


class ComplaintsTable(Construct):
    """The table, its customer-managed key, and every protection against losing the register."""

    def __init__(self, scope: Construct, construct_id: str, *, table_name: str) -> None:
        super().__init__(scope, construct_id)
        request = create_table_request(table_name)
        if request["BillingMode"] != "PAY_PER_REQUEST":
            raise ValueError("the table is designed for on-demand capacity")
        types = {item["AttributeName"]: _TYPES[item["AttributeType"]] for item in request["AttributeDefinitions"]}

        # Complaints hold personal data: a key the firm controls, rotated, and kept if the stack goes.
        self.key = kms.Key(
            self,
            "Key",
            alias=f"alias/{table_name}",
            description=f"Encrypts the {table_name} table (complaints and their personal data)",
            enable_key_rotation=True,
            pending_window=Duration.days(30),
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.table = dynamodb.Table(
            self,
            "Table",
            table_name=table_name,
            **_keys(request["KeySchema"], types),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True, recovery_period_in_days=RECOVERY_PERIOD_DAYS
            ),
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            time_to_live_attribute=TTL_ATTRIBUTE,
            # The stream tells the backend which complaints TTL deleted, so their files go too. Keys only:
            # a reference is all it needs, and no personal data travels in the stream.
            stream=dynamodb.StreamViewType.KEYS_ONLY,
        )
        for index in request["GlobalSecondaryIndexes"]:
            projection = index["Projection"]
            self.table.add_global_secondary_index(
                index_name=index["IndexName"],
                **_keys(index["KeySchema"], types),
                projection_type=_PROJECTIONS[projection["ProjectionType"]],
                non_key_attributes=projection.get("NonKeyAttributes"),
            )

    def grant_expiry_reading(self, grantee: iam.IGrantable) -> None:
        """What the stream handler needs: the stream, and reading a complaint (one that still exists
        keeps its files). CDK's grant_stream_read would list streams on every table ("*")."""
        stream_arn = self.table.table_stream_arn
        if stream_arn is None:
            raise ValueError("the table has no stream")
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "dynamodb:DescribeStream",
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams",
                ],
                resources=[stream_arn],
            )
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[self.table.table_arn])
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt"],  # stream records and items are encrypted with the table's key
                resources=[self.key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"dynamodb.{Stack.of(self).region}.amazonaws.com"}},
            )
        )

    def grant_data_access(self, grantee: iam.IGrantable) -> None:
        """The calls the repository makes, on this table and its indexes: no Scan, no delete."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[f"dynamodb:{action}" for action in DATA_ACTIONS],
                resources=[self.table.table_arn, f"{self.table.table_arn}/index/*"],
            )
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                resources=[self.key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"dynamodb.{Stack.of(self).region}.amazonaws.com"}},
            )
        )
