"""The Lambda package as a stage deploys it: `chalice package`, then infra/compiled.py's compiled
modules (what infra/backend.py does during synthesis). Built once per `make bench` and shared by the
package-size and cold-start benchmarks. Chalice caches the dependencies' wheels per requirements.txt
in backend/.chalice/deployments/, so later runs are quick."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from infra.compiled import compile_package

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def _directory() -> Path:
    # Removed when the process ends; the benchmarks run in one process.
    return Path(tempfile.mkdtemp(prefix="bench-package-"))


@lru_cache(maxsize=1)
def as_chalice_zips_it() -> Path:
    """deployment.zip as `chalice package` writes it: sources only."""
    environment = {**os.environ, "AWS_DEFAULT_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true"}
    out = _directory() / "chalice"
    chalice = [str(Path(sys.executable).parent / "chalice"), "package", "--stage", "test", str(out)]
    subprocess.run(chalice, cwd=ROOT / "backend", env=environment, check=True, capture_output=True)  # noqa: S603
    return out / "deployment.zip"


@lru_cache(maxsize=1)
def as_deployed() -> Path:
    """The same zip with its modules compiled, as a stage deploys it."""
    package = _directory() / "deployed.zip"
    shutil.copyfile(as_chalice_zips_it(), package)
    compile_package(package)
    return package


def remove() -> None:
    shutil.rmtree(_directory(), ignore_errors=True)
