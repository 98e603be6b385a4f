"""The console's development sign-in (devstack/site.py): a short-lived staff token the local API
accepts, for a valid user name and role, asked by the site's own pages only; nothing without the
local stack's key. `make run` says how to use it."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalicelib.api.tokens import verify

from devstack.__main__ import banner
from devstack.addresses import Ports, free_port
from devstack.site import DEV_SIGN_IN, DEV_TOKEN_SECONDS, serve_site
from devstack.staff_keys import PRIVATE_KEY_FILE, write_dev_keys


@pytest.fixture
def keys(tmp_path: Path) -> Any:
    return write_dev_keys(tmp_path / "keys")


def served(tmp_path: Path, key: Path | None) -> Iterator[str]:
    (tmp_path / "site").mkdir(exist_ok=True)
    port = free_port()
    server = serve_site(tmp_path / "site", port, "http://127.0.0.1:1", "", signing_key=key)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(tmp_path: Path, keys: Any) -> Iterator[str]:
    yield from served(tmp_path, tmp_path / "keys" / PRIVATE_KEY_FILE)


def ask(site: str, body: Any, **headers: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{site}{DEV_SIGN_IN}",
        method="POST",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), dict(json.load(response))
    except urllib.error.HTTPError as error:
        return int(error.code), {}


@pytest.mark.parametrize("role", ["handler", "supervisor"])
def test_a_user_and_role_get_a_token_the_api_accepts_for_an_hour(site: str, keys: Any, role: str) -> None:
    status, answer = ask(site, {"user": "sofia", "role": role}, Origin=site)
    assert status == 200
    member = verify(answer["access_token"], keys)
    assert (member.user, member.role) == ("sofia", role)
    assert answer["expires_in"] == DEV_TOKEN_SECONDS <= 3600
    claims = json.loads(base64.urlsafe_b64decode(answer["access_token"].split(".")[1] + "==").decode())
    assert claims["exp"] - time.time() <= DEV_TOKEN_SECONDS + 5


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        pytest.param({"user": "alice", "role": "admin"}, {}, id="unknown-role"),
        pytest.param({"user": "alice\n", "role": "handler"}, {}, id="control-character"),
        pytest.param({"user": "", "role": "handler"}, {}, id="no-user"),
        pytest.param(["alice", "handler"], {}, id="not-an-object"),
        pytest.param({"user": "alice", "role": "handler"}, {"Origin": "https://evil.example"}, id="another-site"),
    ],
)
def test_anything_else_is_refused(site: str, body: Any, headers: dict[str, str]) -> None:
    assert ask(site, body, **headers)[0] == 400


def test_without_the_local_key_there_is_no_sign_in(tmp_path: Path) -> None:
    for site in served(tmp_path, None):
        assert ask(site, {"user": "alice", "role": "handler"})[0] == 404


def test_make_run_says_how_to_sign_in_to_the_console_as_a_handler_and_a_supervisor() -> None:
    ports = Ports(aws=5000, api=8000, site=8001)
    shown = banner(ports)
    assert f"{ports.site_url}/staff/" in shown
    assert "handler" in shown and "supervisor" in shown and "no AWS account" in shown
