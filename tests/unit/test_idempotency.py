"""Idempotency keys, body fingerprints and the sealed tracking token."""

from __future__ import annotations

import uuid

from chalicelib.domain.idempotency import body_hash, is_valid_key, key_hash, seal_token, unseal_token


def test_a_key_must_be_a_uuid() -> None:
    """The form creates a UUID once per complaint; anything else is refused."""
    assert is_valid_key(str(uuid.uuid4()))
    assert not is_valid_key("my-key")
    assert not is_valid_key("")


def test_the_body_fingerprint_ignores_key_order_but_not_values() -> None:
    """The same body sent again matches; a changed value does not."""
    assert body_hash({"a": 1, "b": "é"}) == body_hash({"b": "é", "a": 1})
    assert body_hash({"a": 1}) != body_hash({"a": 2})


def test_the_sealed_token_opens_only_with_its_key() -> None:
    """The stored record alone does not reveal the token; the client's key does."""
    key, other = str(uuid.uuid4()), str(uuid.uuid4())
    sealed = seal_token("sEcReT-token_123456789012", key)
    assert "sEcReT" not in bytes.fromhex(sealed).decode("latin-1")
    assert unseal_token(sealed, key) == "sEcReT-token_123456789012"
    assert unseal_token(sealed, other) != "sEcReT-token_123456789012"


def test_key_hashes_do_not_depend_on_letter_case() -> None:
    """UUIDs are case-insensitive."""
    key = str(uuid.uuid4())
    assert key_hash(key) == key_hash(key.upper())
