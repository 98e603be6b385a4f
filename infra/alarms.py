"""CloudWatch alarms, all to one SNS topic. RUNBOOK.md ("Alarms") says what each one means and what
to do; tests/infra checks that every alarm of the stack is described there.

Two alarms read the backend's own JSON log lines (chalicelib/log.py) through metric filters; the
event and field names below are the backend's, and tests/infra checks the backend still logs them.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

NAMESPACE = "ComplaintPortal"
PERIOD = Duration.minutes(5)
# The deadline monitor (hourly) counts complaints still waiting for their acknowledgement.
MONITOR_EVENT = "monitor_run"
PENDING_FIELD = "pending_acknowledgements"
MONITOR_PERIOD = Duration.hours(1)
# Each time the mail service refuses a message, the sender logs one of these and leaves the
# message to the scheduled retry (every 5 minutes).
DEFERRED_EVENTS = ("acknowledgement_deferred", "letter_deferred", "monitor_digest_deferred")
DEFERRED_PERIOD = Duration.minutes(15)


class Alarms(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, prefix: str, key: kms.IKey, email: str | None) -> None:
        super().__init__(scope, construct_id)
        self.prefix = prefix
        self.topic = sns.Topic(self, "Topic", topic_name=f"{prefix}-alarms", master_key=key, enforce_ssl=True)
        # The topic's own policy (HTTPS only) replaces SNS's default one: let CloudWatch publish.
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                actions=["sns:Publish"],
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            )
        )
        if email:
            self.topic.add_subscription(subscriptions.EmailSubscription(email))
        self._action = actions.SnsAction(self.topic)

    def add(
        self, name: str, metric: cloudwatch.IMetric, *, description: str, threshold: float = 1, periods: int = 1
    ) -> cloudwatch.Alarm:
        """An alarm named `<prefix>-<name>` that notifies on entering and on leaving ALARM."""
        alarm = cloudwatch.Alarm(
            self,
            name,
            alarm_name=f"{self.prefix}-{name}",
            alarm_description=f"{description} See infra/RUNBOOK.md, alarm {name}.",
            metric=metric,
            threshold=threshold,
            evaluation_periods=periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(self._action)
        alarm.add_ok_action(self._action)
        return alarm


def log_metric(
    scope: Construct,
    construct_id: str,
    *,
    log_groups: dict[str, logs.LogGroup],
    pattern: logs.IFilterPattern,
    metric_name: str,
    value: str = "1",
    statistic: str = "Sum",
    period: Duration = PERIOD,
) -> cloudwatch.Metric:
    """A metric counted from matching log lines of every function."""
    for logical_id, log_group in log_groups.items():
        logs.MetricFilter(
            scope,
            f"{logical_id}{construct_id}",
            log_group=log_group,
            filter_pattern=pattern,
            metric_namespace=NAMESPACE,
            metric_name=metric_name,
            metric_value=value,
        )
    return cloudwatch.Metric(namespace=NAMESPACE, metric_name=metric_name, statistic=statistic, period=period)


def pending_acknowledgements_pattern() -> logs.IFilterPattern:
    return logs.FilterPattern.string_value("$.event", "=", MONITOR_EVENT)


def deferred_mail_pattern() -> logs.IFilterPattern:
    return logs.FilterPattern.any(*(logs.FilterPattern.string_value("$.event", "=", e) for e in DEFERRED_EVENTS))


def lambda_metric(metric_name: str, function_name: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(
        namespace="AWS/Lambda",
        metric_name=metric_name,
        dimensions_map={"FunctionName": function_name},
        statistic="Sum",
        period=PERIOD,
    )
