"""How long a complaint's records are kept: a set number of years after it is closed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .complaint import Complaint


def end_of_retention(closed_at: datetime, years: int) -> datetime:
    try:
        return closed_at.replace(year=closed_at.year + years)
    except ValueError:  # 29 February
        return closed_at.replace(year=closed_at.year + years, day=28)


def with_retention(complaint: Complaint, years: int) -> Complaint:
    """A closed complaint expires `years` after closing; reopening it (a referral) lifts the expiry,
    and so does a legal hold for as long as it lasts."""
    closed = complaint.status == "closed" and complaint.closed_at is not None
    held = complaint.supervision.legal_hold is not None
    expires = end_of_retention(complaint.closed_at, years) if closed and not held and complaint.closed_at else None
    return complaint if expires == complaint.expires_at else replace(complaint, expires_at=expires)
