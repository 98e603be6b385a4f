"""The Lambda handler's cold import against `import boto3`, which every handler pays (the runtime
provides it, compiled). The handler is imported from the package as a stage deploys it
(bench/lambda_package.py), unpacked and never written to, as Lambda's read-only /var/task: the figure
counts whatever compiling the package leaves to the cold start. The same package as `chalice package`
zips it is measured too, for the difference. Fresh processes, taken in turns so that the machine's
load weighs on all alike; the best of each."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from . import lambda_package
from .measure import Result

RUNS = 9
# What the first complaint after a cold start adds: its country's holiday calendar (Lambda runs the
# request at the memory's share of a vCPU, the import at a full one: infra/compiled.py).
FIRST_DEADLINE = (
    "import app; from datetime import date; from chalicelib.domain.deadlines import is_business_day; "
    "is_business_day(date(2026, 12, 24), 'LT')"
)


def _seconds(statement: str, directory: Path, *, write_bytecode: bool = False) -> float:
    environment = {**os.environ, "TABLE_NAME": "t"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], cwd=directory, check=True, env=environment)  # noqa: S603 - ours
    return time.perf_counter() - start


def run() -> list[Result]:
    timings: dict[str, list[float]] = {name: [] for name in ("deployed", "sources", "boto3", "first", "first-sources")}
    with tempfile.TemporaryDirectory() as directory:
        unpacked = {name: Path(directory) / name for name in ("deployed", "sources")}
        for name, package in (
            ("deployed", lambda_package.as_deployed()),
            ("sources", lambda_package.as_chalice_zips_it()),
        ):
            with zipfile.ZipFile(package) as archive:
                archive.extractall(unpacked[name])
        _seconds("import boto3", Path(directory), write_bytecode=True)  # pip installs without compiling
        for _ in range(RUNS):
            timings["deployed"].append(_seconds("import app", unpacked["deployed"]))
            timings["sources"].append(_seconds("import app", unpacked["sources"]))
            timings["boto3"].append(_seconds("import boto3", Path(directory)))
            timings["first"].append(_seconds(FIRST_DEADLINE, unpacked["deployed"]))
            timings["first-sources"].append(_seconds(FIRST_DEADLINE, unpacked["sources"]))
    best = {name: min(seconds) * 1000 for name, seconds in timings.items()}
    return [
        Result("Lambda handler cold import", "ms", best["deployed"], best["boto3"], "import boto3", goal=1.3),
        Result("… the package as chalice zips it (no .pyc)", "ms", best["sources"], best["boto3"], "import boto3"),
        Result(
            "… then the first deadline (LT calendar)",
            "ms",
            best["first"] - best["deployed"],
            best["first-sources"] - best["sources"],
            "the package as chalice zips it",
        ),
    ]
