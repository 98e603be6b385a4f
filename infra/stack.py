"""One stage of the portal (staging or prod): the same definition, the stage's settings."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, Environment, Stack, Tags
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from .alarms import Alarms
from .api import PublicApi
from .attachments import Attachments
from .backend import build_backend, forget_files_on_expiry
from .mail import Mail
from .monitoring import watch_portal
from .site import Site
from .staff import StaffDirectory
from .stages import Stage
from .table import ComplaintsTable


class PortalStack(Stack):
    def __init__(self, scope: Construct, stage: Stage, *, workdir: Path) -> None:
        super().__init__(
            scope,
            stage.stack_name,
            env=Environment(region=stage.region),  # the account is the deploying role's
            description=f"Complaint portal, {stage.name}: site, API, functions, table, mail, alarms",
            termination_protection=True,
        )
        Tags.of(self).add("project", "complaint-portal")
        Tags.of(self).add("stage", stage.name)

        table = ComplaintsTable(self, "Complaints", table_name=stage.stack_name)
        operations_key = self._operations_key(stage)
        mail = Mail(
            self,
            "Mail",
            domain=stage.sender_domain,
            configuration_set_name=stage.stack_name,
            key=operations_key,
        )
        # The handlers' console signs in through the pool's hosted pages (design/console.md).
        staff = StaffDirectory(self, "Staff", pool_name=stage.resource_name("staff"), site_origin=stage.site_origin)
        attachments = Attachments(
            self,
            "Attachments",
            name=stage.resource_name("attachments"),
            site_origin=stage.site_origin,
        )
        backend = build_backend(
            self,
            cors_origin=stage.site_origin,
            role_name=stage.resource_name("functions"),
            workdir=workdir,
            environment={
                "TABLE_NAME": table.table.table_name,
                "SENDER_EMAIL": stage.sender_email,
                "SES_CONFIGURATION_SET": mail.configuration_set.configuration_set_name,
                "CORS_ORIGIN": stage.site_origin,
                "SITE_URL": stage.site_origin,
                "POLICY_PROFILE": stage.policy_profile,
                "SUBMISSIONS_PER_HOUR": str(stage.submissions_per_hour),
                "SUBMISSIONS_PER_ADDRESS_PER_DAY": str(stage.submissions_per_address_per_day),
                "HANDLERS_EMAIL": stage.handlers_email,
                "STAFF_JWKS_URL": staff.jwks_url,
                "STAFF_ISSUER": staff.issuer,
                "STAFF_AUDIENCE": staff.audience,
                "STAFF_ACCOUNT_CHECK": "cognito",  # a disabled or signed-out account is refused at once
                "ATTACHMENTS_BUCKET": attachments.bucket.bucket_name,
            },
        )
        table.grant_data_access(backend.role)
        mail.grant_send(backend.role, stage.sender_email)  # customers' letters and the handlers' digests
        attachments.grant_file_access(backend.role)
        # A complaint's files go when TTL deletes its record (a legal hold keeps both): design/storage.md.
        if table.table.table_stream_arn is None:
            raise ValueError("the complaints table has no stream")
        files_not_deleted = forget_files_on_expiry(self, backend, stream_arn=table.table.table_stream_arn)
        table.grant_expiry_reading(backend.forgetter_role)
        attachments.grant_forgetting(backend.forgetter_role)
        api = PublicApi(
            self,
            "Api",
            backend=backend,
            api_name=stage.stack_name,
            site_origin=stage.site_origin,
            throttle_rate=stage.throttle_rate,
            throttle_burst=stage.throttle_burst,
        )
        site = Site(
            self,
            "Site",
            domain=stage.site_domain,
            certificate_arn=stage.certificate_arn,
            api_origin=api.origin,
            upload_origin=attachments.upload_source,
            sign_in_origin=staff.sign_in_domain_url,
            headers_policy_name=stage.resource_name("site-headers"),
        )

        alarms = Alarms(self, "Alarms", prefix=stage.stack_name, key=operations_key, email=stage.alarm_email)
        watch_portal(alarms, api=api, backend=backend, mail=mail, files_not_deleted=files_not_deleted)

        outputs = {
            "SiteUrl": stage.site_origin,
            "SiteBucketName": site.bucket.bucket_name,
            "DistributionId": site.distribution.distribution_id,
            "DistributionDomainName": site.distribution.distribution_domain_name,
            "ApiUrl": api.url,
            "TableName": table.table.table_name,
            "AttachmentsBucketName": attachments.bucket.bucket_name,
            "StaffUserPoolId": staff.pool.user_pool_id,
            "StaffClientId": staff.audience,
            "AlarmTopicArn": alarms.topic.topic_arn,
            "MailFeedbackQueueUrl": mail.feedback_queue.queue_url,
            "FilesNotDeletedQueueUrl": files_not_deleted.queue_url,
        }
        for name, value in outputs.items():
            CfnOutput(self, name, value=value)
        for number, (name, value) in enumerate(mail.dkim_records, start=1):
            CfnOutput(self, f"DkimRecord{number}", value=f"{name} CNAME {value}")

    def _operations_key(self, stage: Stage) -> kms.Key:
        """Encrypts the alarm and mail-feedback topics and the feedback queue."""
        key = kms.Key(
            self,
            "OperationsKey",
            alias=f"alias/{stage.resource_name('operations')}",
            description="Encrypts the portal's alarm and mail-feedback messages",
            enable_key_rotation=True,
        )
        # CloudWatch (alarms) and SES (feedback) publish to the encrypted topics.
        for service in ("cloudwatch.amazonaws.com", "ses.amazonaws.com"):
            key.add_to_resource_policy(
                iam.PolicyStatement(
                    actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                    principals=[iam.ServicePrincipal(service)],
                    resources=["*"],  # in a key policy, "*" is this key
                    conditions={"StringEquals": {"aws:SourceAccount": self.account}},
                )
            )
        return key
