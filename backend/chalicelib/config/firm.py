"""Reads the firm's configuration file (config/firm.toml), shared by backend and site."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..domain.complaint import DEFAULT_LANGUAGE
from ..domain.firm import AdrBody, Brand, Escalation, Firm, IncompleteAdrBody

FIRM_FILE = Path(__file__).parent / "firm.toml"


@lru_cache(maxsize=4)
def load_firm(path: Path = FIRM_FILE) -> Firm:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    if "escalation" in data:
        data["escalation"] = Escalation(**data["escalation"])
    if "brand" in data:
        data["brand"] = Brand(**data["brand"])
    data["adr_bodies"] = {profile: _adr_body(profile, body) for profile, body in data.get("adr_bodies", {}).items()}
    for key, table in (("postal_address", "postal_addresses"), ("supervisor", "supervisors")):
        if key in data:  # a missing one is left for Firm to refuse
            data[key], data[table] = _per_language(data[key])
    return Firm(**data)


def _per_language(value: str | dict[str, str]) -> tuple[str, dict[str, str]]:
    """A value given as one string, or as a table {en = ..., fr = ..., it = ...}: the English (the
    fallback for a language left out) and the table."""
    if isinstance(value, dict):
        return value.get(DEFAULT_LANGUAGE, ""), dict(value)
    return value, {}


def _adr_body(profile: str, body: dict[str, Any]) -> AdrBody:
    missing = {"name", "postal_address", "website"} - set(body)
    if missing:
        raise IncompleteAdrBody(f"[adr_bodies.{profile}] has no {', '.join(sorted(missing))}")
    name, names = _per_language(body["name"])
    address, addresses = _per_language(body["postal_address"])
    return AdrBody(name, address, body["website"], names, addresses)
