"""The staff directory: a Cognito user pool the staff API trusts, closed to self sign-up, MFA for all."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import App, Environment, Stack
from aws_cdk.assertions import Match, Template
from chalicelib.api.tokens import ROLES

from devstack.site import DEV_SIGN_IN
from devstack.staff_keys import DEV_CLIENT_ID, DEV_ISSUER, KEY_ID
from infra.staff import StaffDirectory
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


def _clients(template_json: dict[str, Any]) -> tuple[tuple[str, dict[str, Any]], tuple[str, dict[str, Any]]]:
    """(logical id, properties) of the command's app client and of the console's."""
    clients = resources(template_json, "AWS::Cognito::UserPoolClient")
    (command,) = [
        (name, c["Properties"])
        for name, c in clients.items()
        if not c["Properties"].get("AllowedOAuthFlowsUserPoolClient")
    ]
    (console,) = [
        (name, c["Properties"]) for name, c in clients.items() if c["Properties"].get("AllowedOAuthFlowsUserPoolClient")
    ]
    return command, console


def test_the_app_client_is_public_and_signs_in_without_hosted_pages(template_json: dict[str, Any]) -> None:
    """No client secret to leak from the `complaints` command, password (+MFA) or SRP sign-in, no OAuth."""
    (_, properties), _ = _clients(template_json)
    assert properties.get("GenerateSecret", False) is False
    assert set(properties["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    assert properties["AllowedOAuthFlowsUserPoolClient"] is False
    assert properties["PreventUserExistenceErrors"] == "ENABLED"


def test_the_functions_verify_tokens_of_this_pool_and_client(template_json: dict[str, Any], stage: Stage) -> None:
    """STAFF_ISSUER is the pool's `iss`, STAFF_JWKS_URL its published keys, STAFF_AUDIENCE its two app
    clients: the command's and the console's."""
    pool_id, _ = only(template_json, "AWS::Cognito::UserPool")
    (command_id, _), (console_id, _) = _clients(template_json)
    issuer = f"https://cognito-idp.{stage.region}.amazonaws.com/{ref(pool_id)}"
    for function in resources(template_json, "AWS::Serverless::Function").values():
        variables = render(function["Properties"]["Environment"]["Variables"])
        assert variables["STAFF_ISSUER"] == issuer
        assert variables["STAFF_JWKS_URL"] == f"{issuer}/.well-known/jwks.json"
        assert variables["STAFF_AUDIENCE"] == f"{ref(command_id)},{ref(console_id)}"


def test_staff_access_tokens_live_an_hour_and_each_is_checked_against_the_pool(template_json: dict[str, Any]) -> None:
    """A stolen or leaver's token is short-lived, and the API asks the pool about every new one, so a
    disabled or signed-out account is refused within the authorizer's cache time (issue: revocation)."""
    minutes = {"minutes": 1, "hours": 60, "days": 1440}
    for _, properties in _clients(template_json):
        units = properties["TokenValidityUnits"]
        assert properties["AccessTokenValidity"] * minutes[units["AccessToken"]] <= 60
        assert properties["IdTokenValidity"] * minutes[units["IdToken"]] <= 60
        assert properties["EnableTokenRevocation"] is True
    for function in resources(template_json, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["STAFF_ACCOUNT_CHECK"] == "cognito"


def console_template(site_origin: str = "https://complaints.example") -> dict[str, Any]:
    """A stack holding only the staff directory with the console's sign-in, synthesised in-process."""
    app = App()
    stack = Stack(app, "Console", env=Environment(region="eu-west-1"))
    StaffDirectory(stack, "Staff", pool_name="complaint-portal-test-staff", site_origin=site_origin)
    return dict(Template.from_stack(stack).to_json())


def console_client(template: dict[str, Any]) -> dict[str, Any]:
    clients = [c["Properties"] for c in resources(template, "AWS::Cognito::UserPoolClient").values()]
    (console,) = [c for c in clients if c.get("AllowedOAuthFlowsUserPoolClient")]
    return dict(console)


def test_the_console_signs_in_through_the_hosted_pages_by_authorization_code_only() -> None:
    """A public client (a browser keeps no secret; the console sends a PKCE challenge), the code flow
    alone (no implicit flow, no password or SRP through this client), the pool's own accounts only."""
    console = console_client(console_template())
    assert console.get("GenerateSecret", False) is False
    assert console["AllowedOAuthFlows"] == ["code"]
    assert console["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert console["SupportedIdentityProviders"] == ["COGNITO"]
    assert console["PreventUserExistenceErrors"] == "ENABLED"
    assert console["EnableTokenRevocation"] is True


def test_the_console_client_returns_to_the_console_page_with_the_openid_scope_only() -> None:
    console = console_client(console_template("https://complaints.example/"))
    assert console["CallbackURLs"] == ["https://complaints.example/staff/"]
    assert console["LogoutURLs"] == ["https://complaints.example/staff/"]
    assert console["AllowedOAuthScopes"] == ["openid"]
    units = console["TokenValidityUnits"]
    minutes = {"minutes": 1, "hours": 60, "days": 1440}
    assert console["AccessTokenValidity"] * minutes[units["AccessToken"]] <= 60


def test_the_pool_gets_a_hosted_sign_in_domain_and_the_deploy_learns_it() -> None:
    """MFA stays as the pool requires it; the domain and the client id are outputs for the site's build."""
    template = console_template()
    (domain,) = resources(template, "AWS::Cognito::UserPoolDomain").values()
    assert domain["Properties"]["Domain"] == "complaint-portal-test-staff"
    (pool,) = resources(template, "AWS::Cognito::UserPool").values()
    assert pool["Properties"]["MfaConfiguration"] == "ON"
    client_id = next(
        name
        for name, c in resources(template, "AWS::Cognito::UserPoolClient").items()
        if c["Properties"].get("AllowedOAuthFlowsUserPoolClient")
    )
    outputs = {name: json.dumps(output["Value"]) for name, output in template["Outputs"].items()}
    assert any("ConsoleClientId" in name and client_id in value for name, value in outputs.items())
    assert any("ConsoleSignInDomain" in name and "amazoncognito.com" in value for name, value in outputs.items())


def test_without_a_site_origin_the_pool_has_no_hosted_pages() -> None:
    app = App()
    stack = Stack(app, "Plain", env=Environment(region="eu-west-1"))
    StaffDirectory(stack, "Staff", pool_name="complaint-portal-plain-staff")
    template = dict(Template.from_stack(stack).to_json())
    assert resources(template, "AWS::Cognito::UserPoolDomain") == {}


def test_the_development_sign_in_is_in_no_stage(templates: dict[str, dict[str, Any]]) -> None:
    """The console's local sign-in (devstack/site.py) and the development key's names never reach AWS."""
    text = json.dumps(templates)
    for trace in (DEV_SIGN_IN, "dev-sign-in", DEV_ISSUER, DEV_CLIENT_ID, KEY_ID, "CONSOLE_SIGN_IN"):
        assert trace not in text, trace
