"""Dataclasses to plain records and back: dates as ISO text, tuples as lists, None kept.

Decoding follows the dataclass's type hints, so a new field needs no new storage code.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: encode(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    return value


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(cls: type[T], data: dict[str, Any]) -> T:
    target: Any = cls
    hints = _hints(target)
    names = {item.name for item in dataclasses.fields(target)}
    return cls(**{name: _decode_value(hints[name], value) for name, value in data.items() if name in names})


def _decode_value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        return _decode_value(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        return tuple(_decode_value(typing.get_args(hint)[0], item) for item in value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is int or isinstance(value, Decimal):  # DynamoDB gives numbers back as Decimal
        return int(value)
    if dataclasses.is_dataclass(hint):
        return decode(hint, value)  # type: ignore[arg-type]
    return value
