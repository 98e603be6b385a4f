"""A newcomer's first minutes: `git clone` of this repository, then `make run`, timed until the banner
is printed and the site answers at the address it gives. The baseline, in the same run, is a second
clone's `make install`: every requirement set, which is what `make run` installed before issue 13.

Both install from the package registry through pip's cache as this machine holds it (a machine
that never installed these versions downloads them, and both figures grow alike). The clones are of
the last commit, not of uncommitted changes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from .measure import Result

ROOT = Path(__file__).resolve().parent.parent
BANNER = "Press Ctrl-C to stop everything."
LIMIT_SECONDS = 900


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _clone(directory: Path) -> Path:
    clone = directory / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)  # noqa: S603, S607 - git
    return clone


def _environment() -> dict[str, str]:
    # The newcomer's shell: none of this process's virtual environment.
    environment = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environment["PATH"] = os.pathsep.join(
        part for part in environment.get("PATH", "").split(os.pathsep) if not part.startswith(str(ROOT / ".venv"))
    )
    return environment


def _site_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - the local site
            return bool(response.status == 200)
    except OSError:
        return False


def _make_run_seconds(directory: Path) -> float:
    clone_started = time.perf_counter()
    clone = _clone(directory)
    ports = {name: str(_free_port()) for name in ("AWS_PORT", "API_PORT", "SITE_PORT")}
    site = f"http://127.0.0.1:{ports['SITE_PORT']}/"
    log = directory / "make-run.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "run"],  # noqa: S607
            cwd=clone,
            env={**_environment(), **ports},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make and the stack it starts stop together
        )
        try:
            while not (BANNER in log.read_text(errors="replace") and _site_answers(site)):
                if process.poll() is not None:
                    raise RuntimeError(f"make run stopped ({process.returncode}):\n{log.read_text()[-3000:]}")
                if time.perf_counter() - clone_started > LIMIT_SECONDS:
                    raise RuntimeError(f"make run did not serve the site within {LIMIT_SECONDS} s")
                time.sleep(0.2)
            return time.perf_counter() - clone_started
        finally:
            _stop_group(process)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to make and the stack it started, then wait until every one of them has exited: the
    stack stops its API server on the way out, and the clone must not vanish from under it."""
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise RuntimeError("make run's processes did not stop within a minute")


def _install_everything_seconds(directory: Path) -> float:
    started = time.perf_counter()
    clone = _clone(directory)
    subprocess.run(
        ["make", "install"],  # noqa: S607
        cwd=clone,
        env=_environment(),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="first-run-") as first, tempfile.TemporaryDirectory() as second:
        make_run = _make_run_seconds(Path(first))
        everything = _install_everything_seconds(Path(second))
    return [
        Result(
            "fresh clone → make run serving the site",
            "s",
            make_run,
            everything,
            "clone + installing every requirement",
            goal=120,
            goal_of="measured",
        )
    ]
