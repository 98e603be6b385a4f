"""`@frozen` (chalicelib/domain/value.py) behaves exactly as `@dataclass(frozen=True)`: equality, hash, repr,
immutability, replace, fields, defaults. Each check runs on a `@frozen` record and its dataclass twin."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from chalicelib.domain.value import frozen


@frozen
class Money:
    amount: str
    currency: str = "EUR"
    note: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class MoneyTwin:
    amount: str
    currency: str = "EUR"
    note: str = field(default="", compare=False, repr=False)


@frozen
class Parcel:
    contents: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParcelTwin:
    contents: dict[str, str] = field(default_factory=dict)


@frozen
class OtherMoney:
    amount: str
    currency: str = "EUR"


CASES = [("10.00", "EUR", ""), ("10.00", "EUR", "a note"), ("10.00", "USD", ""), ("nan", "EUR", "")]


@pytest.mark.parametrize("first", CASES)
@pytest.mark.parametrize("second", CASES)
def test_equality_and_hash_follow_the_compared_fields_as_a_dataclass_does(
    first: tuple[str, str, str], second: tuple[str, str, str]
) -> None:
    ours = Money(*first) == Money(*second)
    assert ours == (MoneyTwin(*first) == MoneyTwin(*second))
    if ours:
        assert hash(Money(*first)) == hash(Money(*second))
    assert hash(Money(*first)) == hash(MoneyTwin(*first))  # the same tuple of compared fields


def test_a_float_nan_is_equal_to_itself_in_the_same_record_as_in_a_dataclass() -> None:
    nan = float("nan")
    ours, twin = Money(nan, "EUR"), MoneyTwin(nan, "EUR")  # type: ignore[arg-type]
    assert (ours == Money(nan, "EUR")) == (twin == MoneyTwin(nan, "EUR"))  # type: ignore[arg-type]


def test_records_of_different_classes_are_never_equal() -> None:
    assert Money("1", "EUR") != OtherMoney("1", "EUR")
    assert Money("1", "EUR") != ("1", "EUR")
    assert Money("1").__eq__(MoneyTwin("1")) is NotImplemented


def test_repr_is_the_dataclass_repr() -> None:
    assert repr(Money("1", "EUR", "secret")) == repr(MoneyTwin("1", "EUR", "secret")).replace("MoneyTwin", "Money")
    assert repr(Parcel({"a": "b"})) == "Parcel(contents={'a': 'b'})"


def test_an_unhashable_field_makes_the_record_unhashable_as_in_a_dataclass() -> None:
    with pytest.raises(TypeError):
        hash(ParcelTwin())
    with pytest.raises(TypeError):
        hash(Parcel())


def test_records_are_frozen_dataclasses() -> None:
    money = Money("1")
    with pytest.raises(FrozenInstanceError):
        money.amount = "2"  # type: ignore[misc]
    assert dataclasses.is_dataclass(money)
    assert [f.name for f in dataclasses.fields(money)] == ["amount", "currency", "note"]
    assert dataclasses.replace(money, currency="USD") == Money("1", "USD")
    assert Parcel().contents == {} and Parcel().contents is not Parcel().contents
    assert Money.__match_args__ == ("amount", "currency", "note")


@pytest.mark.parametrize("record", [Money("1"), MoneyTwin("1")], ids=["frozen", "dataclass"])
def test_nothing_is_set_or_deleted_after_construction(record: object) -> None:
    """As on a frozen dataclass: no field reassigned, no attribute added, none deleted."""
    for change in (
        lambda: setattr(record, "amount", "2"),
        lambda: setattr(record, "currency", "USD"),
        lambda: setattr(record, "extra", 1),
        lambda: delattr(record, "amount"),
        lambda: delattr(record, "extra"),
    ):
        with pytest.raises(FrozenInstanceError):
            change()
    assert (record.amount, record.currency) == ("1", "EUR")  # type: ignore[attr-defined]


def test_a_record_built_on_another_sets_every_field_once() -> None:
    @frozen
    class Priced(Money):
        label: str = "fee"

    priced = Priced("5", "EUR", label="card fee")
    assert (priced.amount, priced.label) == ("5", "card fee")
    assert priced != Money("5", "EUR") and priced == Priced("5", "EUR", label="card fee")
    with pytest.raises(FrozenInstanceError):
        priced.label = "other"  # type: ignore[misc]


def test_a_record_is_cheaper_to_define_than_a_frozen_dataclass() -> None:
    """What `@frozen` is for (the Lambda's cold start): it compiles fewer functions per class. Counted,
    not timed: the generated functions dataclass compiles with exec."""
    compiled: list[str] = []
    real_create = dataclasses._create_fn  # type: ignore[attr-defined]

    def counting(name: str, *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return real_create(name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataclasses, "_create_fn", counting)
        dataclass(frozen=True)(type("A", (), {"__annotations__": {"x": "int"}}))
        generated = len(compiled)
        compiled.clear()
        frozen(type("B", (), {"__annotations__": {"x": "int"}}))
    assert len(compiled) == 1 < generated  # __init__ alone
