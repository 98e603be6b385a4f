"""API Gateway: its own limits, its own errors readable by the form, and access logs free of personal data."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from chalicelib import i18n, settings

from infra.stages import Stage
from tests.infra.cfn import only, render

GATEWAY_ERRORS = {"DEFAULT_4XX": None, "DEFAULT_5XX": None, "THROTTLED": "429", "REQUEST_TOO_LARGE": "413"}
# Context variables that identify nobody: request id, time, method, route template, outcome, timings.
ANONYMOUS_CONTEXT = {
    "requestId",
    "requestTime",
    "httpMethod",
    "resourcePath",
    "status",
    "error.responseType",
    "responseLatency",
    "integrationLatency",
    "responseLength",
}


@pytest.fixture
def rest_api(template_json: dict[str, Any]) -> dict[str, Any]:
    _, api = only(template_json, "AWS::Serverless::Api")
    return dict(api["Properties"])


def test_the_api_is_regional_named_after_its_stage_and_served_under_api(rest_api: dict[str, Any], stage: Stage) -> None:
    """Requests stay in the stage's region; metrics and alarms find the API by its stage's name."""
    assert rest_api["EndpointConfiguration"] == "REGIONAL"
    assert rest_api["StageName"] == "api"
    assert rest_api["Name"] == rest_api["DefinitionBody"]["info"]["title"] == stage.stack_name


def test_the_gateway_throttles_every_method_at_the_stage_rate(rest_api: dict[str, Any], stage: Stage) -> None:
    """Beyond the stage's rate and burst, API Gateway answers 429 before any function runs."""
    (settings,) = rest_api["MethodSettings"]
    assert settings["ResourcePath"] == "/*" and settings["HttpMethod"] == "*"
    assert settings["ThrottlingRateLimit"] == stage.throttle_rate
    assert settings["ThrottlingBurstLimit"] == stage.throttle_burst


def test_execution_logs_and_data_traces_are_off(rest_api: dict[str, Any]) -> None:
    """Execution logs with data traces would copy request bodies, which hold personal data."""
    (settings,) = rest_api["MethodSettings"]
    assert settings["LoggingLevel"] == "OFF"
    assert settings["DataTraceEnabled"] is False


@pytest.mark.parametrize("response_type", sorted(GATEWAY_ERRORS))
def test_gateway_errors_carry_cors_for_the_site_and_the_contracts_error_shape(
    rest_api: dict[str, Any], stage: Stage, response_type: str
) -> None:
    """A 429, 413, 4xx or 5xx made by API Gateway itself reaches the form readable, as {"errors": [...]}."""
    response = rest_api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"][response_type]
    headers = response["responseParameters"]
    assert headers["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{stage.site_origin}'"
    assert response.get("statusCode") == GATEWAY_ERRORS[response_type]
    template = response["responseTemplates"]["application/json"]
    body = json.loads(template.replace("$context.error.messageString", '"Forbidden"'))
    (error,) = body["errors"]
    assert set(error) == {"field", "code", "message"}
    assert error["field"] is None and error["code"] and error["message"]


def test_gateway_busy_and_too_large_errors_speak_the_backends_words(rest_api: dict[str, Any]) -> None:
    """The gateway's 429, 5xx and 413 use the backend's English catalogue, as the API's own errors do."""
    responses = rest_api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]

    def message(response_type: str) -> str:
        body = json.loads(responses[response_type]["responseTemplates"]["application/json"])
        return str(body["errors"][0]["message"])

    unavailable = i18n.request_error_body("en", "unavailable")["errors"][0]["message"]
    assert message("THROTTLED") == message("DEFAULT_5XX") == unavailable
    assert message("REQUEST_TOO_LARGE") == i18n.request_error_body("en", "too_large", max_kb=64)["errors"][0]["message"]
    assert responses["THROTTLED"]["responseParameters"]["gatewayresponse.header.Retry-After"] == "'1'"


