"""Customers' files: a private, encrypted bucket the browser may only PUT into from the site, scanned
by GuardDuty, expiring with its lifecycle rules; the functions reach its two prefixes and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from chalicelib.firm_config import load_firm

from infra.attachments import FUNCTION_OBJECT_ACTIONS, LONGEST_OPEN_YEARS, SCANNER_SERVICE
from infra.stages import Stage
from tests.infra.cfn import only, ref, render, resources
from tests.infra.test_permissions import function_role_statements


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


def test_the_browser_may_only_put_files_and_only_from_the_site(bucket: tuple[str, Any], stage: Stage) -> None:
    _, properties = bucket
    (rule,) = properties["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedMethods"] == ["PUT"]
    assert rule["AllowedOrigins"] == [stage.site_origin]
    assert set(rule["AllowedHeaders"]) == {"Content-Type", "If-None-Match"}  # what the presigned PUT signs


def test_orphan_uploads_go_after_a_day_and_filed_files_after_the_retention(bucket: tuple[str, Any]) -> None:
    _, properties = bucket
    rules = {rule["Id"]: rule for rule in properties["LifecycleConfiguration"]["Rules"]}
    assert rules["orphan-uploads"]["Prefix"] == "pending/" and rules["orphan-uploads"]["ExpirationInDays"] == 1
    retention = load_firm().retention_years
    assert rules["retention"]["Prefix"] == "complaints/"
    assert rules["retention"]["ExpirationInDays"] == 365 * (retention + LONGEST_OPEN_YEARS)
    assert rules["unfinished-uploads"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    assert {rule["Status"] for rule in rules.values()} == {"Enabled"}


def test_guardduty_scans_every_new_file_and_tags_its_verdict(
    template_json: dict[str, Any], bucket: tuple[str, Any]
) -> None:
    name, _ = bucket
    _, plan = only(template_json, "AWS::GuardDuty::MalwareProtectionPlan")
    properties = render(plan["Properties"])
    assert properties["ProtectedResource"]["S3Bucket"]["BucketName"] == ref(name)
    assert set(properties["ProtectedResource"]["S3Bucket"]["ObjectPrefixes"]) == {"pending/", "complaints/"}
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


def test_the_functions_reach_the_two_prefixes_with_the_calls_the_backend_makes(
    template_json: dict[str, Any], bucket: tuple[str, Any]
) -> None:
    name, _ = bucket
    statements = [s for s in function_role_statements(template_json) if "s3:" in str(s["Action"])]
    objects = [s for s in statements if s["Action"] != "s3:ListBucket"]
    (grant,) = objects
    assert set(grant["Action"]) == set(FUNCTION_OBJECT_ACTIONS)
    assert sorted(grant["Resource"]) == sorted([f"<{name}.Arn>/complaints/*", f"<{name}.Arn>/pending/*"])
    (listing,) = [s for s in statements if s["Action"] == "s3:ListBucket"]
    assert listing["Resource"] == f"<{name}.Arn>"
    (key_use,) = [s for s in function_role_statements(template_json) if "s3." in str(s.get("Condition"))]
    assert key_use["Resource"].startswith("<AttachmentsKey")


def test_the_functions_are_told_the_bucket(template_json: dict[str, Any], bucket: tuple[str, Any]) -> None:
    name, _ = bucket
    for function in resources(template_json, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["ATTACHMENTS_BUCKET"] == {"Ref": name}
