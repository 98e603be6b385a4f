"""The Lambda handler's cold import (`cd backend; python -c "import app"`) against `import boto3`,
which every handler pays (the runtime provides it). Fresh processes, taken in turns so that the
machine's load weighs on both alike; the best of each. Both compiled ahead (boto3 by pip, the
backend by compileall into a copy): the figure does not count compiling, whichever way
PYTHONDONTWRITEBYTECODE is set here."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import Result

BACKEND = Path(__file__).resolve().parent.parent / "backend"
RUNS = 9


def _seconds(statement: str, directory: Path) -> float:
    start = time.perf_counter()
    environment = {**os.environ, "TABLE_NAME": "t"}
    subprocess.run([sys.executable, "-c", statement], cwd=directory, check=True, env=environment)  # noqa: S603 - ours
    return time.perf_counter() - start


def run() -> list[Result]:
    app, boto = [], []
    with tempfile.TemporaryDirectory() as directory:
        backend = Path(directory) / "backend"
        shutil.copytree(BACKEND, backend, ignore=shutil.ignore_patterns(".chalice", "__pycache__"))
        compileall.compile_dir(backend, quiet=1)
        for _ in range(RUNS):
            app.append(_seconds("import app", backend))
            boto.append(_seconds("import boto3", backend))
    return [Result("Lambda handler cold import", "ms", min(app) * 1000, min(boto) * 1000, "import boto3", goal=1.3)]
