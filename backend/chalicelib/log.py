"""Structured JSON logs. Callers pass references, codes and counts: never personal data."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_logger = logging.getLogger("complaints")
if not _logger.handlers:
    _handler = logging.StreamHandler(sys.stdout)
    _handler.setFormatter(logging.Formatter("%(message)s"))
    _logger.addHandler(_handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False

ALLOWED_FIELDS = frozenset(
    {
        "reference",
        "status",
        "code",
        "codes",
        "count",
        "attempts",
        "kind",
        "stage",
        "outcome",
        "fields",
        "error",
        "overdue",
        "pending_acknowledgements",
        "role",
    }
)


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One JSON line. Unknown field names are refused, so personal data cannot slip in by name."""
    unknown = set(fields) - ALLOWED_FIELDS
    if unknown:
        raise ValueError(f"log fields not allowed: {sorted(unknown)}")
    _logger.log(level, json.dumps({"event": event, **fields}, default=str, sort_keys=True))
