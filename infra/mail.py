"""Outgoing mail: the SES domain identity (DKIM), and a configuration set that records every bounce
and complaint in a queue, so a customer whose acknowledgement never arrived can be reached another way
(RTS 2025/294 Art 4: the acknowledgement must reach the complainant)."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

RECORDED_EVENTS = (
    ses.EmailSendingEvent.BOUNCE,
    ses.EmailSendingEvent.COMPLAINT,
    ses.EmailSendingEvent.REJECT,
    ses.EmailSendingEvent.DELIVERY_DELAY,
)


class Mail(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, domain: str, configuration_set_name: str, key: kms.IKey
    ) -> None:
        super().__init__(scope, construct_id)
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            configuration_set_name=configuration_set_name,
            reputation_metrics=True,
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
        )
        self.feedback_topic = sns.Topic(self, "FeedbackTopic", master_key=key, enforce_ssl=True)
        # Bounce and complaint notices name the customer: kept encrypted, 14 days (SQS's longest), for triage.
        self.feedback_queue = sqs.Queue(
            self,
            "FeedbackQueue",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=key,
            retention_period=Duration.days(14),
            enforce_ssl=True,
        )
        self.feedback_topic.add_subscription(
            subscriptions.SqsSubscription(self.feedback_queue, raw_message_delivery=True)
        )
        self.configuration_set.add_event_destination(
            "Feedback",
            destination=ses.EventDestination.sns_topic(self.feedback_topic),
            events=list(RECORDED_EVENTS),
        )
        self.identity = ses.EmailIdentity(
            self,
            "Identity",
            identity=ses.Identity.domain(domain),
            configuration_set=self.configuration_set,
            dkim_identity=ses.DkimIdentity.easy_dkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
            dkim_signing=True,
            feedback_forwarding=True,
        )

    @property
    def dkim_records(self) -> list[tuple[str, str]]:
        """The three CNAME records (name, value) to publish in the domain's DNS for Easy DKIM."""
        identity = self.identity
        return [
            (identity.dkim_dns_token_name1, identity.dkim_dns_token_value1),
            (identity.dkim_dns_token_name2, identity.dkim_dns_token_value2),
            (identity.dkim_dns_token_name3, identity.dkim_dns_token_value3),
        ]

    @property
    def configuration_set_arn(self) -> str:
        return Stack.of(self).format_arn(
            service="ses", resource="configuration-set", resource_name=self.configuration_set.configuration_set_name
        )

    def grant_send(self, grantee: iam.IGrantable, sender: str) -> None:
        """Send from this one address, through this identity and configuration set, and nothing else."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail"],
                resources=[self.identity.email_identity_arn, self.configuration_set_arn],
                conditions={"StringEquals": {"ses:FromAddress": sender}},
            )
        )
