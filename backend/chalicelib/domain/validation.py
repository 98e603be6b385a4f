"""Validation of a complaint submission: every field error at once, as codes.

Messages are not made here: the i18n catalogues turn (field, code, params) into text in the
customer's language. Unknown fields are ignored, so nothing unexpected is ever stored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import field as default
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from .attachments import MAX_FILES, PURPOSES, UPLOAD_ID, AttachmentRef, Purpose
from .complaint import LANGUAGES, Money, Representative, Submission
from .countries import COUNTRY_CODES
from .profiles import CUSTOMER_TYPES
from .reference import REFERENCE_PATTERN
from .text import has_forbidden_characters, normalise
from .value import frozen

MAX_LENGTH = {
    "email": 254,
    "account_id": 100,
    "full_name": 200,
    "description": 10_000,
    "desired_resolution": 5_000,
    "actions_taken": 5_000,
    "people_involved": 2_000,
    "phone": 30,
    "address": 500,
    "list_item": 100,
    "representative.name": 200,
    "representative.capacity": 100,
    "incident_date": 10,
    "incident_time": 5,
    "amount_disputed.value": 40,
    "amount_disputed.currency": 10,
}
MIN_DESCRIPTION = 10
MAX_LIST_ITEMS = 50
EARLIEST_INCIDENT = date(1970, 1, 1)

# One shape in two dialects: Python's `re` has no \p{...} classes and JavaScript's \w is ASCII only.
_EMAIL_SHAPE = r'^[^\s@<>()\[\],;:"\\]{{1,64}}@(?=.{{1,253}}$)(?:{alnum}(?:{word}{{0,61}}{alnum})?\.)+{letter}{{2,63}}$'
EMAIL_PATTERN = re.compile(_EMAIL_SHAPE.format(alnum=r"[^\W_]", word=r"[\w-]", letter=r"[^\W\d_]"))
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ().\-/]{4,29}$")
TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
AMOUNT_PATTERN = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,18})?$")
CURRENCY_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")  # ISO 4217, and crypto-asset tickers
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# The same patterns as JavaScript sources (for `new RegExp(source, "u")`): the form checks answers
# with these before sending (config/site_context.py hands them to the page).
JS_PATTERNS = {
    "email": _EMAIL_SHAPE.format(alnum=r"[\p{L}\p{N}]", word=r"[\p{L}\p{N}_-]", letter=r"\p{L}"),
    "phone": PHONE_PATTERN.pattern,
    "time": TIME_PATTERN.pattern,
    "amount": AMOUNT_PATTERN.pattern,
    "currency": CURRENCY_PATTERN.pattern,
    "date": DATE_PATTERN.pattern,
    "reference": REFERENCE_PATTERN.pattern,
}


@frozen
class FieldError:
    """One reason a request was refused: the field (None for the whole request) and a code."""

    field: str | None  # None: the request as a whole
    code: str
    params: Mapping[str, Any] = default(default_factory=dict)


class InvalidSubmission(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__(f"{len(errors)} invalid field(s)")
        self.errors = errors


def is_valid_email(value: str) -> bool:
    return bool(EMAIL_PATTERN.match(value))


def request_language(raw: Any, fallback: str | None = None) -> str:
    """The language to answer in: the body's, else a supported fallback, else English."""
    if isinstance(raw, Mapping) and raw.get("language") in LANGUAGES:
        return str(raw["language"])
    return fallback if fallback in LANGUAGES else "en"


