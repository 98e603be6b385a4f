"""The CI/CD workflows: valid, pinned, least-privileged, and deploying staging before an approved production
with a role assumed through OIDC."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return dict(workflow)


def all_workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load(path.name) for path in sorted(WORKFLOWS.glob("*.yml"))}


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def test_the_workflows_are_the_three_the_pipeline_needs() -> None:
    """Pull requests (test), main (deploy) and the per-stage deployment they share."""
    assert set(all_workflows()) == {"test.yml", "deploy.yml", "deploy-stage.yml"}


def test_every_workflow_is_valid_against_github_s_schema() -> None:
    """SchemaStore's GitHub workflow schema (vendored in check-jsonschema) accepts every file."""
    files = [str(path) for path in sorted(WORKFLOWS.glob("*.yml"))]
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(all_workflows()))
def test_every_action_is_pinned_to_a_full_commit_sha(name: str) -> None:
    """A tag can be moved to other code; a commit cannot. Local reusable workflows are ours."""
    workflow = load(name)
    uses = [step["uses"] for step in steps(workflow) if "uses" in step]
    uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    remote = [use for use in uses if not use.startswith("./")]
    assert remote, "expected actions from outside the repository"
    assert [use for use in remote if not PINNED.match(use)] == []
    text = (WORKFLOWS / name).read_text()
    assert all(re.search(re.escape(use) + r" # v\d", text) for use in remote), "each pin names its version"


@pytest.mark.parametrize("name", sorted(all_workflows()))
def test_every_workflow_grants_least_permissions_and_only_deployments_may_request_an_oidc_token(name: str) -> None:
    """Read-only contents by default; `id-token: write` only where AWS is reached; nothing else writes."""
    workflow = load(name)
    assert workflow["permissions"] in ({"contents": "read"}, {"contents": "read", "id-token": "write"})
    granted = [workflow["permissions"], *(job.get("permissions", {}) for job in workflow["jobs"].values())]
    writes = {scope for permissions in granted for scope, level in permissions.items() if level == "write"}
    assert writes <= {"id-token"}
    if "id-token" in writes:
        assert name in ("deploy.yml", "deploy-stage.yml")


@pytest.mark.parametrize("name", sorted(all_workflows()))
def test_every_workflow_runs_in_a_concurrency_group(name: str) -> None:
    """Two runs never deploy (or test one pull request) at the same time."""
    workflow = load(name)
    groups = [workflow.get("concurrency")] if "concurrency" in workflow else []
    groups += [job["concurrency"] for job in workflow["jobs"].values() if "concurrency" in job]
    assert groups and all(group["group"] for group in groups)


def test_pull_requests_run_make_test_through_ci_run() -> None:
    """The same entry point as any clean machine: .ci/run installs system packages, then `make test`."""
    workflow = load("test.yml")
    assert "pull_request" in workflow["on"]
    assert run_text(workflow).strip() == ".ci/run"
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("make test")


def test_main_deploys_staging_then_production_from_one_synthesis() -> None:
    """Tests, one `make synth`, staging, then production: each waits for the one before."""
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["synth"]["needs"] == "test" and jobs["test"]["uses"] == "./.github/workflows/test.yml"
    assert "make synth" in run_text({"jobs": {"synth": jobs["synth"]}})
    assert jobs["staging"]["needs"] == "synth" and jobs["production"]["needs"] == "staging"
    assert jobs["staging"]["with"] == {"stage": "staging", "environment": "staging"}
    assert jobs["production"]["with"] == {"stage": "prod", "environment": "production"}
    assert {jobs[j]["uses"] for j in ("staging", "production")} == {"./.github/workflows/deploy-stage.yml"}
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_a_stage_deploys_in_its_github_environment_so_production_waits_for_approval() -> None:
    """The job runs in the environment named by the caller: `production` carries the required reviewers."""
    (job,) = load("deploy-stage.yml")["jobs"].values()
    assert job["environment"]["name"] == "${{ inputs.environment }}"


def test_aws_is_reached_by_oidc_role_assumption_with_no_stored_key() -> None:
    """configure-aws-credentials assumes the environment's role; no access key exists in any workflow."""
    workflow = load("deploy-stage.yml")
    (credentials,) = [s for s in steps(workflow) if "configure-aws-credentials" in s.get("uses", "")]
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
    assert not {"aws-access-key-id", "aws-secret-access-key"} & set(credentials["with"])
    for path in WORKFLOWS.glob("*.yml"):
        assert not re.search(r"AWS_ACCESS_KEY|AWS_SECRET|secrets\.", path.read_text()), path.name


