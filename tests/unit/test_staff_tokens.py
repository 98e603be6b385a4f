"""The staff role comes from a list of group names, matched whole (issue 11, finding 9)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from chalicelib.api.tokens import TokenRefused, verify

from devstack.staff_keys import KEY_ID, PRIVATE_KEY_FILE, write_dev_keys


def token_with_groups(directory: Path, groups: Any) -> tuple[str, Any]:
    settings = write_dev_keys(directory)
    now = int(time.time())
    claims = {
        "sub": "mallory",
        "username": "mallory",
        "cognito:groups": groups,
        "token_use": "access",
        "client_id": settings.client_id,
        "iss": settings.issuer,
        "iat": now,
        "exp": now + 600,
    }
    pem = (directory / PRIVATE_KEY_FILE).read_bytes()
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": KEY_ID}), settings


@pytest.mark.parametrize(
    "groups",
    ["not-a-supervisor", "supervisor", "handlers", ["not-a-supervisor"], ["supervisor", 3], {"supervisor": 1}, None],
)
def test_a_groups_claim_that_is_not_a_list_of_staff_names_gives_no_role(tmp_path: Path, groups: Any) -> None:
    """A string would match by substring ("supervisor" in "not-a-supervisor"): refused, like any odd shape."""
    token, settings = token_with_groups(tmp_path, groups)
    with pytest.raises(TokenRefused):
        verify(token, settings)


@pytest.mark.parametrize(
    ("groups", "role"),
    [(["handler"], "handler"), (["supervisor"], "supervisor"), (["auditors", "handler", "supervisor"], "supervisor")],
)
def test_a_list_of_group_names_gives_the_strongest_staff_role(tmp_path: Path, groups: list[str], role: str) -> None:
    """Other groups are ignored; the strongest staff group wins."""
    token, settings = token_with_groups(tmp_path, groups)
    assert verify(token, settings).role == role
