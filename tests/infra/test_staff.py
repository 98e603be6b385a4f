"""The staff directory: a Cognito user pool the staff API trusts, closed to self sign-up, MFA for all."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Match, Template
from chalicelib.api.tokens import ROLES

from infra.stages import Stage
from tests.infra.cfn import only, ref, render, resources


def test_only_administrators_create_staff_accounts_and_every_account_uses_an_authenticator(
    template: Template,
) -> None:
    """No self sign-up; a one-time code from an app (not SMS) at every sign-in; long passwords."""
    template.has_resource_properties(
        "AWS::Cognito::UserPool",
        {
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
            "MfaConfiguration": "ON",
            "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
            "Policies": {"PasswordPolicy": Match.object_like({"MinimumLength": 14})},
        },
    )


def test_the_staff_directory_survives_a_stack_deletion(template: Template) -> None:
    """Deletion protection, and CloudFormation keeps the pool if the stack or resource goes."""
    template.has_resource(
        "AWS::Cognito::UserPool",
        {
            "Properties": Match.object_like({"DeletionProtection": "ACTIVE"}),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )


def test_the_pool_has_exactly_the_groups_the_backend_knows_as_roles(template_json: dict[str, Any]) -> None:
    """`handler` and `supervisor`: the Cognito groups chalicelib/api/tokens.py maps to roles."""
    groups = {g["Properties"]["GroupName"] for g in resources(template_json, "AWS::Cognito::UserPoolGroup").values()}
    assert groups == set(ROLES)


def test_the_app_client_is_public_and_signs_in_without_hosted_pages(template_json: dict[str, Any]) -> None:
    """No client secret to leak from the `complaints` command, password (+MFA) or SRP sign-in, no OAuth."""
    _, client = only(template_json, "AWS::Cognito::UserPoolClient")
    properties = client["Properties"]
    assert properties.get("GenerateSecret", False) is False
    assert set(properties["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    assert properties["AllowedOAuthFlowsUserPoolClient"] is False
    assert properties["PreventUserExistenceErrors"] == "ENABLED"


def test_the_functions_verify_tokens_of_this_pool_and_client(template_json: dict[str, Any], stage: Stage) -> None:
    """STAFF_ISSUER is the pool's `iss`, STAFF_JWKS_URL its published keys, STAFF_AUDIENCE its app client."""
    pool_id, _ = only(template_json, "AWS::Cognito::UserPool")
    client_id, _ = only(template_json, "AWS::Cognito::UserPoolClient")
    issuer = f"https://cognito-idp.{stage.region}.amazonaws.com/{ref(pool_id)}"
    for function in resources(template_json, "AWS::Serverless::Function").values():
        variables = render(function["Properties"]["Environment"]["Variables"])
        assert variables["STAFF_ISSUER"] == issuer
        assert variables["STAFF_JWKS_URL"] == f"{issuer}/.well-known/jwks.json"
        assert variables["STAFF_AUDIENCE"] == ref(client_id)


def test_staff_access_tokens_live_an_hour_and_each_is_checked_against_the_pool(template_json: dict[str, Any]) -> None:
    """A stolen or leaver's token is short-lived, and the API asks the pool about every new one, so a
    disabled or signed-out account is refused within the authorizer's cache time (issue: revocation)."""
    _, client = only(template_json, "AWS::Cognito::UserPoolClient")
    properties = client["Properties"]
    units = properties["TokenValidityUnits"]
    minutes = {"minutes": 1, "hours": 60, "days": 1440}
    assert properties["AccessTokenValidity"] * minutes[units["AccessToken"]] <= 60
    assert properties["IdTokenValidity"] * minutes[units["IdToken"]] <= 60
    assert properties["EnableTokenRevocation"] is True
    for function in resources(template_json, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["STAFF_ACCOUNT_CHECK"] == "cognito"
