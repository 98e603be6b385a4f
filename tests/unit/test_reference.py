"""References are readable over the phone and not guessable; tokens are random and stored hashed."""

from __future__ import annotations

import itertools

from chalicelib.domain.reference import (
    REFERENCE_ALPHABET,
    REFERENCE_PATTERN,
    hash_token,
    new_reference,
    new_tracking_token,
    normalise_reference,
    token_matches,
)


def test_references_use_no_characters_that_sound_or_look_alike() -> None:
    """No 0/O, 1/I/L or U/V to confuse on the phone."""
    assert not set("01OILUV") & set(REFERENCE_ALPHABET)
    assert all(REFERENCE_PATTERN.match(new_reference()) for _ in range(200))


def test_references_are_drawn_at_random_not_in_sequence() -> None:
    """A thousand draws give a thousand different references, with no shared prefix pattern."""
    drawn = [new_reference() for _ in range(1000)]
    assert len(set(drawn)) == 1000
    assert len({reference[:4] for reference in drawn}) > 900


def test_the_reference_draw_uses_the_random_source_it_is_given() -> None:
    """Tests can force a collision by handing in a fixed source."""
    zeros = itertools.repeat(0)
    assert new_reference(lambda _: next(zeros)) == "2222-2222"


def test_a_typed_reference_is_made_canonical() -> None:
    """Lower case, spaces and a missing dash are forgiven; anything else is not a reference."""
    assert normalise_reference(" k7m2 qx9p ") == "K7M2-QX9P"
    assert normalise_reference("K7M2QX9P") == "K7M2-QX9P"
    assert normalise_reference("K7M2-QX9") is None
    assert normalise_reference("K0M2-QX9P") is None


def test_tracking_tokens_carry_at_least_128_random_bits_and_are_checked_by_hash() -> None:
    """Only the hash is stored; the comparison needs the exact token."""
    token = new_tracking_token()
    assert len(token) * 6 >= 128
    assert token != new_tracking_token()
    stored = hash_token(token)
    assert token not in stored
    assert token_matches(token, stored)
    assert not token_matches(token[:-1] + ("A" if token[-1] != "A" else "B"), stored)
