"""The errors API Gateway makes itself (throttling, too large, authorizer refusals, failures), in the
API's own error shape and with CORS headers for the site, so the form can read them."""

from __future__ import annotations

import json

from chalicelib import i18n, settings


def _error_template(code: str, **params: object) -> str:
    # The gateway cannot know the request's language: English, as CONTRACT.md section 2 says.
    # API Gateway substitutes $context variables only; JSON's \u escapes pass through intact.
    return json.dumps(i18n.request_error_body("en", code, **params))


def gateway_responses(site_origin: str) -> dict[str, dict[str, object]]:
    """By response type: each with the site's CORS headers; 429 and 413 keep their status codes."""
    cors = {
        "gatewayresponse.header.Access-Control-Allow-Origin": f"'{site_origin}'",
        "gatewayresponse.header.Access-Control-Expose-Headers": "'Retry-After'",
        "gatewayresponse.header.Vary": "'Origin'",
    }
    rejected = '{"errors":[{"field":null,"code":"rejected","message":$context.error.messageString}]}'

    def response(template: str, status: str | None = None, **headers: str) -> dict[str, object]:
        parameters = {**cors, **{f"gatewayresponse.header.{name}": f"'{value}'" for name, value in headers.items()}}
        body: dict[str, object] = {
            "responseParameters": parameters,
            "responseTemplates": {"application/json": template},
        }
        return {**body, "statusCode": status} if status else body

    return {
        "DEFAULT_4XX": response(rejected),
        "DEFAULT_5XX": response(_error_template("unavailable")),
        "THROTTLED": response(_error_template("unavailable"), "429", **{"Retry-After": "1"}),
        "REQUEST_TOO_LARGE": response(_error_template("too_large", max_kb=settings.MAX_BODY_BYTES // 1024), "413"),
    }
