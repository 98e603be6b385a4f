"""Outgoing mail: a DKIM-signed domain identity, and every bounce and complaint recorded."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Template

from infra.stages import Stage
from tests.infra.cfn import only, ref, render, resources


def test_the_sender_domain_is_an_ses_identity_signing_with_2048_bit_dkim(template: Template, stage: Stage) -> None:
    """The whole sender domain is verified and signs with Easy DKIM (RUNBOOK.md publishes its records)."""
    template.has_resource_properties(
        "AWS::SES::EmailIdentity",
        {
            "EmailIdentity": stage.sender_domain,
            "DkimAttributes": {"SigningEnabled": True},
            "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"},
        },
    )


def test_the_identity_sends_through_the_configuration_set_the_functions_name(template_json: dict[str, Any]) -> None:
    """Mail is sent with the configuration set by default, and the backend names it in SES_CONFIGURATION_SET."""
    configuration_set_id, _ = only(template_json, "AWS::SES::ConfigurationSet")
    _, identity = only(template_json, "AWS::SES::EmailIdentity")
    assert render(identity["Properties"]["ConfigurationSetAttributes"]["ConfigurationSetName"]) == ref(
        configuration_set_id
    )
    for function in resources(template_json, "AWS::Serverless::Function").values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert render(variables["SES_CONFIGURATION_SET"]) == ref(configuration_set_id)


def test_bounces_and_complaints_are_recorded_in_an_encrypted_queue(template_json: dict[str, Any]) -> None:
    """SES publishes bounces and complaints to a KMS-encrypted topic, which delivers them to a queue kept 14 days."""
    _, destination = only(template_json, "AWS::SES::ConfigurationSetEventDestination")
    event_destination = destination["Properties"]["EventDestination"]
    assert event_destination["Enabled"] is True
    assert {"bounce", "complaint"} <= set(event_destination["MatchingEventTypes"])
    topic_id = event_destination["SnsDestination"]["TopicARN"]["Ref"]
    topic = template_json["Resources"][topic_id]
    assert "KmsMasterKeyId" in topic["Properties"]

    (subscription,) = [
        s["Properties"]
        for s in resources(template_json, "AWS::SNS::Subscription").values()
        if s["Properties"]["TopicArn"] == {"Ref": topic_id}
    ]
    assert subscription["Protocol"] == "sqs"
    queue_id = subscription["Endpoint"]["Fn::GetAtt"][0]
    queue = template_json["Resources"][queue_id]["Properties"]
    assert "KmsMasterKeyId" in queue
    assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_ses_may_publish_to_the_feedback_topic_only_for_this_configuration_set(template_json: dict[str, Any]) -> None:
    """The topic policy admits SES on behalf of this stack's configuration set, not any SES sender."""
    configuration_set_id, _ = only(template_json, "AWS::SES::ConfigurationSet")
    statements = [
        render(statement)
        for policy in resources(template_json, "AWS::SNS::TopicPolicy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement.get("Principal") == {"Service": "ses.amazonaws.com"}
    ]
    assert len(statements) == 1
    assert statements[0]["Condition"]["StringEquals"]["AWS:SourceArn"].endswith(
        f":configuration-set/{ref(configuration_set_id)}"
    )


def test_the_functions_send_from_the_stage_sender(template_json: dict[str, Any], stage: Stage) -> None:
    """SENDER_EMAIL is the address the IAM grant allows, inside the verified domain."""
    assert stage.sender_email.endswith("@" + stage.sender_domain)
    for function in resources(template_json, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["SENDER_EMAIL"] == stage.sender_email


def test_the_dkim_records_to_publish_are_stack_outputs(template_json: dict[str, Any]) -> None:
    """Whoever runs the first deployment reads the three DKIM CNAME records from the stack's outputs."""
    identity_id, _ = only(template_json, "AWS::SES::EmailIdentity")
    for number in (1, 2, 3):
        value = render(template_json["Outputs"][f"DkimRecord{number}"]["Value"])
        assert value == f"<{identity_id}.DkimDNSTokenName{number}> CNAME <{identity_id}.DkimDNSTokenValue{number}>"
