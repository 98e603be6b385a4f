"""`make run` (python -m devstack): prints the three addresses and leaves no process behind on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from devstack.addresses import HOST, Ports
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def test_the_runner_prints_the_addresses_and_ctrl_c_stops_everything() -> None:
    """All three servers answer while it runs; after SIGINT, none of their ports is open."""
    ports = Ports.free()
    env = {**os.environ, "AWS_PORT": str(ports.aws), "API_PORT": str(ports.api), "SITE_PORT": str(ports.site)}
    runner = subprocess.Popen(
        [sys.executable, "-m", "devstack"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = runner.stdout.readline()  # type: ignore[union-attr]
            output.append(line)
            if "Ctrl-C" in line or runner.poll() is not None:
                break
        text = "".join(output)
        for url in (ports.aws_url, ports.api_url, ports.site_url, ports.mailbox_url):
            assert url in text, text
        assert all(listening(port) for port in (ports.aws, ports.api, ports.site))
        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=30) == 0
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
        runner.stdout.close()  # type: ignore[union-attr]
    time.sleep(0.5)
    assert not any(listening(port) for port in (ports.aws, ports.api, ports.site))
    leftovers = subprocess.run(["pgrep", "-f", f"--port {ports.api}"], capture_output=True, text=True).stdout
    assert leftovers.strip() == ""
