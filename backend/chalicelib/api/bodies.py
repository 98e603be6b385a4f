"""Reading a request's JSON body, refusing what no honest client sends before anything else reads it.

A complaint nests three levels deep (attachments: a list of objects), a staff action two. Deeper
JSON would only reach Python's recursion limit somewhere later (parsing, hashing, storing), so it
is refused here; so are lone surrogates (\\ud800 as a JSON escape), which no text encoding accepts.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 8


class Unreadable(Exception):
    """A body refused before any service runs: the field it concerns (None: the whole body) and why."""

    def __init__(self, field: str | None, code: str):
        super().__init__(f"{field or 'body'}: {code}")
        self.field = field
        self.code = code


def read_object(raw: str | bytes) -> dict[str, Any]:
    """The body's JSON object, or Unreadable: invalid_json, not_object or invalid_characters."""
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Unreadable(None, "invalid_json") from None
    if not isinstance(value, dict):
        raise Unreadable(None, "not_object")
    for name, item in value.items():
        if not _encodable(name):
            raise Unreadable(None, "invalid_json")
        _check(name, item)
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check(field: str, value: Any) -> None:
    """Walks a top-level field's value without recursion: too deep, or a string no encoding accepts."""
    pending: list[tuple[Any, int]] = [(value, 2)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list) and depth > MAX_DEPTH:
            raise Unreadable(None, "invalid_json")
        if isinstance(item, dict):
            if not all(_encodable(key) for key in item):
                raise Unreadable(field, "invalid_characters")
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and not _encodable(item):
            raise Unreadable(field, "invalid_characters")
