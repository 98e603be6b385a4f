"""The `complaints deadlines` command prints what CONTRACT.md section 3 says."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chalicelib.cli import main

CONTRACT_EXAMPLE = [
    "deadlines",
    "--profile",
    "payments-lt",
    "--received",
    "2026-12-23T15:00:00+02:00",
    "--customer-type",
    "consumer",
    "--json",
]


def test_the_contract_example_prints_the_three_deadlines_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Exactly acknowledge_by, respond_by and respond_by_extended."""
    assert main(CONTRACT_EXAMPLE) == 0
    assert json.loads(capsys.readouterr().out) == {
        "acknowledge_by": "2026-12-28T23:59:59+02:00",
        "respond_by": "2027-01-18T23:59:59+02:00",
        "respond_by_extended": "2027-02-15T23:59:59+02:00",
    }


def test_complexity_and_category_are_taken_into_account(capsys: pytest.CaptureFixture[str]) -> None:
    """bank-fr's exceptional grade, and the investigation start of an unauthorised transaction."""
    main(
        [
            "deadlines",
            "--profile",
            "bank-fr",
            "--received",
            "2026-05-07T10:00:00+02:00",
            "--customer-type",
            "consumer",
            "--complexity",
            "exceptional",
            "--json",
        ]
    )
    assert json.loads(capsys.readouterr().out)["respond_by"] == "2026-06-23T23:59:59+02:00"
    main([*CONTRACT_EXAMPLE, "--category", "unauthorised_transaction"])
    assert json.loads(capsys.readouterr().out)["investigate_by"] == "2026-12-28T23:59:59+02:00"


def test_a_time_without_offset_is_refused_with_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse exits with status 2 and says what to type."""
    with pytest.raises(SystemExit) as exit_:
        main(["deadlines", "--profile", "payments-lt", "--received", "2026-12-23T15:00", "--customer-type", "consumer"])
    assert exit_.value.code == 2
    assert "offset" in capsys.readouterr().err


def test_the_project_installs_the_command_in_its_environment() -> None:
    """`complaints` is a console script of the project's virtual environment."""
    command = shutil.which("complaints", path=str(Path(sys.executable).parent))
    assert command is not None
    result = subprocess.run([command, *CONTRACT_EXAMPLE], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["acknowledge_by"] == "2026-12-28T23:59:59+02:00"