def test_browser_preflights_allow_exactly_the_site_origin(rest_api: dict[str, Any], stage: Stage) -> None:
    """Every CORS preflight answer names the stage's site, not the local development origin."""
    origins = {
        path: operations["options"]["x-amazon-apigateway-integration"]["responses"]["default"]["responseParameters"][
            "method.response.header.Access-Control-Allow-Origin"
        ]
        for path, operations in rest_api["DefinitionBody"]["paths"].items()
        if "options" in operations
    }
    assert "/complaints" in origins
    assert set(origins.values()) == {f"'{stage.site_origin}'"}


def test_the_functions_allow_the_site_origin_and_link_to_the_site(template_json: dict[str, Any], stage: Stage) -> None:
    """CORS_ORIGIN and SITE_URL point at the stage's own site, over HTTPS."""
    functions = [r for r in template_json["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    for function in functions:
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["CORS_ORIGIN"] == variables["SITE_URL"] == stage.site_origin
    assert stage.site_origin.startswith("https://")


def test_access_logs_are_json_lines_that_name_no_one(rest_api: dict[str, Any]) -> None:
    """The access log holds route templates and outcomes: no IP address, user agent, caller, path or query."""
    log_format = rest_api["AccessLogSetting"]["Format"]
    used = set(re.findall(r"\$context\.([A-Za-z.]+)", log_format))
    assert used <= ANONYMOUS_CONTEXT
    assert not re.search(r"identity|sourceIp|userAgent|caller|\buser\b|\bpath\b|querystring", log_format, re.I)
    line = json.loads(re.sub(r"\$context\.[A-Za-z.]+", "429", log_format))
    assert line["status"] == 429 and line["resource"] == "429"  # status is a number for metric filters


def test_access_logs_go_to_a_log_group_of_the_stack_with_a_retention(
    rest_api: dict[str, Any], template_json: dict[str, Any]
) -> None:
    """Access logs are written to this stack's log group, which expires them."""
    log_group_id = rest_api["AccessLogSetting"]["DestinationArn"]["Fn::GetAtt"][0]
    log_group = template_json["Resources"][log_group_id]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["RetentionInDays"] == 365


def test_api_gateway_may_write_logs_before_the_api_stage_exists(template_json: dict[str, Any]) -> None:
    """The account-level logging role is set by the stack, and the API waits for it."""
    account_id, account = only(template_json, "AWS::ApiGateway::Account")
    role = template_json["Resources"][account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]]
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "apigateway.amazonaws.com"
    }
    assert role["DeletionPolicy"] == "Retain"  # another stage in the account may log through it
    _, api = only(template_json, "AWS::Serverless::Api")
    assert account_id in api["DependsOn"]


def test_the_api_address_is_a_stack_output(template_json: dict[str, Any], stage: Stage) -> None:
    """The deployment builds the site with this address (COMPLAINT_API)."""
    assert render(template_json["Outputs"]["ApiUrl"]["Value"]) == (
        f"https://<RestAPI>.execute-api.{stage.region}.amazonaws.com/api"
    )


@pytest.fixture
def web_acl(template_json: dict[str, Any]) -> dict[str, Any]:
    _, acl = only(template_json, "AWS::WAFv2::WebACL")
    return dict(acl["Properties"])


def test_bodies_over_the_backends_limit_are_refused_before_any_function_runs(
    web_acl: dict[str, Any], stage: Stage
) -> None:
    """A body over 64 KB (which past Lambda's 6 MB would become a 5xx) gets WAF's 413, in the backend's
    words and readable by the site."""
    (rule,) = [rule for rule in web_acl["Rules"] if "SizeConstraintStatement" in rule["Statement"]]
    condition = rule["Statement"]["SizeConstraintStatement"]
    assert condition["FieldToMatch"] == {"Body": {"OversizeHandling": "MATCH"}}
    assert (condition["ComparisonOperator"], condition["Size"]) == ("GT", settings.MAX_BODY_BYTES)
    inspected_kb = int(web_acl["AssociationConfig"]["RequestBody"]["API_GATEWAY"]["DefaultSizeInspectionLimit"][3:])
    assert inspected_kb * 1024 >= settings.MAX_BODY_BYTES  # a longer body counts as oversize, and matches
    response = rule["Action"]["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 413
    assert response["ResponseHeaders"] == [{"Name": "Access-Control-Allow-Origin", "Value": stage.site_origin}]
    body = web_acl["CustomResponseBodies"][response["CustomResponseBodyKey"]]
    assert json.loads(body["Content"]) == i18n.request_error_body("en", "too_large", max_kb=64)
    assert web_acl["DefaultAction"] == {"Allow": {}}


def test_the_web_acl_guards_this_apis_stage(template_json: dict[str, Any]) -> None:
    """The association names this stack's API and the stage SAM generates for it."""
    acl_id, _ = only(template_json, "AWS::WAFv2::WebACL")
    _, association = only(template_json, "AWS::WAFv2::WebACLAssociation")
    arn = association["Properties"]["ResourceArn"]["Fn::Sub"]
    assert arn.endswith("::/restapis/${RestAPI}/stages/${RestAPI.Stage}")
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}


