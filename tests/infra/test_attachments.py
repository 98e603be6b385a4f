"""Customers' files: a private, encrypted bucket the browser may only PUT into from the site, scanned
by GuardDuty; orphan uploads expire by a lifecycle rule, filed files only with their complaint's record
(the stream handler); the functions reach its two prefixes and nothing else."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from chalicelib import settings

from infra.attachments import SCANNER_SERVICE
from infra.stages import Stage
from tests.conftest import BACKEND
from tests.infra.cfn import only, ref, render, resources
from tests.infra.test_permissions import forgetter_statements, function_role_statements

# The boto3 calls of chalicelib/adapters/s3.py (presigned ones included) and the IAM actions each needs.
S3_CALL_ACTIONS = {
    "put_object": {"s3:PutObject"},  # the presigned upload
    "get_object": {"s3:GetObject"},  # reading a pending file; the handlers' presigned download
    "head_object": {"s3:GetObject"},
    # Source: read it and its tags (TaggingDirective COPY); destination: write it with those tags.
    "copy_object": {"s3:GetObject", "s3:GetObjectTagging", "s3:PutObject", "s3:PutObjectTagging"},
    "delete_object": {"s3:DeleteObject"},
    "get_object_tagging": {"s3:GetObjectTagging"},
    "list_objects_v2": {"s3:ListBucket"},  # a complaint's folder, when its record expired
}
# Prefix by prefix: uploads arrive, are checked and leave pending/; filed files are only copied in,
# read and have their verdict read; only the stream handler's own role deletes them (test_file_expiry.py),
# and no upload may carry tags (a forged verdict).
EXPECTED_OBJECT_ACTIONS = {
    "pending/*": {"s3:PutObject", "s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"},
    "complaints/*": {"s3:PutObject", "s3:PutObjectTagging", "s3:GetObject", "s3:GetObjectTagging"},
}


@pytest.fixture
def bucket(template_json: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (found,) = [
        (name, resource["Properties"])
        for name, resource in resources(template_json, "AWS::S3::Bucket").items()
        if name.startswith("AttachmentsBucket")
    ]
    return found


def test_the_bucket_is_private_and_encrypted_with_its_own_key(bucket: tuple[str, dict[str, Any]]) -> None:
    _, properties = bucket
    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert properties["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert render(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]).startswith("<AttachmentsKey")
    assert rule["BucketKeyEnabled"] is True
    assert "WebsiteConfiguration" not in properties


def test_the_bucket_and_its_key_outlive_the_stack(template_json: dict[str, Any], bucket: tuple[str, Any]) -> None:
    name, _ = bucket
    assert template_json["Resources"][name]["DeletionPolicy"] == "Retain"
    keys = [k for n, k in resources(template_json, "AWS::KMS::Key").items() if n.startswith("AttachmentsKey")]
    assert [key["DeletionPolicy"] for key in keys] == ["Retain"]
    assert keys[0]["Properties"]["EnableKeyRotation"] is True


def test_requests_without_tls_are_denied(template_json: dict[str, Any], bucket: tuple[str, Any]) -> None:
    name, _ = bucket
    (policy,) = [
        p
        for p in resources(template_json, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": name}
    ]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements
    )
    assert [s for s in statements if s["Effect"] == "Allow"] == []  # nobody is let in by the bucket itself


def test_the_browser_may_only_put_files_and_only_from_the_site(
    bucket: tuple[str, Any], stage: Stage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One CORS rule: PUT, from the stage's site, with exactly the headers the backend's presigned upload
    signs (besides Host and Content-Length, which the browser sets)."""
    _, properties = bucket
    (rule,) = properties["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedMethods"] == ["PUT"]
    assert rule["AllowedOrigins"] == [stage.site_origin]
    query = parse_qs(urlsplit(_signed_upload_url("example-bucket", stage.region, monkeypatch)).query)
    (signed_headers,) = query["X-Amz-SignedHeaders"]
    # Host and Content-Length are set by the browser itself (forbidden to scripts): never preflighted.
    assert {header.lower() for header in rule["AllowedHeaders"]} == set(signed_headers.split(";")) - {
        "host",
        "content-length",
    }
    assert "ExposedHeaders" not in rule


