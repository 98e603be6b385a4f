"""infra/RUNBOOK.md: it covers what an engineer new to the project needs, and it names what really exists."""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from infra.stages import Stage
from tests.conftest import ROOT
from tests.infra.cfn import resources

RUNBOOK = (ROOT / "infra" / "RUNBOOK.md").read_text()


def section(title: str) -> str:
    """The text under a `## title` heading, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", RUNBOOK, re.M | re.S)
    assert match, f"RUNBOOK.md has no section {title!r}"
    return match.group(1)


def test_the_runbook_covers_first_deployment_configuration_rollback_restore_and_alarms() -> None:
    """The five things the issue asks an engineer to find there."""
    first = section("First deployment")
    for topic in ("production access", "DKIM", "certificate", "OIDC", "required reviewers", "bootstrap"):
        assert topic in first, topic
    assert "no secrets" in section("Configuration and secrets").lower()
    assert "revert" in section("Rollback")
    assert "restore-table-to-point-in-time" in section("Restoring the table from point-in-time recovery")
    assert section("Alarms")


def test_every_stage_setting_is_explained(stage: Stage) -> None:
    """Each key of infra/stages.toml has a row in the configuration table."""
    table = section("Configuration and secrets")
    for field in fields(Stage):
        if field.name != "name":
            assert f"`{field.name}`" in table, field.name


def _alarm_headings() -> list[str]:
    return re.findall(r"^### `([^`]+)`", section("Alarms"), re.M)


def _heading_pattern(heading: str, functions: list[str]) -> re.Pattern[str]:
    """A heading as a pattern of alarm names: `<function>-errors` matches `APIHandler-errors`."""
    return re.compile(re.escape(heading).replace(re.escape("<function>"), "(" + "|".join(functions) + ")") + "$")


def test_every_alarm_of_the_stack_is_explained_and_no_explanation_is_stale(
    template_json: dict[str, Any], stage: Stage
) -> None:
    """Each alarm name matches a heading of the Alarms section, each heading matches an alarm, and the
    per-function alarms are listed by name."""
    functions = list(resources(template_json, "AWS::Serverless::Function"))
    patterns = {heading: _heading_pattern(heading, functions) for heading in _alarm_headings()}
    names = [
        alarm["Properties"]["AlarmName"].removeprefix(f"{stage.stack_name}-")
        for alarm in resources(template_json, "AWS::CloudWatch::Alarm").values()
    ]
    assert [name for name in names if not any(p.match(name) for p in patterns.values())] == []
    assert [heading for heading, p in patterns.items() if not any(p.match(name) for name in names)] == []
    for function in functions:
        assert f"`{function}-errors`" in RUNBOOK and f"`{function}-throttles`" in RUNBOOK, function


def _listed_outputs() -> set[str]:
    """The names in the first column of the "Stack outputs" table."""
    table = section("What is deployed").split("### Stack outputs", 1)[1]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return set(re.findall(r"`(\w+)`", " ".join(first_cells)))


def test_the_outputs_table_lists_exactly_the_stacks_outputs(template_json: dict[str, Any]) -> None:
    """Whoever deploys finds every output explained, and no output that does not exist."""
    assert _listed_outputs() == set(template_json["Outputs"])


def test_the_log_groups_are_where_the_runbook_says(template_json: dict[str, Any], stage: Stage) -> None:
    """/aws/lambda/complaints-<stage>-<Function> for each function, /aws/apigateway/complaints-<stage> for access."""
    names = {
        name: group["Properties"]["LogGroupName"]
        for name, group in resources(template_json, "AWS::Logs::LogGroup").items()
    }
    for function, properties in resources(template_json, "AWS::Serverless::Function").items():
        group_id = properties["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert names[group_id] == f"/aws/lambda/{stage.stack_name}-{function}"
    assert f"/aws/apigateway/{stage.stack_name}" in names.values()
    assert "/aws/lambda/complaints-<stage>-<Function>" in RUNBOOK and "/aws/apigateway/complaints-<stage>" in RUNBOOK


def test_the_restore_commands_name_the_tables_real_key_alias(template_json: dict[str, Any], stage: Stage) -> None:
    """The restore re-encrypts with alias/complaints-<stage>, the alias of the table's key."""
    aliases = {a["Properties"]["AliasName"] for a in resources(template_json, "AWS::KMS::Alias").values()}
    assert f"alias/{stage.stack_name}" in aliases
    assert "KMSMasterKeyId=alias/complaints-prod" in section("Restoring the table from point-in-time recovery")
