"""Local ports and addresses (CONTRACT.md section 1), each overridable by its variable."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Ports:
    aws: int
    api: int
    site: int

    @classmethod
    def from_environment(cls) -> Ports:
        return cls(
            aws=int(os.environ.get("AWS_PORT", "5000")),
            api=int(os.environ.get("API_PORT", "8000")),
            site=int(os.environ.get("SITE_PORT", "8001")),
        )

    @classmethod
    def free(cls) -> Ports:
        """Three ports nothing listens on, for tests that run beside `make run`."""
        return cls(aws=free_port(), api=free_port(), site=free_port())

    @property
    def aws_url(self) -> str:
        return f"http://{HOST}:{self.aws}"

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.api}"

    @property
    def site_url(self) -> str:
        return f"http://{HOST}:{self.site}"

    @property
    def mailbox_url(self) -> str:
        return f"{self.aws_url}/moto-api/data.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {HOST}:{port} after {timeout:.0f} s")
