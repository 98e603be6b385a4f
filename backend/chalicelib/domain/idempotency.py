"""Idempotent submission: the same Idempotency-Key and body give back the first answer.

The first answer holds the tracking token, which the firm stores only as a hash. To replay it,
the token is kept sealed under a pad derived from the Idempotency-Key itself: only the client
that holds the key can get the token back, and the stored record alone reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from typing import Any

from .value import frozen

IDEMPOTENCY_TTL_DAYS = 7


@frozen
class IdempotencyRecord:
    """A submission remembered by its Idempotency-Key, so that a retry gets the same answer."""

    key_hash: str
    body_hash: str
    reference: str
    sealed_token: str
    response: dict[str, Any]  # the 201 body without the tracking token


def is_valid_key(key: str) -> bool:
    try:
        uuid.UUID(key)
    except ValueError:
        return False
    return len(key) <= 36


def key_hash(key: str) -> str:
    return hashlib.sha256(b"idempotency-key:" + key.lower().encode()).hexdigest()


def body_hash(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # surrogatepass: a lone surrogate must hash (and then fail validation), not crash; valid text is unchanged.
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _pad(key: str, length: int) -> bytes:
    pad = hmac.new(key.lower().encode(), b"tracking-token-seal", hashlib.sha256).digest()
    if length > len(pad):
        raise ValueError("token longer than the seal")
    return pad[:length]


def seal_token(token: str, key: str) -> str:
    raw = token.encode()
    return bytes(a ^ b for a, b in zip(raw, _pad(key, len(raw)), strict=True)).hex()


def unseal_token(sealed: str, key: str) -> str:
    raw = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(raw, _pad(key, len(raw)), strict=True)).decode("ascii", errors="replace")
