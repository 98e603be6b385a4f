"""A web ACL in front of the API that refuses over-long bodies and floods before any function runs.

The backend answers 413 itself up to Lambda's 6 MB request limit, and API Gateway above 10 MB; a body
in between would fail the Lambda invocation, a 5xx the contract forbids for any input (CONTRACT.md
section 2). WAF inspects the first 64 KB of each body (the backend's own limit) and refuses anything
longer with the same 413 the backend gives.

Per-client rate rules (by source address: the site calls the API directly, no proxy in front) stop one
client from using up the gateway's throttle, which every customer shares, or from filling storage:
each route family has its own limit per five minutes, answered with the backend's own 429.
"""

from __future__ import annotations

import json

from aws_cdk import Fn
from aws_cdk import aws_wafv2 as wafv2
from chalicelib import i18n, settings
from constructs import Construct

MAX_BODY_BYTES = settings.MAX_BODY_BYTES
INSPECTION_LIMIT = "KB_64"  # must cover MAX_BODY_BYTES: a longer body counts as oversize
TOO_LARGE_BODY = "too_large"
RATE_LIMITED = "rate_limited"
RATE_WINDOW_SECONDS = 300
# Requests per client address and five minutes, by route family (the API's stage is its first path
# segment). Submissions stay far above the backend's own limit (20 an hour), which decides first;
# staff limits leave room for the console's polling.
RATE_LIMITS: dict[str, tuple[int, tuple[tuple[str, str, str], ...]]] = {
    # name: (limit, ((field, positional constraint, value), ...))
    "submissions-per-client": (60, (("path", "EXACTLY", "/api/complaints"), ("method", "EXACTLY", "POST"))),
    "complaint-access-per-client": (100, (("path", "STARTS_WITH", "/api/complaints/"),)),
    "uploads-per-client": (100, (("path", "EXACTLY", "/api/uploads"),)),
    "staff-per-client": (1000, (("path", "STARTS_WITH", "/api/staff/"),)),
}


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    # Sampled requests would keep callers' addresses and headers: personal data with no use here.
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=False
    )


def _match(field: str, constraint: str, value: str) -> wafv2.CfnWebACL.StatementProperty:
    where = (
        wafv2.CfnWebACL.FieldToMatchProperty(uri_path={})
        if field == "path"
        else wafv2.CfnWebACL.FieldToMatchProperty(method={})
    )
    return wafv2.CfnWebACL.StatementProperty(
        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=where,
            positional_constraint=constraint,
            search_string=value,
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
        )
    )


def _rate_rule(name: str, priority: int, acl_name: str, site_origin: str) -> wafv2.CfnWebACL.RuleProperty:
    limit, matches = RATE_LIMITS[name]
    statements = [_match(*match) for match in matches]
    scope = (
        statements[0]
        if len(statements) == 1
        else wafv2.CfnWebACL.StatementProperty(
            and_statement=wafv2.CfnWebACL.AndStatementProperty(statements=statements)
        )
    )
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=limit,
                evaluation_window_sec=RATE_WINDOW_SECONDS,
                scope_down_statement=scope,
            )
        ),
        action=wafv2.CfnWebACL.RuleActionProperty(
            block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=429,
                    custom_response_body_key=RATE_LIMITED,
                    response_headers=[
                        wafv2.CfnWebACL.CustomHTTPHeaderProperty(name="Access-Control-Allow-Origin", value=site_origin),
                        wafv2.CfnWebACL.CustomHTTPHeaderProperty(name="Retry-After", value=str(RATE_WINDOW_SECONDS)),
                    ],
                )
            )
        ),
        visibility_config=_visibility(f"{acl_name}-{name}"),
    )


class ApiFirewall(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, name: str, rest_api: str, site_origin: str) -> None:
        super().__init__(scope, construct_id)
        too_large = i18n.request_error_body("en", "too_large", max_kb=MAX_BODY_BYTES // 1024)
        over_limit = wafv2.CfnWebACL.StatementProperty(
            size_constraint_statement=wafv2.CfnWebACL.SizeConstraintStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                    body=wafv2.CfnWebACL.BodyProperty(oversize_handling="MATCH")
                ),
                comparison_operator="GT",
                size=MAX_BODY_BYTES,
                text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
            )
        )
        refuse = wafv2.CfnWebACL.RuleActionProperty(
            block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=413,
                    custom_response_body_key=TOO_LARGE_BODY,
                    response_headers=[
                        wafv2.CfnWebACL.CustomHTTPHeaderProperty(name="Access-Control-Allow-Origin", value=site_origin)
                    ],
                )
            )
        )
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=name,
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            association_config=wafv2.CfnWebACL.AssociationConfigProperty(
                request_body={
                    "API_GATEWAY": wafv2.CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty(
                        default_size_inspection_limit=INSPECTION_LIMIT
                    )
                }
            ),
            custom_response_bodies={
                TOO_LARGE_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content=json.dumps(too_large), content_type="APPLICATION_JSON"
                ),
                RATE_LIMITED: wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content=json.dumps(i18n.request_error_body("en", "rate_limited")), content_type="APPLICATION_JSON"
                ),
            },
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="body-over-limit",
                    priority=0,
                    statement=over_limit,
                    action=refuse,
                    visibility_config=_visibility(f"{name}-body-over-limit"),
                ),
                *(
                    _rate_rule(rule_name, priority, name, site_origin)
                    for priority, rule_name in enumerate(RATE_LIMITS, start=1)
                ),
            ],
            visibility_config=_visibility(name),
        )
        # `<api>.Stage` names the stage SAM generates for the API (rest_api is the API's logical ID):
        # referring to it also makes CloudFormation create the stage before the association.
        api, stage = f"${{{rest_api}}}", f"${{{rest_api}.Stage}}"
        wafv2.CfnWebACLAssociation(
            self,
            "Association",
            resource_arn=Fn.sub(f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/{api}/stages/{stage}"),
            web_acl_arn=self.web_acl.attr_arn,
        )
