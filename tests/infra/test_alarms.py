"""Alarms: API 5xx, throttling, function errors, acknowledgements pending too long, mail trouble; each one
notifies the stage's encrypted SNS topic, and each reads a signal that really exists."""

from __future__ import annotations

import ast
import json
import logging
import re
from typing import Any

import pytest
from chalicelib.log import log_event

from infra.alarms import DEFERRED_EVENTS, MONITOR_EVENT, PENDING_FIELD
from infra.stages import Stage
from tests.conftest import BACKEND
from tests.infra.cfn import only, ref, render, resources


@pytest.fixture
def alarms(template_json: dict[str, Any], stage: Stage) -> dict[str, dict[str, Any]]:
    """The stage's alarms by short name (the alarm name without `complaints-<stage>-`)."""
    found = resources(template_json, "AWS::CloudWatch::Alarm").values()
    return {a["Properties"]["AlarmName"].removeprefix(f"{stage.stack_name}-"): a["Properties"] for a in found}


@pytest.fixture
def alarm_topic(template_json: dict[str, Any]) -> str:
    (topic_id,) = [name for name in resources(template_json, "AWS::SNS::Topic") if name.startswith("Alarms")]
    return topic_id


def functions(template_json: dict[str, Any]) -> list[str]:
    return sorted(resources(template_json, "AWS::Serverless::Function"))


def metric_filters(template_json: dict[str, Any], metric_name: str) -> list[dict[str, Any]]:
    return [
        f["Properties"]
        for f in resources(template_json, "AWS::Logs::MetricFilter").values()
        if f["Properties"]["MetricTransformations"][0]["MetricName"] == metric_name
    ]


def function_log_group(template_json: dict[str, Any], function: str) -> dict[str, str]:
    return dict(template_json["Resources"][function]["Properties"]["LoggingConfig"]["LogGroup"])


def test_the_stage_has_every_alarm_the_runbook_needs(
    alarms: dict[str, dict[str, Any]], template_json: dict[str, Any]
) -> None:
    """API 5xx, gateway throttling, pending acknowledgements, mail trouble, files not deleted with their
    record, and errors and throttles of every function."""
    per_function = {f"{name}-{kind}" for name in functions(template_json) for kind in ("errors", "throttles")}
    expected = {
        "api-5xx",
        "api-throttled",
        "acknowledgements-pending",
        "mail-deferred",
        "mail-feedback-waiting",
        "files-not-deleted",
    }
    assert set(alarms) == expected | per_function


def test_every_alarm_notifies_the_alarm_topic_when_it_fires_and_when_it_clears(
    alarms: dict[str, dict[str, Any]], alarm_topic: str
) -> None:
    """Whoever is on call hears both ends of an incident."""
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [{"Ref": alarm_topic}]
        assert alarm["OKActions"] == [{"Ref": alarm_topic}]
        assert alarm["TreatMissingData"] == "notBreaching"


