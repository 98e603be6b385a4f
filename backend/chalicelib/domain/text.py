"""Cleaning of free text from the outside world."""

from __future__ import annotations

import unicodedata

# Bidirectional overrides and isolates can make text read differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n")


def normalise(text: str, *, multiline: bool) -> str:
    """Trim, unify line endings, turn tabs into spaces and compose characters (NFC)."""
    text = text.replace("\t", " ")
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.strip())


def has_forbidden_characters(text: str, *, multiline: bool) -> bool:
    """Control characters never pass, except line breaks in free text.

    Single-line fields refuse every line break, which keeps CR/LF out of email headers.
    """
    allowed = _LINE_BREAKS if multiline else frozenset()
    for char in text:
        if char in allowed:
            continue
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs"):
            return True
    return False
