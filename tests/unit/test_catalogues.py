"""The message catalogues (en, fr, it) say the same things in each language."""

from __future__ import annotations

import re
import string
from typing import Any, get_args

import pytest
from chalicelib import i18n
from chalicelib.domain.complaint import DEFAULT_CATEGORIES, LANGUAGES, Status
from chalicelib.domain.profiles import PROFILES
from chalicelib.domain.validation import MAX_LENGTH, FieldError


def flatten(tree: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(tree, dict):
        flat: dict[str, str] = {}
        for key, value in tree.items():
            flat.update(flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): tree}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_every_key_with_the_same_placeholders(language: str) -> None:
    """A missing key or a lost {placeholder} would break a message at run time."""
    english, other = flatten(i18n.catalogue("en")), flatten(i18n.catalogue(language))
    assert set(other) == set(english)
    assert {key: placeholders(text) for key, text in other.items()} == {
        key: placeholders(text) for key, text in english.items()
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_category_status_and_remedy_has_a_text(language: str) -> None:
    """The codes of the domain all have words in every language."""
    texts = i18n.catalogue(language)
    assert set(DEFAULT_CATEGORIES) <= set(texts["categories"])
    assert set(get_args(Status)) <= set(texts["statuses"])  # the track page names every status
    remedies = {remedy.code for profile in PROFILES.values() for remedy in profile.remedies}
    assert remedies <= set(texts["remedies"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_error_the_validator_can_raise_renders_without_a_gap(language: str) -> None:
    """Each (field, code) gives a full sentence: no {placeholder} left, no raw code."""
    for name in [
        *MAX_LENGTH,
        "language",
        "has_account",
        "country",
        "customer_type",
        "category",
        "incident_date",
        "consent",
        "amount_disputed.value",
        "amount_disputed.currency",
        "Idempotency-Key",
    ]:
        for code in ("required", "invalid", "too_long", "invalid_characters"):
            message = i18n.error_message(language, FieldError(name, code, {"max": 10, "min": 2}))
            assert not re.search(r"\{\w+\}", message) and len(message) > 10


def test_a_period_and_a_time_limit_read_naturally() -> None:
    """Singular and plural, and years rather than 72 months."""
    from chalicelib.domain.deadlines import Period
    from chalicelib.domain.profiles import TimeLimit

    assert i18n.period_text("en", Period(1)) == "1 business day"
    assert i18n.period_text("en", Period(30, "calendar")) == "30 calendar days"
    assert i18n.time_limit_text("en", TimeLimit(12, "complaint")) == "within one year of filing your complaint with us"
    assert i18n.time_limit_text("en", TimeLimit(72, "facts")) == "within 6 years of the events you complain about"
