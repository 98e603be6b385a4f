"""`make run` (python -m devstack): prints the three addresses and leaves no process behind on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from devstack.addresses import HOST, Ports
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def start_runner(
    ports: Ports, command: tuple[str, ...] = (sys.executable, "-m", "devstack")
) -> tuple[subprocess.Popen[str], str]:
    """The runner in its own process group, as a terminal starts it, once it has printed its addresses."""
    env = {**os.environ, "AWS_PORT": str(ports.aws), "API_PORT": str(ports.api), "SITE_PORT": str(ports.site)}
    runner = subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        line = runner.stdout.readline()  # type: ignore[union-attr]
        output.append(line)
        if "Ctrl-C" in line or runner.poll() is not None:
            break
    return runner, "".join(output)


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> bool:
    """Polls `condition` until it holds or `seconds` pass; says whether it held."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def assert_nothing_left(runner: subprocess.Popen[str], ports: Ports) -> None:
    if runner.poll() is None:
        os.killpg(runner.pid, signal.SIGKILL)
        runner.wait()
    runner.stdout.close()  # type: ignore[union-attr]
    wait_until(lambda: not any(listening(port) for port in (ports.aws, ports.api, ports.site)))
    assert not any(listening(port) for port in (ports.aws, ports.api, ports.site))
    # `--` ends pgrep's options: the pattern starts with dashes. Exit code 1: no such process.
    leftovers = subprocess.run(["pgrep", "-f", "--", f"--port {ports.api}"], capture_output=True, text=True)
    assert (leftovers.returncode, leftovers.stdout) == (1, "")


def test_the_runner_prints_the_addresses_and_ctrl_c_stops_everything() -> None:
    """All three servers answer while it runs; after SIGINT, none of their ports is open."""
    ports = Ports.free()
    runner, text = start_runner(ports)
    try:
        for url in (ports.aws_url, ports.api_url, ports.site_url, ports.mailbox_url):
            assert url in text, text
        assert all(listening(port) for port in (ports.aws, ports.api, ports.site))
        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=30) == 0
    finally:
        assert_nothing_left(runner, ports)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_make_run_stops_everything_though_the_signal_comes_twice(stop: signal.Signals, tmp_path: Path) -> None:
    """Ctrl-C in a terminal signals `make` and the stack together, and make passes a SIGTERM on to
    the stack: it gets the signal twice, the second time while it stops. That cut the shutdown short
    and left the API server running, its port taken for the next `make run`."""
    ports = Ports.free()
    env = {**os.environ, "AWS_PORT": str(ports.aws), "API_PORT": str(ports.api), "SITE_PORT": str(ports.site)}
    log = tmp_path / "make-run.log"
    with log.open("w") as output:
        runner = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 240
        while "Ctrl-C" not in log.read_text() and runner.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(runner.pid, stop)  # what the terminal does: the whole foreground group
        runner.wait(timeout=30)
        wait_until(lambda: group_gone(runner.pid))  # make exits first; the stack is still stopping
        assert "Stopped." in log.read_text(), log.read_text()[-2000:]
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
        wait_until(lambda: group_gone(runner.pid))
        left = subprocess.run(["pgrep", "-f", "--", f"--port {ports.api}"], capture_output=True, text=True)
        if left.returncode == 0:
            for pid in left.stdout.split():
                os.kill(int(pid), signal.SIGKILL)
    assert not any(listening(port) for port in (ports.aws, ports.api, ports.site))
    assert left.returncode == 1, f"left running: {left.stdout}"
