"""`make synth`: the command the session fixture runs, and a clear stop when Node.js is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT
from tests.infra.conftest import STAGES, synthesise, without_aws_account

MAKE = shutil.which("make") or "make"  # the README's commands need make: its absence is a failure


def make(*arguments: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": path} if path is not None else None
    return subprocess.run(
        [str(MAKE), "--no-print-directory", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_synth_runs_the_infra_app_into_infra_cdk_out() -> None:
    """The recipe is `python -m infra --outdir infra/cdk.out`, as tests/infra/conftest.py synthesises."""
    result = make("--dry-run", "--always-make", "synth")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == ".venv/bin/python -m infra --outdir infra/cdk.out"


def test_make_synth_stops_with_a_clear_message_when_node_is_missing() -> None:
    """Without Node.js on PATH, the `node` prerequisite fails first and says what to install."""
    result = make("node", path="/nonexistent")
    assert result.returncode != 0
    assert "Node.js is needed by the AWS CDK" in result.stderr
    assert "apt-get install nodejs" in result.stderr


def test_a_later_synthesis_needs_no_network_and_gives_the_same_templates(cloud_assembly: Path, tmp_path: Path) -> None:
    """With Chalice's wheel cache warm, every proxy and package index pointing nowhere still synthesises,
    byte for byte as before (so a deployment of unchanged code changes nothing)."""
    nowhere = "http://127.0.0.1:9"
    offline = {
        **without_aws_account(),
        "HTTP_PROXY": nowhere,
        "HTTPS_PROXY": nowhere,
        "NO_PROXY": "",
        "PIP_CONFIG_FILE": "/dev/null",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": "",
        "PIP_INDEX_URL": nowhere,
        "PIP_EXTRA_INDEX_URL": "",
    }
    synthesise(tmp_path, offline)
    for stage in STAGES.values():
        template = f"{stage.stack_name}.template.json"
        assert (tmp_path / template).read_bytes() == (cloud_assembly / template).read_bytes(), template
