"""Builders shared by the tests: a valid complaint body, a fixed clock."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

VALID_BODY: dict[str, Any] = {
    "language": "en",
    "email": "ana.jonaitiene@example.com",
    "has_account": True,
    "account_id": "EVP-4821-1193",
    "full_name": "Ana Jonaitienė",
    "country": "LT",
    "customer_type": "consumer",
    "category": "payment_delay",
    "description": "My transfer of 15 November has not reached the recipient.",
    "incident_date": "2026-11-15",
    "incident_time": "14:30",
    "transaction_ids": ["TX-99812"],
    "ticket_ids": [],
    "people_involved": None,
    "desired_resolution": "Deliver the transfer or refund it.",
    "actions_taken": "I called support twice.",
    "amount_disputed": {"value": "250.00", "currency": "EUR"},
    "phone": None,
    "address": None,
    "representative": None,
    "consent": True,
}


def body(**changes: Any) -> dict[str, Any]:
    """A valid complaint body with some fields changed (None removes nothing: it sets null)."""
    result = copy.deepcopy(VALID_BODY)
    result.update(changes)
    return result


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: str = "2026-11-20T10:00:00+00:00"):
        self.now = datetime.fromisoformat(now).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


def portal_config(
    profile: str = "payments-lt", submissions_per_hour: int = 20, submissions_per_address_per_day: int = 10
) -> Any:
    """The shipped firm under a chosen profile, as settings would build it."""
    from chalicelib.config.firm import load_firm
    from chalicelib.domain.complaint import DEFAULT_CATEGORIES
    from chalicelib.domain.profiles import get_profile
    from chalicelib.services.intake import PortalConfig

    return PortalConfig(
        firm=load_firm(),
        profile=get_profile(profile),
        categories=DEFAULT_CATEGORIES,
        submissions_per_hour=submissions_per_hour,
        submissions_per_address_per_day=submissions_per_address_per_day,
    )


def new_complaint(profile: str = "payments-lt", received: str = "2026-11-20T10:00:00+00:00", **changes: Any) -> Any:
    """A freshly opened complaint, built as the intake service builds it."""
    from chalicelib.domain.complaint import DEFAULT_CATEGORIES
    from chalicelib.domain.intake import open_complaint
    from chalicelib.domain.profiles import get_profile
    from chalicelib.domain.validation import validate_submission

    moment = datetime.fromisoformat(received)
    submission = validate_submission(body(**changes), latest_incident_date=moment.date(), categories=DEFAULT_CATEGORIES)
    return open_complaint("K7M2-QX9P", submission, moment, get_profile(profile), "token-hash")
