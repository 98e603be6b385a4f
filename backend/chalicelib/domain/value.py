"""`@frozen`: a dataclass as immutable as a frozen one, whose methods but __init__ are shared.

CPython's dataclass compiles six functions for each frozen class when its module is imported (it
writes their source and runs exec). The Lambda handler imports some forty records, and those compiles
were the largest part of its cold start after boto3 (design/performance.md). Equality, hash, repr and
the immutability guards are the same code for every record, so they are written once here; dataclass
writes __init__ alone. Behaviour is a frozen dataclass's: each field is set once, by __init__, and
nothing is set or deleted afterwards (FrozenInstanceError); equal when of the same class with equal
compared fields, hashed by those fields, shown as Name(field=value, ...); `dataclasses.replace`,
`fields` and `asdict` work as on any dataclass (tests/unit/test_value_records.py). Type checkers see
a frozen dataclass (dataclass_transform).
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, TypeVar, dataclass_transform

Record = TypeVar("Record", bound=type)


def _hashed(record: Any) -> tuple[Any, ...]:
    return tuple(
        getattr(record, each.name)
        for each in dataclasses.fields(record)
        if (each.compare if each.hash is None else each.hash)
    )


def _eq(self: Any, other: Any) -> Any:  # a bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = [each.name for each in dataclasses.fields(self) if each.compare]
    return tuple(getattr(self, name) for name in compared) == tuple(getattr(other, name) for name in compared)


def _hash(self: Any) -> int:
    return hash(_hashed(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{each.name}={getattr(self, each.name)!r}" for each in dataclasses.fields(self) if each.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    # Each field is set once, by __init__; after that nothing is set, as on a frozen dataclass.
    if name in self.__dict__ or name not in self.__dataclass_fields__:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: Record) -> Record:
    """Makes `cls` a dataclass, immutable as a frozen one, with the shared methods above."""
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    cls.__repr__ = _repr  # type: ignore[assignment]
    cls.__setattr__ = _setattr  # type: ignore[assignment]
    cls.__delattr__ = _delattr  # type: ignore[assignment]
    dataclasses.dataclass(eq=False, repr=False)(cls)  # only __init__ is written; the class changed in place
    return cls
