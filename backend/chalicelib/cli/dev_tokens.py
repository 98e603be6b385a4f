"""Development staff tokens: shaped like Cognito access tokens, signed with the local stack's key.

Only `make run` and the tests have that key (devstack/staff_keys.py writes it); in AWS, staff sign in
to the Cognito user pool and no such key exists.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jwt

DEV_KEY = Path(".devstack/staff-signing-key.pem")
DEV_KEY_DESCRIPTION = "staff-dev.json"  # issuer, client id and key id, beside the key (devstack/staff_keys.py)


class NoDevelopmentKey(Exception):
    pass


def mint(
    private_key_pem: bytes,
    key_id: str,
    issuer: str,
    client_id: str,
    user: str,
    role: str,
    lifetime_seconds: int = 8 * 3600,
    now: float | None = None,
) -> str:
    """A token shaped like a Cognito access token, signed with a development key (local runs, tests)."""
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": user,
        "username": user,
        "cognito:groups": [role],
        "token_use": "access",
        "client_id": client_id,
        "iss": issuer,
        "iat": issued,
        "exp": issued + lifetime_seconds,
    }
    return jwt.encode(claims, private_key_pem, algorithm="RS256", headers={"kid": key_id})


def mint_from_key_file(user: str, role: str, key: str | None = None) -> str:
    """A token for `user` in `role`, signed with the key `make run` wrote (or $COMPLAINTS_DEV_KEY)."""
    key_file = Path(key or os.environ.get("COMPLAINTS_DEV_KEY") or DEV_KEY)
    described = key_file.with_name(DEV_KEY_DESCRIPTION)
    if not key_file.exists() or not described.exists():
        raise NoDevelopmentKey(f"No development key at {key_file}: start the local stack with `make run` first.")
    about = json.loads(described.read_text())
    return mint(key_file.read_bytes(), about["key_id"], about["issuer"], about["client_id"], user, role)
