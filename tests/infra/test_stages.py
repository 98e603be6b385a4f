"""Staging and production: one definition, their own settings, and nothing that clashes between them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from chalicelib.config.firm import load_firm

from infra.stages import STAGES_FILE, load_stages
from tests.conftest import ROOT
from tests.infra.conftest import STAGES


def test_there_is_a_staging_and_a_production_stage() -> None:
    """infra/stages.toml defines the two stages the deployment pipeline expects."""
    assert set(STAGES) == {"staging", "prod"}


def test_production_takes_the_firms_address_sender_and_profile_from_firm_toml() -> None:
    """The firm states its site, its sender and its policy once (firm.toml); production follows it."""
    firm, prod = load_firm(), STAGES["prod"]
    assert prod.site_origin == firm.site_url
    assert prod.site_domain == urlsplit(firm.site_url).hostname
    assert prod.sender_email == firm.complaints_email
    assert prod.policy_profile == firm.profile


def test_the_stages_share_no_name_domain_or_sender_identity() -> None:
    """Two stages may live in one account: stacks, tables, sites and SES identities must not collide."""
    staging, prod = STAGES["staging"], STAGES["prod"]
    for attribute in ("stack_name", "site_domain", "sender_domain", "certificate_arn"):
        assert getattr(staging, attribute) != getattr(prod, attribute), attribute


def _stages_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "stages.toml"
    path.write_text(body)
    return path


def test_a_misspelt_setting_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    """A typo in stages.toml would silently keep a default: it stops the synthesis instead."""
    body = STAGES_FILE.read_text().replace("throttle_burst = 20", "throttle_brust = 20")
    with pytest.raises(ValueError, match="throttle_brust"):
        load_stages(_stages_file(tmp_path, body))


def test_a_certificate_outside_us_east_1_is_refused(tmp_path: Path) -> None:
    """CloudFront reads certificates from us-east-1 only: any other region would fail at deploy time."""
    body = STAGES_FILE.read_text().replace("arn:aws:acm:us-east-1:111111111111", "arn:aws:acm:eu-west-1:111111111111")
    with pytest.raises(ValueError, match="us-east-1"):
        load_stages(_stages_file(tmp_path, body))


def test_the_assembly_holds_one_stack_per_stage_for_the_deploying_account(cloud_assembly: Path) -> None:
    """Each stack targets its stage's region in whatever account the deployment role belongs to."""
    artifacts = json.loads((cloud_assembly / "manifest.json").read_text())["artifacts"]
    stacks = {name: a for name, a in artifacts.items() if a["type"] == "aws:cloudformation:stack"}
    assert {name: a["environment"] for name, a in stacks.items()} == {
        stage.stack_name: f"aws://unknown-account/{stage.region}" for stage in STAGES.values()
    }
    assert all(a["properties"]["terminationProtection"] is True for a in stacks.values())


def test_each_stack_says_where_its_site_bucket_distribution_and_api_are(templates: dict[str, dict[str, Any]]) -> None:
    """The deployment workflow reads these outputs to build, upload and invalidate the site."""
    for template in templates.values():
        assert {"SiteUrl", "SiteBucketName", "DistributionId", "ApiUrl"} <= set(template["Outputs"])


@pytest.mark.parametrize("name", sorted(STAGES))
def test_a_stages_region_and_policy_profile_are_printed_for_the_deployment_workflow(name: str) -> None:
    """`python -m infra.stages STAGE` prints GitHub step outputs: the same values the stack gives the backend."""
    result = subprocess.run(
        [sys.executable, "-m", "infra.stages", name], cwd=ROOT, capture_output=True, text=True, check=True
    )
    stage = STAGES[name]
    assert result.stdout.splitlines() == [f"region={stage.region}", f"policy_profile={stage.policy_profile}"]


def test_an_unknown_stage_is_refused_by_name() -> None:
    """A mistyped stage stops the deployment before anything is built."""
    result = subprocess.run(
        [sys.executable, "-m", "infra.stages", "prdo"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "prdo" in result.stderr


def test_every_stage_runs_in_the_region_the_privacy_notice_names() -> None:
    """The privacy notice says where data is processed from firm.toml's aws_region: the stages deploy there."""
    assert {stage.region for stage in STAGES.values()} == {load_firm().aws_region}
