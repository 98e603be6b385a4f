"""Reads the firm's configuration file (config/firm.toml), shared by backend and site."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from ..domain.firm import AdrBody, Escalation, Firm, IncompleteAdrBody

FIRM_FILE = Path(__file__).parent / "firm.toml"


@lru_cache(maxsize=4)
def load_firm(path: Path = FIRM_FILE) -> Firm:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    if "escalation" in data:
        data["escalation"] = Escalation(**data["escalation"])
    data["adr_bodies"] = {profile: _adr_body(profile, body) for profile, body in data.get("adr_bodies", {}).items()}
    return Firm(**data)


def _adr_body(profile: str, body: dict[str, str]) -> AdrBody:
    missing = {"name", "postal_address", "website"} - set(body)
    if missing:
        raise IncompleteAdrBody(f"[adr_bodies.{profile}] has no {', '.join(sorted(missing))}")
    return AdrBody(**body)
