"""The backend (backend/, a Chalice app) as resources of a stage's stack.

`chalice.cdk.Chalice` runs `chalice package` during synthesis and includes its SAM template.
Three things of that run come from the process rather than from arguments, so they are set here:
- app.py builds its CORS configuration at import time, and the preflight (OPTIONS) responses are
  written into the template from it: CORS_ORIGIN must be the stage's site origin while packaging,
  and `app` must be imported afresh for each stage;
- the region decides the Lambda service principal (Chalice builds an AWS client to read it, which
  would look for credentials, up to the EC2 metadata service: that lookup is switched off);
- the package is written under the current directory (chalice.out/), kept out of the source tree.
Lambda wheels are downloaded once per requirements.txt and cached by Chalice in
backend/.chalice/deployments/, so later synths run offline.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import CfnResource, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from chalice.cdk import Chalice
from chalice.utils import to_cfn_resource_name
from chalicelib.adapters.records import COMPLAINT_SK, complaint_pk

from .compiled import compile_package

BACKEND_DIR = Path(__file__).resolve().parent.parent / "backend"
FUNCTION_TYPE = "AWS::Serverless::Function"
REST_API_ID = "RestAPI"  # the logical ID `chalice package` gives the API
API_STAGE = "api"
LOG_RETENTION = logs.RetentionDays.ONE_YEAR
# Functions on the request path answer within API Gateway's 29 s (an authorizer's limit is 10 s),
# so a slow dependency yields the function's own error, not the gateway's timeout.
REQUEST_PATH_TIMEOUTS = {"APIHandler": 25, "StaffToken": 8}
# The stream handler (app.py `forget_expired_files`) deletes files, so it runs as a role of its own.
FORGETTER_HANDLER = "forget_expired_files"
FILES_FORGETTER = to_cfn_resource_name(FORGETTER_HANDLER)
# Only what DynamoDB's TTL deletes, and only complaint items (adapters/records.py keys), start it.
EXPIRED_COMPLAINTS = {
    "eventName": ["REMOVE"],
    "userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]},
    "dynamodb": {"Keys": {"pk": {"S": [{"prefix": complaint_pk("")}]}, "sk": {"S": [COMPLAINT_SK]}}},
}
# A failing batch is halved until the bad record is alone; each try waits longer. Then it goes to
# the failure queue (RUNBOOK.md, files-not-deleted) rather than blocking the shard for the stream's
# 24 hours.
STREAM_RETRIES = 10


class CompiledChalice(Chalice):
    """Chalice's construct, its package's modules compiled (infra/compiled.py) before the construct
    makes it an asset: in AWS, a cold start then compiles nothing."""

    def _package_app(self) -> None:
        super()._package_app()
        compile_package(Path(self._sam_package_dir) / "deployment.zip")


@dataclass(frozen=True)
class Backend:
    chalice: CompiledChalice
    role: iam.Role
    forgetter_role: iam.Role  # the stream handler's: deletes filed files, nothing else of the functions'
    functions: dict[str, CfnResource]  # by logical ID: APIHandler, RetryAcknowledgements, ...
    log_groups: dict[str, logs.LogGroup]

    @property
    def rest_api(self) -> CfnResource:
        resource: CfnResource = self.chalice.get_resource(REST_API_ID)
        return resource


@contextmanager
def _packaging(*, cors_origin: str, region: str, workdir: Path) -> Iterator[None]:
    settings = {"CORS_ORIGIN": cors_origin, "AWS_DEFAULT_REGION": region, "AWS_EC2_METADATA_DISABLED": "true"}
    saved_environment = {name: os.environ.get(name) for name in settings}
    saved_app = sys.modules.pop("app", None)
    saved_directory = Path.cwd()
    os.environ.update(settings)
    os.chdir(workdir)
    try:
        yield
    finally:
        os.chdir(saved_directory)
        sys.modules.pop("app", None)
        if saved_app is not None:
            sys.modules["app"] = saved_app
        for name, value in saved_environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_backend(
    stack: Stack, *, cors_origin: str, environment: dict[str, str], role_name: str, workdir: Path
) -> Backend:
    """Package the app for this stack's stage. The Chalice stage is the stack's ID."""
    # Chalice's managed roles would need its policy analyser (which cannot read app.py) or a
    # static policy file; a role made here is granted exactly what the stack decides.
    role = iam.Role(
        stack,
        "FunctionRole",
        role_name=role_name,
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="The backend's functions: the complaints table, the SES identity, their own logs",
    )
    stage_config = {
        "api_gateway_stage": API_STAGE,
        "api_gateway_endpoint_type": "REGIONAL",  # requests stay in the stage's region
        "manage_iam_role": False,
        "iam_role_arn": role.role_arn,
        "autogen_policy": False,
        "lambda_memory_size": 256,
        "environment_variables": environment,
    }
    with _packaging(cors_origin=cors_origin, region=stack.region, workdir=workdir):
        chalice = CompiledChalice(stack, "Backend", source_dir=str(BACKEND_DIR), stage_config=stage_config)

    functions = {
        child.node.id: child
        for child in chalice.sam_template.node.children
        if isinstance(child, CfnResource) and child.cfn_resource_type == FUNCTION_TYPE
    }
    missing = {*REQUEST_PATH_TIMEOUTS, FILES_FORGETTER} - set(functions)
    if missing:
        raise ValueError(f"no such functions in the Chalice app: {sorted(missing)}")
    for logical_id, seconds in REQUEST_PATH_TIMEOUTS.items():
        # Chalice reads per-function settings from config.json only, not from stage_config.
        functions[logical_id].add_property_override("Timeout", seconds)
    forgetter_role = iam.Role(
        stack,
        "ForgetterRole",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="The stream handler: deletes the files of complaints whose record expired",
    )
    functions[FILES_FORGETTER].add_property_override("Role", forgetter_role.role_arn)
    log_groups = {}
    for logical_id, function in functions.items():
        # A log group made here has a retention and a name known before the function exists.
        log_group = logs.LogGroup(
            stack,
            f"{logical_id}Logs",
            log_group_name=f"/aws/lambda/{stack.stack_name}-{logical_id}",
            retention=LOG_RETENTION,
        )
        function.add_property_override("LoggingConfig", {"LogGroup": log_group.log_group_name, "LogFormat": "Text"})
        log_group.grant_write(forgetter_role if logical_id == FILES_FORGETTER else role)
        log_groups[logical_id] = log_group
    return Backend(
        chalice=chalice, role=role, forgetter_role=forgetter_role, functions=functions, log_groups=log_groups
    )


def forget_files_on_expiry(stack: Stack, backend: Backend, *, stream_arn: str) -> sqs.Queue:
    """Point the stream handler at the table's stream, filtered to TTL deletions of complaints, with
    retries and a failure queue; returns the queue (its alarm is in monitoring.py)."""
    failures = sqs.Queue(
        stack,
        "FilesNotDeleted",
        encryption=sqs.QueueEncryption.SQS_MANAGED,  # messages name a shard and sequence numbers only
        retention_period=Duration.days(14),
        enforce_ssl=True,
    )
    backend.forgetter_role.add_to_policy(
        iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[failures.queue_arn])  # Lambda sends as the role
    )
    source = f"Events.{to_cfn_resource_name(FORGETTER_HANDLER + '-dynamodb-event-source')}.Properties"
    function = backend.functions[FILES_FORGETTER]
    function.add_property_override(f"{source}.Stream", stream_arn)
    function.add_property_override(
        f"{source}.FilterCriteria", {"Filters": [{"Pattern": json.dumps(EXPIRED_COMPLAINTS, separators=(",", ":"))}]}
    )
    function.add_property_override(f"{source}.MaximumRetryAttempts", STREAM_RETRIES)
    function.add_property_override(f"{source}.BisectBatchOnFunctionError", True)
    function.add_property_override(
        f"{source}.DestinationConfig", {"OnFailure": {"Type": "SQS", "Destination": failures.queue_arn}}
    )
    return failures