def test_a_stage_is_deployed_then_its_site_built_against_its_api_uploaded_and_invalidated() -> None:
    """cdk deploy, mkdocs with COMPLAINT_API and SITE_URL from the stack's outputs, s3 sync, invalidation."""
    workflow = load("deploy-stage.yml")
    commands = run_text(workflow)
    order = [
        commands.index("cdk deploy"),
        commands.index("mkdocs build"),
        commands.index("aws s3 sync"),
        commands.index("create-invalidation"),
    ]
    assert order == sorted(order)
    (build,) = [s for s in steps(workflow) if "mkdocs build" in s.get("run", "")]
    assert build["env"]["COMPLAINT_API"] == "${{ steps.outputs.outputs.api_url }}"
    assert build["env"]["SITE_URL"].startswith("${{ steps.outputs.outputs.site_url }}")


def test_the_outputs_the_deployment_reads_exist_in_every_stack(templates: dict[str, dict[str, Any]]) -> None:
    """Each stack output the workflow's jq program names is one the stacks declare."""
    read = set(re.findall(r"\\\(\.(\w+)\)", run_text(load("deploy-stage.yml"))))
    assert read == {
        "SiteUrl",
        "ApiUrl",
        "SiteBucketName",
        "DistributionId",
        "ConsoleSignInDomain",
        "ConsoleClientId",
    }
    for template in templates.values():
        assert read <= set(template["Outputs"])


def test_the_workflows_package_the_functions_with_their_runtime_python(templates: dict[str, dict[str, Any]]) -> None:
    """chalice package builds for the Python that runs it: CI's Python is the functions' runtime."""
    versions = {
        step["with"]["python-version"]
        for workflow in all_workflows().values()
        for step in steps(workflow)
        if "setup-python" in step.get("uses", "")
    }
    runtimes = {
        function["Properties"]["Runtime"]
        for template in templates.values()
        for function in template["Resources"].values()
        if function["Type"] == "AWS::Serverless::Function"
    }
    assert {f"python{version}" for version in versions} == runtimes
    assert load("test.yml")["jobs"]["test"]["container"].startswith(f"python:{versions.pop()}-")


def test_the_cdk_command_line_is_pinned_exactly_and_locked() -> None:
    """`npm ci` installs the one CDK CLI version of infra/package.json, as its lockfile records it."""
    package = json.loads((ROOT / "infra" / "package.json").read_text())
    lock = json.loads((ROOT / "infra" / "package-lock.json").read_text())
    version = package["devDependencies"]["aws-cdk"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert lock["packages"]["node_modules/aws-cdk"]["version"] == version
    assert "npm ci --prefix infra" in run_text(load("deploy-stage.yml"))


def test_the_site_is_built_under_the_stages_policy_profile_as_the_backend_is() -> None:
    """The stage step reads region and profile from infra/stages.toml (the backend's POLICY_PROFILE);
    `mkdocs build` runs under that profile, so the pages state the deadlines the backend applies."""
    workflow = load("deploy-stage.yml")
    (stage,) = [s for s in steps(workflow) if s.get("id") == "stage"]
    assert "python -m infra.stages" in stage["run"] and '"$STAGE"' in stage["run"]
    assert '>> "$GITHUB_OUTPUT"' in stage["run"]
    (build,) = [s for s in steps(workflow) if "mkdocs build" in s.get("run", "")]
    assert build["env"]["POLICY_PROFILE"] == "${{ steps.stage.outputs.policy_profile }}"


def test_the_console_is_built_with_the_stages_hosted_sign_in() -> None:
    """The handlers' console (/staff/) signs in through the stage's user pool: the build gets the hosted
    sign-in domain and the console's app client from the stack's outputs (overrides/hooks/console.py)."""
    (build,) = [s for s in steps(load("deploy-stage.yml")) if "mkdocs build" in s.get("run", "")]
    assert build["env"]["STAFF_SIGN_IN_DOMAIN"] == "${{ steps.outputs.outputs.sign_in_domain }}"
    assert build["env"]["STAFF_CONSOLE_CLIENT_ID"] == "${{ steps.outputs.outputs.console_client }}"