class _Reader:
    """Reads fields from the raw mapping, collecting errors instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any]):
        self.raw = raw
        self.errors: list[FieldError] = []

    def fail(self, name: str, code: str, **params: Any) -> None:
        self.errors.append(FieldError(name, code, params))

    def has_error(self, name: str) -> bool:
        return any(error.field == name for error in self.errors)

    def text(
        self,
        name: str,
        *,
        required: bool,
        multiline: bool = False,
        source: Mapping[str, Any] | None = None,
        key: str | None = None,
        max_length: int | None = None,
    ) -> str | None:
        value = (self.raw if source is None else source).get(key or name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, "required")
            return None
        if not isinstance(value, str):
            self.fail(name, "invalid")
            return None
        text = normalise(value, multiline=multiline)
        limit = max_length or MAX_LENGTH.get(name)
        if has_forbidden_characters(text, multiline=multiline):
            self.fail(name, "invalid_characters")
        elif limit and len(text) > limit:
            self.fail(name, "too_long", max=limit)
        return text

    def boolean(self, name: str) -> bool | None:
        value = self.raw.get(name)
        if value is None:
            self.fail(name, "required")
        elif not isinstance(value, bool):
            self.fail(name, "invalid")
        else:
            return value
        return None

    def choice(self, name: str, options: Collection[str]) -> str | None:
        value = self.text(name, required=True, max_length=100)
        if value is not None and value not in options:
            self.fail(name, "invalid")
            return None
        return value

    def text_list(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(name, "invalid")
            return ()
        items = tuple(normalise(item, multiline=False) for item in value)
        items = tuple(dict.fromkeys(item for item in items if item))  # drop blanks and repeats
        if len(items) > MAX_LIST_ITEMS:
            self.fail(name, "too_many", max=MAX_LIST_ITEMS)
        elif any(has_forbidden_characters(item, multiline=False) for item in items):
            self.fail(name, "invalid_characters")
        elif any(len(item) > MAX_LENGTH["list_item"] for item in items):
            self.fail(name, "item_too_long", max=MAX_LENGTH["list_item"])
        return items

    def email(self, name: str, source: Mapping[str, Any] | None = None, key: str | None = None) -> str | None:
        value = self.text(name, required=True, source=source, key=key, max_length=MAX_LENGTH["email"])
        if value is not None and not self.has_error(name) and not is_valid_email(value):
            self.fail(name, "invalid")
        return value


def _incident_date(reader: _Reader, latest: date) -> date | None:
    value = reader.text("incident_date", required=True)
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value) if DATE_PATTERN.match(value) else None
    except ValueError:
        parsed = None
    if parsed is None:
        reader.fail("incident_date", "invalid")
    elif parsed > latest:
        reader.fail("incident_date", "future")
    elif parsed < EARLIEST_INCIDENT:
        reader.fail("incident_date", "too_old")
    return parsed


def _amount(reader: _Reader) -> Money | None:
    raw = reader.raw.get("amount_disputed")
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        reader.fail("amount_disputed", "invalid")
        return None
    value = reader.text("amount_disputed.value", required=True, source=raw, key="value")
    currency = reader.text("amount_disputed.currency", required=True, source=raw, key="currency")
    if value is not None:
        value = value.replace(" ", "")
        if "," in value and "." not in value:  # 123,45 as written in French and Italian
            value = value.replace(",", ".")
        if not AMOUNT_PATTERN.match(value) or _decimal(value) <= 0:
            reader.fail("amount_disputed.value", "invalid")
    if currency is not None:
        currency = currency.upper()
        if not CURRENCY_PATTERN.match(currency):
            reader.fail("amount_disputed.currency", "invalid")
    return Money(value, currency) if value and currency else None


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        return Decimal(0)


def _representative(reader: _Reader) -> Representative | None:
    raw = reader.raw.get("representative")
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        reader.fail("representative", "invalid")
        return None
    name = reader.text("representative.name", required=True, source=raw, key="name")
    email = reader.email("representative.email", source=raw, key="email")
    capacity = reader.text("representative.capacity", required=True, source=raw, key="capacity")
    return Representative(name, email, capacity) if name and email and capacity else None


def validate_submission(
    raw: Mapping[str, Any], *, latest_incident_date: date, categories: Collection[str]
) -> Submission:
    """A clean Submission, or InvalidSubmission listing every field error at once.

    `latest_incident_date` is today where it is already tomorrow (UTC+14), so a customer
    anywhere can name today's date.
    """
    reader = _Reader(raw)
    has_account = reader.boolean("has_account")
    account_id = reader.text("account_id", required=bool(has_account))
    if has_account is False and account_id:
        reader.fail("account_id", "not_allowed")
    values: dict[str, Any] = {
        "language": reader.choice("language", LANGUAGES),
        "email": reader.email("email"),
        "has_account": has_account,
        "account_id": account_id if has_account else None,
        "full_name": reader.text("full_name", required=True),
        "country": _country(reader),
        "customer_type": reader.choice("customer_type", CUSTOMER_TYPES),
        "category": reader.choice("category", categories),
        "description": reader.text("description", required=True, multiline=True),
        "incident_date": _incident_date(reader, latest_incident_date),
        "incident_time": reader.text("incident_time", required=False),
        "transaction_ids": reader.text_list("transaction_ids"),
        "ticket_ids": reader.text_list("ticket_ids"),
        "people_involved": reader.text("people_involved", required=False, multiline=True),
        "desired_resolution": reader.text("desired_resolution", required=True, multiline=True),
        "actions_taken": reader.text("actions_taken", required=False, multiline=True),
        "amount_disputed": _amount(reader),
        "phone": reader.text("phone", required=False),
        "address": reader.text("address", required=False, multiline=True),
        "representative": _representative(reader),
        "attachments": _attachments(reader),
        "consent": raw.get("consent"),
    }
    if values["description"] and len(values["description"]) < MIN_DESCRIPTION:
        reader.fail("description", "too_short", min=MIN_DESCRIPTION)
    if values["incident_time"] and not TIME_PATTERN.match(values["incident_time"]):
        reader.fail("incident_time", "invalid")
    if values["phone"] and not reader.has_error("phone") and not PHONE_PATTERN.match(values["phone"]):
        reader.fail("phone", "invalid")
    if values["consent"] is not True:
        reader.fail("consent", "required" if values["consent"] in (None, False) else "invalid")
    if reader.errors:
        raise InvalidSubmission(reader.errors)
    return Submission(**values)


def _attachments(reader: _Reader) -> tuple[AttachmentRef, ...]:
    """Files uploaded beforehand for this submission, by upload id (domain/attachments.py)."""
    raw = reader.raw.get("attachments")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, Mapping) for item in raw):
        reader.fail("attachments", "invalid")
        return ()
    if len(raw) > MAX_FILES:
        reader.fail("attachments", "too_many", max=MAX_FILES)
        return ()
    refs = []
    for item in raw:
        upload_id, purpose = item.get("upload_id"), item.get("purpose") or "evidence"
        if not isinstance(upload_id, str) or not UPLOAD_ID.match(upload_id) or purpose not in PURPOSES:
            reader.fail("attachments", "invalid")
            return ()
        refs.append(AttachmentRef(upload_id, cast(Purpose, purpose)))
    return tuple(dict.fromkeys(refs))


def _country(reader: _Reader) -> str | None:
    text = reader.text("country", required=True, max_length=2)
    country = text.upper() if text else None
    if country and not reader.has_error("country") and country not in COUNTRY_CODES:
        reader.fail("country", "invalid")
    return country
