"""The site: a private, encrypted, versioned bucket read only by CloudFront, served over HTTPS with the
security headers of devstack/site_headers.py."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from devstack.site_headers import security_headers
from infra.site import DIRECTORY_INDEX_CODE, response_headers_behaviour
from infra.stages import Stage
from tests.infra.cfn import only, ref, render, resources


def site_bucket(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The site's bucket (the stack has another, for attachments: tests/infra/test_attachments.py)."""
    (found,) = [item for item in resources(template, "AWS::S3::Bucket").items() if item[0].startswith("SiteBucket")]
    return found


def upload_source(template: dict[str, Any], stage: Stage) -> str:
    """The attachments bucket's path on the regional endpoint: the backend signs path-style uploads
    (tests/infra/test_attachments.py checks a URL it really signs against this)."""
    (bucket_id,) = [name for name in resources(template, "AWS::S3::Bucket") if name.startswith("AttachmentsBucket")]
    return f"https://s3.{stage.region}.amazonaws.com/<{bucket_id}>/"


@pytest.fixture
def distribution(template_json: dict[str, Any]) -> dict[str, Any]:
    _, resource = only(template_json, "AWS::CloudFront::Distribution")
    return dict(resource["Properties"]["DistributionConfig"])


@pytest.fixture
def headers_policy(template_json: dict[str, Any]) -> dict[str, Any]:
    _, resource = only(template_json, "AWS::CloudFront::ResponseHeadersPolicy")
    return dict(render(resource["Properties"]["ResponseHeadersPolicyConfig"]))


def test_the_bucket_blocks_every_form_of_public_access(template_json: dict[str, Any]) -> None:
    """No ACL or bucket policy can ever make the site's objects public."""
    _, bucket = site_bucket(template_json)
    assert bucket["Properties"]["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["Properties"]["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}


