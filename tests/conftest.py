"""Fixtures shared by every test level."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "backend"
sys.path.insert(0, str(BACKEND))  # `import app`, as Lambda imports it
sys.path.insert(0, str(ROOT))  # `import tests.support`, `import devstack`


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real local stack (moto server, chalice local, the built site) on free ports."""
    from devstack.addresses import Ports
    from devstack.stack import LocalStack

    log = (tmp_path_factory.mktemp("stack") / "api.log").open("wb")
    # Every test files its complaints from 127.0.0.1, most for one address: the per-client and
    # per-address limits (proven by the unit and integration tests) would stop the session partway.
    stack = LocalStack(
        Ports.free(),
        site_dir=tmp_path_factory.mktemp("site"),
        api_log=log,
        api_settings={"SUBMISSIONS_PER_HOUR": "10000", "SUBMISSIONS_PER_ADDRESS_PER_DAY": "10000"},
    )
    with stack:
        yield stack
    log.close()


def sent_emails(stack: Any) -> list[dict[str, Any]]:
    """What the embedded AWS's SES has sent: subject, destinations and HTML body."""
    with urllib.request.urlopen(stack.ports.mailbox_url, timeout=10) as response:
        return list(json.load(response)["ses"]["Message"])


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and a region, so nothing can reach a real AWS account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).exists() else None
