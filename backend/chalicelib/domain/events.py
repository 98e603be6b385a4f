"""The complaint's history: append-only events, never changed or deleted."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import Any

from .value import frozen

SYSTEM = "system"
CUSTOMER = "customer"


@frozen
class Event:
    """One entry of a complaint's history: who did what, and when."""

    at: datetime
    actor: str  # "customer", "system", or a handler's id
    kind: str  # what happened, e.g. "received", "acknowledgement_sent"
    status_from: str | None = None
    status_to: str | None = None
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  # never personal data
