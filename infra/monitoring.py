"""What the portal's alarms watch (RUNBOOK.md, "Alarms", says what each one means and what to do)."""

from __future__ import annotations

from aws_cdk import aws_sqs as sqs

from .alarms import (
    DEFERRED_PERIOD,
    MONITOR_PERIOD,
    PENDING_FIELD,
    Alarms,
    deferred_mail_pattern,
    lambda_metric,
    log_metric,
    pending_acknowledgements_pattern,
)
from .api import PublicApi
from .backend import Backend
from .mail import Mail


def watch_portal(
    alarms: Alarms, *, api: PublicApi, backend: Backend, mail: Mail, files_not_deleted: sqs.IQueue
) -> None:
    prefix = alarms.prefix
    alarms.add("api-5xx", api.metric_server_errors(), description="The API answered 5xx: a dependency is down.")
    alarms.add(
        "api-throttled",
        api.metric_gateway_throttled(),
        description="API Gateway refused requests over the stage's rate limit (429).",
    )
    for logical_id, function in backend.functions.items():
        alarms.add(
            f"{logical_id}-errors",
            lambda_metric("Errors", function.ref),
            description=f"The function {logical_id} failed (an exception or a timeout).",
        )
        alarms.add(
            f"{logical_id}-throttles",
            lambda_metric("Throttles", function.ref),
            description=f"Lambda refused to run {logical_id}: concurrency exhausted.",
        )
    # Unacknowledged at two hourly monitor runs in a row: pending for more than an hour.
    alarms.add(
        "acknowledgements-pending",
        log_metric(
            alarms,
            "PendingAcknowledgements",
            log_groups=backend.log_groups,
            pattern=pending_acknowledgements_pattern(),
            metric_name=f"{prefix}-{PENDING_FIELD}",
            value=f"$.{PENDING_FIELD}",
            statistic="Maximum",
            period=MONITOR_PERIOD,
        ),
        periods=2,
        description="Complaints have waited over an hour for their acknowledgement email.",
    )
    alarms.add(
        "mail-deferred",
        log_metric(
            alarms,
            "DeferredMail",
            log_groups=backend.log_groups,
            pattern=deferred_mail_pattern(),
            metric_name=f"{prefix}-mail-deferred",
            period=DEFERRED_PERIOD,
        ),
        threshold=3,  # one message failing three tries in a row (the retry runs every 5 minutes)
        description="SES refused emails to customers or handlers; they wait for the retry.",
    )
    alarms.add(
        "mail-feedback-waiting",
        mail.feedback_queue.metric_approximate_number_of_messages_visible(statistic="Maximum"),
        description="SES recorded a bounce, complaint, rejection or delay not yet looked at.",
    )
    alarms.add(
        "files-not-deleted",
        files_not_deleted.metric_approximate_number_of_messages_visible(statistic="Maximum"),
        description="An expired complaint's files could not be deleted after every retry: personal data kept.",
    )