def test_the_alarm_topic_is_encrypted_and_cloudwatch_may_publish_to_it(
    template_json: dict[str, Any], alarm_topic: str, stage: Stage
) -> None:
    """The topic uses a customer-managed key CloudWatch may use, and its policy admits CloudWatch."""
    key_id = template_json["Resources"][alarm_topic]["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0]
    key_statements = template_json["Resources"][key_id]["Properties"]["KeyPolicy"]["Statement"]
    assert any(s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"} for s in key_statements)
    (policy,) = [
        p["Properties"]
        for p in resources(template_json, "AWS::SNS::TopicPolicy").values()
        if p["Properties"]["Topics"] == [{"Ref": alarm_topic}]
    ]
    allows = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allows] == [{"Service": "cloudwatch.amazonaws.com"}]
    (subscription,) = [
        s["Properties"]
        for s in resources(template_json, "AWS::SNS::Subscription").values()
        if s["Properties"]["TopicArn"] == {"Ref": alarm_topic}
    ]
    assert subscription == {"Protocol": "email", "TopicArn": {"Ref": alarm_topic}, "Endpoint": stage.alarm_email}


def test_any_server_error_of_the_api_raises_an_alarm(alarms: dict[str, dict[str, Any]], stage: Stage) -> None:
    """The contract allows a 5xx only when a dependency is down: a single one is worth a look."""
    alarm = alarms["api-5xx"]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("AWS/ApiGateway", "5XXError", "Sum")
    assert alarm["Dimensions"] == [{"Name": "ApiName", "Value": stage.stack_name}, {"Name": "Stage", "Value": "api"}]
    assert alarm["Threshold"] == 1


def test_gateway_throttling_is_counted_from_the_access_log(
    alarms: dict[str, dict[str, Any]], template_json: dict[str, Any]
) -> None:
    """Requests API Gateway refused (THROTTLED) are counted from its access log, into the alarm's metric."""
    alarm = alarms["api-throttled"]
    (metric_filter,) = metric_filters(template_json, alarm["MetricName"])
    assert metric_filter["FilterPattern"] == '{ $.responseType = "THROTTLED" }'
    _, api = only(template_json, "AWS::Serverless::Api")
    assert {"Ref": api["Properties"]["AccessLogSetting"]["DestinationArn"]["Fn::GetAtt"][0]} == metric_filter[
        "LogGroupName"
    ]


def test_every_function_has_an_errors_and_a_throttles_alarm(
    alarms: dict[str, dict[str, Any]], template_json: dict[str, Any]
) -> None:
    """Exceptions, timeouts and refused invocations of each function, by its own name."""
    for function in functions(template_json):
        for kind, metric in (("errors", "Errors"), ("throttles", "Throttles")):
            alarm = alarms[f"{function}-{kind}"]
            assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/Lambda", metric)
            assert render(alarm["Dimensions"]) == [{"Name": "FunctionName", "Value": ref(function)}]


def test_acknowledgements_pending_over_an_hour_raise_an_alarm(
    alarms: dict[str, dict[str, Any]], template_json: dict[str, Any]
) -> None:
    """The hourly monitor's count of unacknowledged complaints, above zero at two runs in a row."""
    alarm = alarms["acknowledgements-pending"]
    assert (alarm["Statistic"], alarm["Period"], alarm["EvaluationPeriods"], alarm["Threshold"]) == (
        "Maximum",
        3600,
        2,
        1,
    )
    filters = metric_filters(template_json, alarm["MetricName"])
    assert {f["FilterPattern"] for f in filters} == {f'{{ $.event = "{MONITOR_EVENT}" }}'}
    assert {f["MetricTransformations"][0]["MetricValue"] for f in filters} == {f"$.{PENDING_FIELD}"}
    monitor_logs = function_log_group(template_json, "DeadlineMonitor")
    assert monitor_logs in [f["LogGroupName"] for f in filters]


def test_repeatedly_refused_mail_raises_an_alarm(
    alarms: dict[str, dict[str, Any]], template_json: dict[str, Any]
) -> None:
    """Three refusals within 15 minutes: one message failing every retry, or SES refusing everything."""
    alarm = alarms["mail-deferred"]
    assert (alarm["Statistic"], alarm["Period"], alarm["Threshold"]) == ("Sum", 900, 3)
    patterns = {f["FilterPattern"] for f in metric_filters(template_json, alarm["MetricName"])}
    (pattern,) = patterns
    assert set(re.findall(r'\$\.event = "([a-z_]+)"', pattern)) == set(DEFERRED_EVENTS)


def test_recorded_bounces_and_complaints_raise_an_alarm_until_read(
    alarms: dict[str, dict[str, Any]], template_json: dict[str, Any]
) -> None:
    """A message in the mail-feedback queue means a customer may not have received a letter."""
    alarm = alarms["mail-feedback-waiting"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    (queue_id,) = [name for name in resources(template_json, "AWS::SQS::Queue") if name.startswith("MailFeedback")]
    assert render(alarm["Dimensions"]) == [{"Name": "QueueName", "Value": f"<{queue_id}.QueueName>"}]


def logged_events() -> dict[str, set[str]]:
    """Every event name the backend passes to log_event, with the field names it logs with it."""
    events: dict[str, set[str]] = {}
    for path in (BACKEND / "chalicelib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "log_event"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                events.setdefault(node.args[0].value, set()).update(k.arg for k in node.keywords if k.arg)
    return events


def test_the_backend_still_logs_the_events_the_alarms_count() -> None:
    """Renaming an event or field in the backend would silence an alarm: this catches it."""
    events = logged_events()
    assert set(DEFERRED_EVENTS) <= set(events)
    assert PENDING_FIELD in events[MONITOR_EVENT]


def test_backend_log_lines_are_bare_json_as_metric_filters_read_them(template_json: dict[str, Any]) -> None:
    """Each log line is one JSON object with `event` at the top, and Lambda passes it through as text."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("complaints")
    logger.addHandler(handler)
    try:
        log_event(MONITOR_EVENT, count=3, **{PENDING_FIELD: 2})
    finally:
        logger.removeHandler(handler)
    assert json.loads(lines[-1]) == {"event": MONITOR_EVENT, "count": 3, PENDING_FIELD: 2}
    for function in resources(template_json, "AWS::Serverless::Function").values():
        assert function["Properties"]["LoggingConfig"]["LogFormat"] == "Text"
