"""The Lambda package: what `chalice package` zips (chalicelib + backend/requirements.txt), unzipped,
against the same package with boto3 bundled, which Lambda already provides. Chalice caches the
dependencies' wheels per requirements.txt in backend/.chalice/deployments/, so later runs are quick."""

from __future__ import annotations

import importlib.metadata as metadata
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .measure import Result

ROOT = Path(__file__).resolve().parent.parent
BOTO = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")


def _installed_size(distribution: str) -> int:
    files = metadata.distribution(distribution).files or []
    return sum(Path(path.locate()).stat().st_size for path in files if Path(path.locate()).is_file())


def _packaged_bytes() -> int:
    environment = {**os.environ, "AWS_DEFAULT_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true"}
    with tempfile.TemporaryDirectory() as out:
        chalice = [str(Path(sys.executable).parent / "chalice"), "package", "--stage", "test", out]
        subprocess.run(chalice, cwd=ROOT / "backend", env=environment, check=True, capture_output=True)  # noqa: S603
        with zipfile.ZipFile(Path(out) / "deployment.zip") as package:
            return sum(entry.file_size for entry in package.infolist())


def run() -> list[Result]:
    ours = _packaged_bytes()
    with_boto = ours + sum(_installed_size(name) for name in BOTO)
    megabyte = 1024 * 1024
    return [
        Result(
            "Lambda package, unzipped",
            "MB",
            ours / megabyte,
            with_boto / megabyte,
            "the same with boto3 bundled",
            goal=10,
            goal_of="measured",
        )
    ]