def test_orphan_uploads_go_after_a_day_and_no_rule_expires_filed_files_by_age(bucket: tuple[str, Any]) -> None:
    """A filed file goes with its complaint's record (the stream handler), never by its age: a legal hold
    or a complaint open for years keeps its evidence."""
    _, properties = bucket
    rules = {rule["Id"]: rule for rule in properties["LifecycleConfiguration"]["Rules"]}
    assert set(rules) == {"orphan-uploads", "unfinished-uploads"}
    assert rules["orphan-uploads"]["Prefix"] == "pending/" and rules["orphan-uploads"]["ExpirationInDays"] == 1
    assert rules["unfinished-uploads"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    assert "Prefix" not in rules["unfinished-uploads"]  # wherever an upload was left unfinished
    assert "ExpirationInDays" not in rules["unfinished-uploads"]
    assert {rule["Status"] for rule in rules.values()} == {"Enabled"}


def test_guardduty_scans_every_new_file_and_tags_its_verdict(
    template_json: dict[str, Any], bucket: tuple[str, Any]
) -> None:
    name, _ = bucket
    _, plan = only(template_json, "AWS::GuardDuty::MalwareProtectionPlan")
    properties = render(plan["Properties"])
    assert properties["ProtectedResource"]["S3Bucket"]["BucketName"] == ref(name)
    # Filed files only: verdicts are read there alone, and the move into complaints/ is a new object, scanned.
    assert properties["ProtectedResource"]["S3Bucket"]["ObjectPrefixes"] == ["complaints/"]
    assert properties["Actions"] == {"Tagging": {"Status": "ENABLED"}}  # the backend reads the tag
    role_id = properties["Role"].removeprefix("<").removesuffix(".Arn>")
    role = template_json["Resources"][role_id]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": SCANNER_SERVICE}


def test_the_scanner_may_touch_this_bucket_and_key_only(template_json: dict[str, Any], bucket: tuple[str, Any]) -> None:
    name, _ = bucket
    (policy,) = [
        render(p["Properties"]["PolicyDocument"]["Statement"])
        for n, p in resources(template_json, "AWS::IAM::Policy").items()
        if n.startswith("AttachmentsScannerRole")
    ]
    for statement in policy:
        resources_ = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for resource in resources_:
            assert resource.startswith((f"<{name}.Arn>", "<AttachmentsKey", "arn:aws:events:")), statement
            assert "*" not in resource or resource.endswith(("/*", "ProtectionS3*")), statement


def s3_calls_of_the_adapter() -> set[str]:
    """The S3 operations chalicelib/adapters/s3.py names: `_call("head_object", ...)`,
    `generate_presigned_url("put_object", ...)`, `getattr(self.client, operation)` aside."""
    tree = ast.parse((BACKEND / "chalicelib" / "adapters" / "s3.py").read_text())
    return {
        str(node.args[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("_call", "generate_presigned_url")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def _object_grants(template_json: dict[str, Any], bucket_name: str) -> dict[str, set[str]]:
    """The functions' object-level S3 grants, by key pattern under this bucket."""
    grants: dict[str, set[str]] = {}
    for statement in function_role_statements(template_json):
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if not any(action.startswith("s3:") for action in actions) or actions == ["s3:ListBucket"]:
            continue
        assert statement["Effect"] == "Allow" and "Condition" not in statement
        for resource in statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]:
            prefix = f"<{bucket_name}.Arn>/"
            assert resource.startswith(prefix), resource  # this bucket's objects, nothing else
            grants.setdefault(resource.removeprefix(prefix), set()).update(actions)
    return grants


def test_the_functions_may_do_what_the_adapter_does_and_nothing_more(
    template_json: dict[str, Any], bucket: tuple[str, Any]
) -> None:
    """Every S3 call of the adapter has its actions granted to one of the two roles (the functions' or the
    stream handler's), and no action is granted that no call needs."""
    calls = s3_calls_of_the_adapter()
    assert calls == set(S3_CALL_ACTIONS), "adapters/s3.py calls S3 differently: update S3_CALL_ACTIONS and the grant"
    needed = set().union(*(S3_CALL_ACTIONS[call] for call in calls))
    statements = function_role_statements(template_json) + forgetter_statements(template_json)
    granted = {
        action
        for statement in statements
        for action in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
        if action.startswith("s3:")
    }
    assert granted == needed


def test_the_functions_reach_each_prefix_with_its_own_calls_only(
    template_json: dict[str, Any], bucket: tuple[str, Any]
) -> None:
    """Uploads under pending/ only; no tags on uploads (a forged verdict); no deleting filed files; listing
    (so a missing upload is a 404, not a 403) on this bucket alone; no wildcard action."""
    name, _ = bucket
    assert _object_grants(template_json, name) == EXPECTED_OBJECT_ACTIONS
    statements = [s for s in function_role_statements(template_json) if "s3:" in str(s["Action"])]
    assert not any(
        action.endswith("*")
        for s in statements
        for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    )
    (listing,) = [s for s in statements if s["Action"] == "s3:ListBucket"]
    assert listing["Resource"] == f"<{name}.Arn>"


def test_the_functions_use_the_bucket_key_only_through_s3(template_json: dict[str, Any], stage: Stage) -> None:
    (key_use,) = [s for s in function_role_statements(template_json) if "s3." in str(s.get("Condition"))]
    assert key_use["Resource"].startswith("<AttachmentsKey")
    assert set(key_use["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey"}
    assert key_use["Condition"] == {"StringEquals": {"kms:ViaService": f"s3.{stage.region}.amazonaws.com"}}


def _connect_sources(template_json: dict[str, Any]) -> list[str]:
    _, policy = only(template_json, "AWS::CloudFront::ResponseHeadersPolicy")
    config = render(policy["Properties"]["ResponseHeadersPolicyConfig"])
    csp = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    (connect,) = [d.split()[1:] for d in csp.split("; ") if d.startswith("connect-src ")]
    return list(connect)


def _signed_upload_url(bucket_name: str, region: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A presigned upload as the backend makes it in AWS (chalicelib.settings.files()): signing is local."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE00",
        "AWS_SECRET_ACCESS_KEY": "example",
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "ATTACHMENTS_BUCKET": bucket_name,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    settings.reset()
    try:
        return settings.files().upload_url("pending/owner/upload", "application/pdf", 2048, datetime.now(UTC)).url
    finally:
        settings.reset()


def test_the_site_lets_the_browser_put_exactly_where_the_backend_signs_uploads(
    template_json: dict[str, Any], bucket: tuple[str, Any], stage: Stage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSP's connect-src names this bucket on its regional endpoint, and a URL the backend really signs
    falls under it (a CSP source with a path ending in / matches the URLs below it)."""
    name, _ = bucket
    upload_sources = [source for source in _connect_sources(template_json) if ref(name) in source]
    assert upload_sources == [f"https://s3.{stage.region}.amazonaws.com/{ref(name)}/"]
    bucket_name = "complaints-example-attachmentsbucket-0123456789ab"  # what CloudFormation names it
    source = upload_sources[0].replace(ref(name), bucket_name)
    url = _signed_upload_url(bucket_name, stage.region, monkeypatch)
    signed, allowed = urlsplit(url), urlsplit(source)
    assert (signed.scheme, signed.netloc) == (allowed.scheme, allowed.netloc)
    assert allowed.path.endswith("/") and signed.path.startswith(allowed.path)


def test_the_functions_are_told_the_bucket(template_json: dict[str, Any], bucket: tuple[str, Any]) -> None:
    name, _ = bucket
    for function in resources(template_json, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["ATTACHMENTS_BUCKET"] == {"Ref": name}
