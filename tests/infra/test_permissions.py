"""Least privilege: the functions reach the table and its indexes, the SES identity and their own logs;
the stream handler that deletes expired complaints' files runs as a role of its own; and no IAM statement
anywhere grants a wildcard action or resource on a data service."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from infra.backend import FILES_FORGETTER
from infra.stages import Stage
from tests.conftest import BACKEND
from tests.infra.cfn import arn_of, only, ref, render, resources

DATA_SERVICES = ("dynamodb", "ses", "kms", "s3", "sqs", "sns", "cognito-idp", "logs")
# boto3 calls of the DynamoDB adapter and the IAM actions each needs.
BOTO_ACTIONS = {
    "get_item": {"GetItem"},
    "batch_get_item": {"BatchGetItem"},
    "query": {"Query"},
    "scan": {"Scan"},
    "put_item": {"PutItem"},
    "update_item": {"UpdateItem"},
    "delete_item": {"DeleteItem"},
    "batch_write_item": {"BatchWriteItem"},
    "transact_get_items": {"GetItem"},
}
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def iam_statements(template: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every identity-policy statement: IAM policies, managed policies and roles' inline policies."""
    for name, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents = [properties["PolicyDocument"]]
        elif resource["Type"] == "AWS::IAM::Role":
            documents = [policy["PolicyDocument"] for policy in properties.get("Policies", [])]
        else:
            continue
        for document in documents:
            for statement in document["Statement"]:
                yield name, statement


