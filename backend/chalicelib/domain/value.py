"""`@frozen`: a frozen dataclass whose equality, hash and repr are shared rather than generated.

CPython's dataclass compiles six functions for each frozen class when its module is imported (it
writes their source and runs exec). The Lambda handler imports some forty records, and those compiles
were the largest part of its cold start after boto3 (design/performance.md). Equality, hash and
repr are the same code for every record, so they are written once here; dataclass still writes
__init__ and the frozen guards. Behaviour is dataclass's own: equal when of the same class with equal
compared fields, hashed by those fields, shown as Name(field=value, ...); `dataclasses.replace`,
`fields` and `asdict` work as on any dataclass (tests/unit/test_value_records.py).
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


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: Record) -> Record:
    """Makes `cls` a frozen dataclass with the shared methods above."""
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    cls.__repr__ = _repr  # type: ignore[assignment]
    dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)  # the class itself, changed in place
    return cls