def test_the_bucket_is_encrypted_versioned_and_not_a_website(template_json: dict[str, Any]) -> None:
    """Objects are encrypted at rest, earlier builds stay restorable, and S3 serves no website of its own."""
    _, bucket = site_bucket(template_json)
    properties = bucket["Properties"]
    (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert "WebsiteConfiguration" not in properties


def test_only_this_distribution_may_read_the_bucket_and_only_over_tls(template_json: dict[str, Any]) -> None:
    """The bucket policy allows CloudFront reads on behalf of this distribution (origin access control) and
    denies every request without TLS."""
    distribution_id, _ = only(template_json, "AWS::CloudFront::Distribution")
    bucket_id, _ = site_bucket(template_json)
    (policy,) = [
        policy
        for policy in resources(template_json, "AWS::S3::BucketPolicy").values()
        if policy["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    this_distribution = f"arn:aws:cloudfront::123456789012:distribution/{ref(distribution_id)}"
    statements = render(policy["Properties"]["PolicyDocument"]["Statement"])
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert allows == [
        {
            "Action": "s3:GetObject",
            "Condition": {"StringEquals": {"AWS:SourceArn": this_distribution}},
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Resource": f"<{bucket_id}.Arn>/*",
        }
    ]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements
    )


def test_cloudfront_reaches_the_bucket_through_origin_access_control(
    template_json: dict[str, Any], distribution: dict[str, Any]
) -> None:
    """The S3 origin signs its requests (SigV4, always) and uses no legacy origin access identity."""
    control_id, control = only(template_json, "AWS::CloudFront::OriginAccessControl")
    assert control["Properties"]["OriginAccessControlConfig"] == {
        "Name": control["Properties"]["OriginAccessControlConfig"]["Name"],
        "OriginAccessControlOriginType": "s3",
        "SigningBehavior": "always",
        "SigningProtocol": "sigv4",
    }
    (origin,) = distribution["Origins"]
    assert render(origin["OriginAccessControlId"]) == f"<{control_id}.Id>"
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}


def test_the_site_is_served_only_over_modern_https_on_its_domain(distribution: dict[str, Any], stage: Stage) -> None:
    """The stage's domain with its certificate, TLS 1.2 at least, and plain HTTP only ever redirected."""
    assert distribution["Aliases"] == [stage.site_domain]
    assert distribution["ViewerCertificate"] == {
        "AcmCertificateArn": stage.certificate_arn,
        "MinimumProtocolVersion": "TLSv1.2_2021",
        "SslSupportMethod": "sni-only",
    }
    behaviours = [distribution["DefaultCacheBehavior"], *distribution.get("CacheBehaviors", [])]
    assert {b["ViewerProtocolPolicy"] for b in behaviours} == {"redirect-to-https"}


def test_every_response_carries_the_security_headers_policy(
    template_json: dict[str, Any], distribution: dict[str, Any]
) -> None:
    """Pages, assets and error pages all pass through the one response headers policy."""
    policy_id, _ = only(template_json, "AWS::CloudFront::ResponseHeadersPolicy")
    behaviours = [distribution["DefaultCacheBehavior"], *distribution.get("CacheBehaviors", [])]
    assert {render(b["ResponseHeadersPolicyId"]) for b in behaviours} == {ref(policy_id)}


def _served_headers(policy: dict[str, Any]) -> dict[str, str]:
    """The headers a response headers policy sends, as name: value."""
    security = policy["SecurityHeadersConfig"]
    headers = {
        "Content-Security-Policy": security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }
    if "ContentTypeOptions" in security:
        headers["X-Content-Type-Options"] = "nosniff"
    headers.update({item["Header"]: item["Value"] for item in policy["CustomHeadersConfig"]["Items"]})
    return headers


def api_origin(stage: Stage) -> str:
    return f"https://<RestAPI>.execute-api.{stage.region}.amazonaws.com"


def sign_in_origin(template_json: dict[str, Any], stage: Stage) -> str:
    """The staff pool's hosted sign-in, where the console exchanges its code for tokens."""
    domain_id, _ = only(template_json, "AWS::Cognito::UserPoolDomain")
    return f"https://<{domain_id}>.auth.{stage.region}.amazoncognito.com"


def test_cloudfront_sends_exactly_the_headers_the_local_site_sends(
    headers_policy: dict[str, Any], template_json: dict[str, Any], stage: Stage
) -> None:
    """devstack/site_headers.py, with this stage's API, upload and sign-in origins, is what CloudFront serves:
    no more, no less."""
    assert _served_headers(headers_policy) == security_headers(
        api_origin(stage), upload_source(template_json, stage), sign_in_origin(template_json, stage)
    )
    overrides = [v["Override"] for v in headers_policy["SecurityHeadersConfig"].values()]
    overrides += [item["Override"] for item in headers_policy["CustomHeadersConfig"]["Items"]]
    assert all(overrides)


def test_the_content_security_policy_is_strict_enough_for_the_form(
    headers_policy: dict[str, Any], template_json: dict[str, Any], stage: Stage
) -> None:
    """No inline or eval'd script, no framing, and the form may call this stage's API and upload files to its
    attachments bucket, and the console the staff pool's sign-in, and nothing else."""
    policy = headers_policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["connect-src"] == [
        "'self'",
        api_origin(stage),
        upload_source(template_json, stage),
        sign_in_origin(template_json, stage),
    ]


def test_browsers_are_told_to_use_https_for_two_years(headers_policy: dict[str, Any]) -> None:
    """HSTS for two years including subdomains; preloading is left to the domain's owner."""
    assert headers_policy["SecurityHeadersConfig"]["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": 2 * 365 * 24 * 3600,
        "IncludeSubdomains": True,
        "Override": True,
        "Preload": False,
    }


def test_missing_pages_get_the_sites_own_404_page(distribution: dict[str, Any]) -> None:
    """S3 answers 403 for a missing object behind origin access control: both become the 404 page."""
    responses = {
        r["ErrorCode"]: (r["ResponseCode"], r["ResponsePagePath"]) for r in distribution["CustomErrorResponses"]
    }
    assert responses == {403: (404, "/404.html"), 404: (404, "/404.html")}


def test_the_directory_index_function_runs_on_every_viewer_request(
    template_json: dict[str, Any], distribution: dict[str, Any]
) -> None:
    """The CloudFront function deployed is infra/directory_index.js, on the JavaScript 2.0 runtime."""
    function_id, function = only(template_json, "AWS::CloudFront::Function")
    assert function["Properties"]["FunctionCode"] == DIRECTORY_INDEX_CODE.read_text()
    assert function["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    (association,) = distribution["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert render(association["FunctionARN"]) == f"<{function_id}.FunctionARN>"


def run_directory_index(uri: str, querystring: dict[str, Any] | None = None) -> dict[str, Any]:
    """The function's answer to a viewer request, run by Node as CloudFront would run it."""
    event = {"request": {"method": "GET", "uri": uri, "querystring": querystring or {}, "headers": {}}}
    script = f"{DIRECTORY_INDEX_CODE.read_text()}\nprocess.stdout.write(JSON.stringify(handler({json.dumps(event)})));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=30)
    return dict(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("uri", "served"),
    [("/", "/index.html"), ("/fr/track/", "/fr/track/index.html"), ("/assets/form.js", "/assets/form.js")],
)
def test_directory_urls_are_served_from_their_index_page(uri: str, served: str) -> None:
    """MkDocs' /fr/track/ is the object fr/track/index.html; files are served as they are."""
    assert run_directory_index(uri)["uri"] == served


def test_a_directory_without_its_slash_is_redirected_with_its_query() -> None:
    """/track?ref=…&token=… becomes /track/?ref=…&token=…, so the page's relative links resolve."""
    answer = run_directory_index("/track", {"ref": {"value": "CMP-7KQ4"}, "token": {"value": "abc"}})
    assert answer["statusCode"] == 301
    assert answer["headers"]["location"]["value"] == "/track/?ref=CMP-7KQ4&token=abc"


def test_the_console_may_call_the_staff_sign_in_and_only_when_named() -> None:
    """The console exchanges its code at the pool's hosted domain: connect-src names it, CloudFront
    sends exactly that policy, and without it the policy is as before."""
    sign_in = "https://complaint-portal-prod-staff.auth.eu-west-1.amazoncognito.com"
    policy = security_headers("https://api.example", "https://s3.example/", sign_in)["Content-Security-Policy"]
    assert f"connect-src 'self' https://api.example https://s3.example/ {sign_in};" in policy
    plain = security_headers("https://api.example", "https://s3.example/")["Content-Security-Policy"]
    assert plain == policy.replace(f" {sign_in}", "")
    behaviour = response_headers_behaviour("https://api.example", "https://s3.example/", sign_in)
    assert behaviour["security_headers_behavior"].content_security_policy.content_security_policy == policy