def role_statements(template: dict[str, Any], role: str) -> list[dict[str, Any]]:
    """A role's statements, intrinsic functions rendered as text."""
    policies = [
        policy
        for policy in resources(template, "AWS::IAM::Policy").values()
        if {"Ref": role} in policy["Properties"]["Roles"]
    ]
    return [
        render(statement) for policy in policies for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def function_role_statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements of the role every function but the stream handler shares."""
    return role_statements(template, _function_role(template))


def forgetter_statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements of the stream handler's own role."""
    return role_statements(template, forgetter_role(template))


def _role_of(function: dict[str, Any]) -> str:
    return str(render(function["Properties"]["Role"])).removeprefix("<").removesuffix(".Arn>")


def _function_role(template: dict[str, Any]) -> str:
    roles = {
        _role_of(f) for name, f in resources(template, "AWS::Serverless::Function").items() if name != FILES_FORGETTER
    }
    assert len(roles) == 1, f"the functions should share the role made for them, found {roles}"
    (role,) = roles
    return role


def forgetter_role(template: dict[str, Any]) -> str:
    role = _role_of(resources(template, "AWS::Serverless::Function")[FILES_FORGETTER])
    assert role != _function_role(template), "the stream handler must not share the functions' role"
    return role


def statements_for(template: dict[str, Any], service: str) -> list[dict[str, Any]]:
    return [
        s for s in function_role_statements(template) if all(a.startswith(f"{service}:") for a in _listed(s["Action"]))
    ]


def test_no_statement_grants_a_wildcard_action_or_resource_on_a_data_service(template_json: dict[str, Any]) -> None:
    """No `*`, no `dynamodb:*`, no `"Resource": "*"` wherever a data service is named."""
    offending = []
    for name, statement in iam_statements(template_json):
        actions = [str(a) for a in _listed(statement.get("Action", []))]
        services = {a.split(":")[0] for a in actions}
        touches_data = "*" in actions or bool(services & set(DATA_SERVICES))
        wildcard_action = any(a == "*" or a.endswith(":*") for a in actions)
        wildcard_resource = "*" in _listed(statement.get("Resource", []))
        if touches_data and (wildcard_action or wildcard_resource):
            offending.append((name, statement))
    assert offending == []


def test_the_functions_roles_are_the_stacks_own_and_carry_no_managed_policy(template_json: dict[str, Any]) -> None:
    """Every function runs as one of two roles this stack defines (the stream handler's is its own),
    assumable by Lambda only, with inline grants only."""
    for role_id in (_function_role(template_json), forgetter_role(template_json)):
        role = template_json["Resources"][role_id]
        assert role["Type"] == "AWS::IAM::Role"
        assert "ManagedPolicyArns" not in role["Properties"]
        assert "Policies" not in role["Properties"]
        (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
        assert trust["Principal"] == {"Service": "lambda.amazonaws.com"}


def test_dynamodb_access_is_the_table_and_its_indexes_only(template_json: dict[str, Any]) -> None:
    """The only DynamoDB resources are the complaints table and its indexes."""
    table_id, _ = only(template_json, "AWS::DynamoDB::Table")
    (statement,) = statements_for(template_json, "dynamodb")
    assert sorted(statement["Resource"]) == sorted([arn_of(table_id), f"{arn_of(table_id)}/index/*"])


def adapter_actions() -> set[str]:
    """The IAM actions the DynamoDB adapter's boto3 calls need, read from its source."""
    tree = ast.parse((BACKEND / "chalicelib" / "adapters" / "dynamodb.py").read_text())
    calls = {
        node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    needed = set().union(*(BOTO_ACTIONS[call] for call in calls & set(BOTO_ACTIONS)))
    if "transact_write_items" in calls:
        kinds = {
            node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in TRANSACT_ACTIONS
        }
        needed |= {TRANSACT_ACTIONS[kind] for kind in kinds}
    return needed


def test_dynamodb_actions_are_exactly_what_the_repository_calls(template_json: dict[str, Any]) -> None:
    """The adapter can make every call it makes, and nothing else: no Scan, no delete."""
    (statement,) = statements_for(template_json, "dynamodb")
    granted = {action.removeprefix("dynamodb:") for action in statement["Action"]}
    assert granted == adapter_actions()
    assert not granted & {"Scan", "DeleteItem", "BatchWriteItem", "DeleteTable", "UpdateTable"}


def test_the_table_key_is_usable_only_through_dynamodb(template_json: dict[str, Any], stage: Stage) -> None:
    """The functions may use the table's key, only that key, and only on DynamoDB's behalf."""
    _, table = only(template_json, "AWS::DynamoDB::Table")
    key_id = table["Properties"]["SSESpecification"]["KMSMasterKeyId"]["Fn::GetAtt"][0]
    (statement,) = [s for s in statements_for(template_json, "kms") if "dynamodb" in str(s.get("Condition"))]
    assert statement["Resource"] == arn_of(key_id)
    assert statement["Condition"] == {"StringEquals": {"kms:ViaService": f"dynamodb.{stage.region}.amazonaws.com"}}
    assert "kms:CreateGrant" not in statement["Action"] and "kms:ScheduleKeyDeletion" not in statement["Action"]


def test_email_is_sent_only_from_the_stage_sender_through_its_identity_and_configuration_set(
    template_json: dict[str, Any], stage: Stage
) -> None:
    """ses:SendEmail on the domain identity and the configuration set, from the one sender address."""
    identity_id, _ = only(template_json, "AWS::SES::EmailIdentity")
    configuration_set_id, _ = only(template_json, "AWS::SES::ConfigurationSet")
    (statement,) = statements_for(template_json, "ses")
    assert statement["Action"] == "ses:SendEmail"
    assert sorted(statement["Resource"]) == sorted(
        [
            f"arn:aws:ses:{stage.region}:123456789012:identity/{ref(identity_id)}",
            f"arn:aws:ses:{stage.region}:123456789012:configuration-set/{ref(configuration_set_id)}",
        ]
    )
    assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": stage.sender_email}}


def test_functions_write_only_to_their_own_log_groups(template_json: dict[str, Any]) -> None:
    """Each function logs into a log group of this stack, and its role can write nowhere else."""
    functions = resources(template_json, "AWS::Serverless::Function")
    groups = {name: render(f["Properties"]["LoggingConfig"]["LogGroup"]) for name, f in functions.items()}
    assert len(set(groups.values())) == len(functions)
    for name, function in functions.items():
        statements = [s for s in role_statements(template_json, _role_of(function)) if "logs:" in str(s["Action"])]
        assert all(sorted(s["Action"]) == ["logs:CreateLogStream", "logs:PutLogEvents"] for s in statements)
        written = {s["Resource"].removesuffix(".Arn>") + ">" for s in statements}
        shared = {groups[other] for other, f in functions.items() if _role_of(f) == _role_of(function)}
        assert groups[name] in written and written == shared


def test_the_stack_runs_no_helper_functions_of_its_own(template_json: dict[str, Any]) -> None:
    """No custom resources, so no CDK helper Lambda with broad rights hides in the stack."""
    types = {resource["Type"] for resource in template_json["Resources"].values()}
    assert {t for t in types if t.startswith("Custom::") or t == "AWS::CloudFormation::CustomResource"} == set()
    assert "AWS::Lambda::Function" not in types