def test_the_firewall_keeps_no_sample_of_requests(web_acl: dict[str, Any]) -> None:
    """Sampled requests would store callers' addresses and headers: only counts are kept."""
    configs = [web_acl["VisibilityConfig"], *(rule["VisibilityConfig"] for rule in web_acl["Rules"])]
    assert all(config["SampledRequestsEnabled"] is False for config in configs)


def _rate_rules(web_acl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["Name"]: rule for rule in web_acl["Rules"] if "RateBasedStatement" in rule["Statement"]}


def _scope(rule: dict[str, Any]) -> list[tuple[str, str]]:
    """(positional constraint, value) of the URI path and method matches that scope a rate rule."""
    scope = rule["Statement"]["RateBasedStatement"]["ScopeDownStatement"]
    statements = scope["AndStatement"]["Statements"] if "AndStatement" in scope else [scope]
    return sorted(
        (match["ByteMatchStatement"]["PositionalConstraint"], match["ByteMatchStatement"]["SearchString"])
        for match in statements
    )


def test_each_client_is_limited_per_route_family_before_any_function_runs(web_acl: dict[str, Any]) -> None:
    """Submissions, tracking and attach-later, uploads and the staff API each have a per-address limit,
    so one client cannot use up the gateway's shared throttle or flood storage."""
    rules = _rate_rules(web_acl)
    assert {name: _scope(rule) for name, rule in rules.items()} == {
        "submissions-per-client": [("EXACTLY", "/api/complaints"), ("EXACTLY", "POST")],
        "complaint-access-per-client": [("STARTS_WITH", "/api/complaints/")],
        "uploads-per-client": [("EXACTLY", "/api/uploads")],
        "staff-per-client": [("STARTS_WITH", "/api/staff/")],
    }
    for rule in rules.values():
        statement = rule["Statement"]["RateBasedStatement"]
        assert statement["AggregateKeyType"] == "IP"  # the site calls the API directly: no proxy in front
        assert statement["Limit"] >= 10 and statement["EvaluationWindowSec"] == 300


def test_a_client_over_its_limit_gets_the_backends_429_readable_by_the_site(
    web_acl: dict[str, Any], stage: Stage
) -> None:
    """The same error shape and Retry-After as the backend's own limit, with CORS for the site."""
    for rule in _rate_rules(web_acl).values():
        response = rule["Action"]["Block"]["CustomResponse"]
        assert response["ResponseCode"] == 429
        headers = {header["Name"]: header["Value"] for header in response["ResponseHeaders"]}
        assert headers == {"Access-Control-Allow-Origin": stage.site_origin, "Retry-After": "300"}
        body = web_acl["CustomResponseBodies"][response["CustomResponseBodyKey"]]
        assert json.loads(body["Content"]) == i18n.request_error_body("en", "rate_limited")


def test_the_firewall_never_limits_submissions_below_the_backends_own_hourly_limit(web_acl: dict[str, Any]) -> None:
    """The backend counts submissions per client and hour (SUBMISSIONS_PER_HOUR, 20 by default); the
    firewall only stops floods above it."""
    statement = _rate_rules(web_acl)["submissions-per-client"]["Statement"]["RateBasedStatement"]
    assert statement["Limit"] >= 20
