"""The Lambda package: what Chalice zips (chalicelib + backend/requirements.txt) against the same
package with boto3 bundled, which Lambda already provides (STACK-NOTES: 17 MB with it)."""

from __future__ import annotations

import importlib.metadata as metadata
import re
from pathlib import Path

from .measure import Result

ROOT = Path(__file__).resolve().parent.parent
BOTO = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")


def _installed_size(distribution: str) -> int:
    files = metadata.distribution(distribution).files or []
    return sum(Path(path.locate()).stat().st_size for path in files if Path(path.locate()).is_file())


def _requirements() -> list[str]:
    lines = (ROOT / "backend" / "requirements.txt").read_text().splitlines()
    return [re.split(r"[=<>\[]", line)[0] for line in lines if line and not line.startswith("#")]


def run() -> list[Result]:
    code = sum(
        path.stat().st_size
        for path in (ROOT / "backend").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".chalice" not in path.parts
    )
    ours = code + sum(_installed_size(name) for name in _requirements())
    with_boto = ours + sum(_installed_size(name) for name in BOTO)
    megabyte = 1024 * 1024
    return [
        Result("Lambda package, unzipped", "MB", ours / megabyte, with_boto / megabyte, "the same with boto3 bundled")
    ]
