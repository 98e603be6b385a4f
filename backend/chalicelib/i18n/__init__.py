"""Message catalogues (en, fr, it): the one source of every word the customer reads.

The API's errors, the emails and the site's form all take their text from these files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..domain.complaint import DEFAULT_LANGUAGE, LANGUAGES
from ..domain.deadlines import Period
from ..domain.profiles import PolicyProfile, TimeLimit
from ..domain.validation import FieldError

CATALOGUE_DIR = Path(__file__).parent


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> Mapping[str, Any]:
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    with (CATALOGUE_DIR / f"{language}.json").open(encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def field_label(language: str, field: str) -> str:
    return str(catalogue(language)["fields"].get(field, field))


def error_message(language: str, error: FieldError) -> str:
    errors = catalogue(language)["errors"]
    if error.field is None:
        template = errors["request"][error.code]
    else:
        template = errors["fields"].get(error.field, {}).get(error.code) or errors["generic"].get(
            error.code, errors["generic"]["invalid"]
        )
    label = field_label(language, error.field) if error.field else ""
    return str(template).format(label=label, **error.params)


def error_body(language: str, errors: list[FieldError]) -> dict[str, list[dict[str, Any]]]:
    """The contract's error shape: one entry per field, all at once."""
    return {"errors": [{"field": e.field, "code": e.code, "message": error_message(language, e)} for e in errors]}


def request_error_body(language: str, code: str, **params: Any) -> dict[str, list[dict[str, Any]]]:
    return error_body(language, [FieldError(None, code, params)])


def category_label(language: str, code: str, extra: Mapping[str, Mapping[str, str]] | None = None) -> str:
    if extra and code in extra:
        return extra[code].get(language) or extra[code].get(DEFAULT_LANGUAGE, code)
    return str(catalogue(language)["categories"].get(code, {}).get("label", code))


def status_label(language: str, status: str) -> str:
    return str(catalogue(language)["statuses"].get(status, status))


def period_text(language: str, period: Period) -> str:
    periods = catalogue(language)["periods"]
    key = f"{period.unit}_one" if period.days == 1 else period.unit
    return str(periods[key]).format(n=period.days)


def time_limit_text(language: str, limit: TimeLimit | None) -> str:
    limits = catalogue(language)["time_limits"]
    if limit is None:
        return str(limits["none"])
    names = limits["period"]
    if limit.months % 12 == 0:
        years = limit.months // 12
        period = names["year_one"] if years == 1 else names["years"].format(n=years)
    else:
        period = names["month_one"] if limit.months == 1 else names["months"].format(n=limit.months)
    return elided(language, str(limits[limit.runs_from]).format(period=period))


def elided(language: str, text: str) -> str:
    """French elides "de" before a vowel: "dans un délai de un an" → "dans un délai d'un an"."""
    return re.sub(r"\bde (?=[aeiouyàâéèêîô])", "d'", text) if language == "fr" else text


def remedy_texts(language: str, profile: PolicyProfile) -> list[dict[str, str]]:
    """The routes open to a customer who disagrees, in order: internal, ADR, regulator, courts."""
    texts = catalogue(language)
    return [
        {
            "code": remedy.code,
            "kind": remedy.kind,
            "name": texts["remedies"][remedy.code]["name"],
            "how": texts["remedies"][remedy.code]["how"],
            "limit": time_limit_text(language, remedy.time_limit) if remedy.time_limit else "",
            "consumers_only": texts["time_limits"]["consumers_only"] if remedy.consumers_only else "",
            "url": remedy.url or "",
        }
        for remedy in profile.remedies
    ]


def time_zone_name(language: str, zone: str) -> str:
    """A time zone as its people name it ("heure de Vilnius"), not as the database does."""
    return str(catalogue(language)["time_zones"].get(zone, zone))


@lru_cache(maxsize=1)
def _countries() -> Mapping[str, Mapping[str, str]]:
    # Generated from Babel (CLDR), which the Lambda package does not ship: tests/unit/test_country_names.py
    # checks the table against it and rewrites it when run as a script.
    with (CATALOGUE_DIR / "countries.json").open(encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def country_name(language: str, code: str) -> str:
    """An ISO 3166-1 code as the language names the country: "FR" → "Francia"; the code if unknown."""
    names = _countries().get(language) or _countries()[DEFAULT_LANGUAGE]
    return str(names.get(code, code))
