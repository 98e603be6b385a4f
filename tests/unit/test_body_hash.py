"""The idempotency body hash reads any JSON value the parser can produce (issue 11, finding 2)."""

from __future__ import annotations

from chalicelib.domain.idempotency import body_hash


def test_a_lone_surrogate_hashes_instead_of_crashing() -> None:
    """json.loads turns "\\ud800" into a lone surrogate; the hash must still be computed."""
    assert body_hash({"description": "\ud800"}) != body_hash({"description": "\udc00"})


def test_valid_text_hashes_as_before() -> None:
    """Hashes stored before the change still match a retry with the same body."""
    assert body_hash({"name": "Ana Jonaitienė"}) == "81a5f82a8b7743a9244dae6251d230ce8cb60928ae7b6ab8bfa6f5558bb97c05"
