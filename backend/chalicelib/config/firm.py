"""Reads the firm's configuration file (config/firm.toml), shared by backend and site."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from ..domain.firm import Firm

FIRM_FILE = Path(__file__).parent / "firm.toml"


@lru_cache(maxsize=4)
def load_firm(path: Path = FIRM_FILE) -> Firm:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return Firm(**data)
