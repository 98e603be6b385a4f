"""Customers' files (evidence, a power of attorney): a private, encrypted bucket the browser PUTs
into through presigned uploads, scanned for malware by GuardDuty, emptied by lifecycle rules.

Keys (backend/chalicelib/domain/attachments.py) hold random ids only: `pending/<owner>/<id>` until
the complaint is filed, then `complaints/<reference>/<id>`. GuardDuty tags every new object with
its verdict (`GuardDutyMalwareScanStatus`), and the backend releases a file to handlers only once
that tag says NO_THREATS_FOUND.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_guardduty as guardduty
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

PENDING, FILED = "pending/", "complaints/"
# An upload never attached to a filed complaint is an orphan after a day (its record's TTL too).
ORPHAN_DAYS = 1
# A file is kept as long as its complaint's record: `retention_years` after closing (firm.toml).
# S3 counts from the upload, so the rule adds the longest time a complaint stays open, referral
# included; design/storage.md explains the margin.
LONGEST_OPEN_YEARS = 2
# What the backend does to objects (adapters/s3.py): presigned PUT, HEAD/GET, copy with its tags
# from pending/ to complaints/, delete, and reading the scan verdict.
FUNCTION_OBJECT_ACTIONS = (
    "s3:PutObject",
    "s3:GetObject",
    "s3:DeleteObject",
    "s3:GetObjectTagging",
    "s3:PutObjectTagging",
)
SCANNER_SERVICE = "malware-protection-plan.guardduty.amazonaws.com"
SCANNER_RULE = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"  # the EventBridge rule GuardDuty manages


class Attachments(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, name: str, site_origin: str, retention_years: int
    ) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "Key",
            alias=f"alias/{name}",
            description=f"Encrypts {name}: files customers send with their complaints",
            enable_key_rotation=True,
            pending_window=Duration.days(30),
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.bucket = s3.Bucket(
            self,
            "Bucket",  # named by CloudFormation: bucket names are global
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,  # one KMS call per bucket key, not per object
            enforce_ssl=True,
            versioned=False,  # keys are never reused (If-None-Match: *): there is nothing to restore
            cors=[
                s3.CorsRule(
                    allowed_methods=[s3.HttpMethods.PUT],
                    allowed_origins=[site_origin],
                    allowed_headers=["Content-Type", "If-None-Match"],
                    max_age=3000,
                )
            ],
            lifecycle_rules=[
                s3.LifecycleRule(id="orphan-uploads", prefix=PENDING, expiration=Duration.days(ORPHAN_DAYS)),
                s3.LifecycleRule(
                    id="retention",
                    prefix=FILED,
                    expiration=Duration.days(365 * (retention_years + LONGEST_OPEN_YEARS)),
                ),
                s3.LifecycleRule(id="unfinished-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)),
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.malware_protection = self._scan_new_objects()

    @property
    def upload_origin(self) -> str:
        """Where the browser PUTs files: the bucket's regional endpoint (the site's CSP allows it)."""
        return f"https://{self.bucket.bucket_regional_domain_name}"

    def _scan_new_objects(self) -> guardduty.CfnMalwareProtectionPlan:
        """GuardDuty Malware Protection for S3, with the role its documentation asks for, on this bucket only."""
        stack = Stack.of(self)
        role = iam.Role(
            self,
            "ScannerRole",
            assumed_by=iam.ServicePrincipal(SCANNER_SERVICE),
            description="GuardDuty scans new attachments for malware and tags them with its verdict",
        )
        rule_arn = stack.format_arn(service="events", resource="rule", resource_name=SCANNER_RULE)
        managed = {"StringLike": {"events:ManagedBy": SCANNER_SERVICE}}
        statements = [
            iam.PolicyStatement(
                actions=["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"],
                resources=[rule_arn],
                conditions=managed,
            ),
            iam.PolicyStatement(actions=["events:DescribeRule", "events:ListTargetsByRule"], resources=[rule_arn]),
            iam.PolicyStatement(
                actions=["s3:PutBucketNotification", "s3:GetBucketNotification", "s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
            ),
            iam.PolicyStatement(
                actions=[
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:GetObjectTagging",
                    "s3:GetObjectVersionTagging",
                    "s3:PutObjectTagging",
                    "s3:PutObjectVersionTagging",
                ],
                resources=[self.bucket.arn_for_objects("*")],
            ),
            # GuardDuty checks its access by writing one object when the plan is created.
            iam.PolicyStatement(
                actions=["s3:PutObject"],
                resources=[self.bucket.arn_for_objects("malware-protection-resource-validation-object")],
            ),
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[self.key.key_arn],
                conditions={"StringLike": {"kms:ViaService": f"s3.{stack.region}.amazonaws.com"}},
            ),
        ]
        for statement in statements:
            role.add_to_policy(statement)
        plan = guardduty.CfnMalwareProtectionPlan(
            self,
            "MalwareProtection",
            role=role.role_arn,
            protected_resource=guardduty.CfnMalwareProtectionPlan.CFNProtectedResourceProperty(
                s3_bucket=guardduty.CfnMalwareProtectionPlan.S3BucketProperty(
                    bucket_name=self.bucket.bucket_name, object_prefixes=[PENDING, FILED]
                )
            ),
            actions=guardduty.CfnMalwareProtectionPlan.CFNActionsProperty(
                tagging=guardduty.CfnMalwareProtectionPlan.CFNTaggingProperty(status="ENABLED")
            ),
        )
        # The role's policy must exist before GuardDuty checks its access (the role itself is a GetAtt).
        policy = role.node.find_child("DefaultPolicy").node.default_child
        if not isinstance(policy, iam.CfnPolicy):
            raise TypeError("the scanner role has no policy of its own")
        plan.add_dependency(policy)
        return plan

    def grant_file_access(self, grantee: iam.IGrantable) -> None:
        """What the backend's functions do to files, under the two prefixes only."""
        # Listing lets S3 answer 404 for an upload that never arrived (403 otherwise), which the
        # backend records as "missing"; keys hold random ids only.
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.bucket.bucket_arn])
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(FUNCTION_OBJECT_ACTIONS),
                resources=[self.bucket.arn_for_objects(f"{PENDING}*"), self.bucket.arn_for_objects(f"{FILED}*")],
            )
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=[self.key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{Stack.of(self).region}.amazonaws.com"}},
            )
        )
