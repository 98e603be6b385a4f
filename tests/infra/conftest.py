"""Infrastructure fixtures: every stage synthesised once per session, as `make synth` does it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Template

from infra.stages import Stage, load_stages
from tests.conftest import ROOT

STAGES = {stage.name: stage for stage in load_stages()}


def without_aws_account() -> dict[str, str]:
    """No credentials, no configuration, and every AWS API and metadata address pointing nowhere:
    synthesis succeeds only if it calls no AWS service at all."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("AWS_", "CDK_"))}
    nowhere = "http://127.0.0.1:9"
    environment.update(
        {
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_ENDPOINT_URL": nowhere,
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": nowhere,
        }
    )
    return environment


def synthesise(outdir: Path, environment: dict[str, str]) -> None:
    """`python -m infra --outdir …`, what `make synth` runs."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed to synthesise the CDK app (jsii): install it (Debian: apt-get install nodejs)")
    result = subprocess.run(
        [sys.executable, "-m", "infra", "--outdir", str(outdir)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"synthesis failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"


@pytest.fixture(scope="session")
def cloud_assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every stage synthesised into a fresh directory, with no AWS credentials or configuration at all.
    The first run on a machine downloads the functions' Lambda wheels from PyPI (Chalice caches them)."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    synthesise(outdir, without_aws_account())
    return outdir


@pytest.fixture(scope="session")
def templates(cloud_assembly: Path) -> dict[str, dict[str, Any]]:
    """Each stage's CloudFormation template, as JSON."""
    return {
        name: json.loads((cloud_assembly / f"{stage.stack_name}.template.json").read_text())
        for name, stage in STAGES.items()
    }


@pytest.fixture(params=sorted(STAGES))
def stage(request: pytest.FixtureRequest) -> Stage:
    """Each stage in turn: every property must hold in staging and in production alike."""
    return STAGES[request.param]


@pytest.fixture
def template_json(stage: Stage, templates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return templates[stage.name]


@pytest.fixture
def template(template_json: dict[str, Any]) -> Template:
    """The stage's template for aws_cdk.assertions."""
    return Template.from_json(template_json)
