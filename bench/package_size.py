"""The Lambda package as a stage deploys it (bench/lambda_package.py), unzipped, against the same
package with boto3 bundled, which Lambda already provides."""

from __future__ import annotations

import importlib.metadata as metadata
import zipfile
from pathlib import Path

from . import lambda_package
from .measure import Result

BOTO = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")


def _installed_size(distribution: str) -> int:
    files = metadata.distribution(distribution).files or []
    return sum(Path(path.locate()).stat().st_size for path in files if Path(path.locate()).is_file())


def _unzipped_bytes(package: Path) -> int:
    with zipfile.ZipFile(package) as archive:
        return sum(entry.file_size for entry in archive.infolist())


def run() -> list[Result]:
    ours = _unzipped_bytes(lambda_package.as_deployed())
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
