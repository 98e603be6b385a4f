"""Customers' files (evidence, a power of attorney): a private, encrypted bucket the browser PUTs
into through presigned uploads, scanned for malware by GuardDuty. Orphan uploads expire by a lifecycle
rule; a filed file is deleted with its complaint's record (the table's TTL, then its stream handler),
never by its age.

Keys (backend/chalicelib/domain/attachments.py) hold random ids only: `pending/<owner>/<id>` until
the complaint is filed, then `complaints/<reference>/<id>`. GuardDuty scans every file that arrives
under `complaints/` and tags it with its verdict (`GuardDutyMalwareScanStatus`), and the backend
releases a file to handlers only once that tag says NO_THREATS_FOUND.
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
# What the backend does to objects (adapters/s3.py), prefix by prefix; tests/infra checks the two agree.
FUNCTION_OBJECT_ACTIONS = {
    # Presigned PUT (signed by the functions' role), HEAD and GET to check the file, the copy's
    # source (its tags are copied), delete. No s3:PutObjectTagging here: an upload carrying
    # `x-amz-tagging` needs it from the signer, so no one can upload a file with a forged verdict.
    PENDING: ("s3:PutObject", "s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"),
    # The copy's destination, the handlers' presigned GET, the scan verdict. The copy asks for the
    # source's tags (TaggingDirective COPY), which the destination needs s3:PutObjectTagging for.
    # Nothing here deletes a filed file: the stream handler does, with its own role (grant_forgetting).
    FILED: ("s3:PutObject", "s3:PutObjectTagging", "s3:GetObject", "s3:GetObjectTagging"),
}
# Only filed files are scanned: the backend reads verdicts there alone, and a file reaches
# complaints/ as a new object (a copy), which GuardDuty scans anyway. Scanning pending/ too would
# pay for every file twice.
SCANNED_PREFIXES = (FILED,)
SCANNER_SERVICE = "malware-protection-plan.guardduty.amazonaws.com"
SCANNER_RULE = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"  # the EventBridge rule GuardDuty manages
SCANNER_VALIDATION_OBJECT = "malware-protection-resource-validation-object"  # written once, at the plan's creation


class Attachments(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, name: str, site_origin: str) -> None:
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
                # No rule for complaints/: an age-based expiry would delete a held complaint's evidence.
                s3.LifecycleRule(id="orphan-uploads", prefix=PENDING, expiration=Duration.days(ORPHAN_DAYS)),
                s3.LifecycleRule(id="unfinished-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)),
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.malware_protection = self._scan_new_objects()

    @property
    def upload_source(self) -> str:
        """Where the browser PUTs files, as the site's CSP (connect-src) names it.

        The backend signs path-style URLs (chalicelib/settings.py: `addressing_style: path`), so
        uploads go to `https://s3.<region>.amazonaws.com/<bucket>/<key>`: the source is that
        endpoint and this bucket's path, not the whole endpoint (which would admit any bucket).
        """
        return f"https://s3.{Stack.of(self).region}.amazonaws.com/{self.bucket.bucket_name}/"

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
                resources=[self.bucket.arn_for_objects(SCANNER_VALIDATION_OBJECT)],
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
                    bucket_name=self.bucket.bucket_name, object_prefixes=list(SCANNED_PREFIXES)
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

    def grant_forgetting(self, grantee: iam.IGrantable) -> None:
        """The stream handler's: list a complaint's folder and delete its files, under complaints/ only.
        Deleting needs no key (nothing is decrypted)."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": f"{FILED}*"}},
            )
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:DeleteObject"], resources=[self.bucket.arn_for_objects(f"{FILED}*")])
        )

    def grant_file_access(self, grantee: iam.IGrantable) -> None:
        """What the backend's functions do to files, under the two prefixes only."""
        # Listing lets S3 answer 404 for an upload that never arrived (403 otherwise), which the
        # backend records as "missing"; keys hold random ids only.
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.bucket.bucket_arn])
        )
        for prefix, actions in FUNCTION_OBJECT_ACTIONS.items():
            grantee.grant_principal.add_to_principal_policy(
                iam.PolicyStatement(actions=list(actions), resources=[self.bucket.arn_for_objects(f"{prefix}*")])
            )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=[self.key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{Stack.of(self).region}.amazonaws.com"}},
            )
        )
