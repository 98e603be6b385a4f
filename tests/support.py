"""Builders shared by the tests: a valid complaint body, a fixed clock, a complaints desk."""

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


def _handler() -> Any:
    from chalicelib.services.handling import StaffMember

    return StaffMember("alice", "handler")


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


class Desk:
    """A complaints desk on the in-memory twins: complaints filed through the intake, then handled as
    the staff API handles them (api/actions.py parses an action's body, services/handling.py acts).
    `act` and `preview` handle the complaint filed last unless given another reference."""

    def __init__(self, profile: str = "payments-lt", *, firm: Any = None) -> None:
        from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryMailer
        from chalicelib.config.firm import load_firm

        self.repository = MemoryComplaintRepository()
        self.mailer = MemoryMailer()
        self.clock = FixedClock()
        self.profile = profile
        self.firm = firm or load_firm()
        self.reference = ""
        self.token = ""  # the tracking code the customer was shown for that complaint

    def file(self, **fields: Any) -> str:
        """Files the valid body with `fields` changed; returns the new complaint's reference."""
        from chalicelib.services import intake

        result = intake.submit_complaint(
            body(**fields),
            idempotency_key=None,
            client_id="c",
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            config=portal_config(self.profile),
        )
        self.reference, self.token = result.body["reference"], result.body["tracking_token"]
        return self.reference

    def act(self, action: str, staff: Any = None, *, reference: str | None = None, **params: Any) -> Any:
        from chalicelib.api.actions import parse_action
        from chalicelib.services import handling

        return handling.perform(
            reference or self.reference,
            action,
            parse_action(action, params),
            staff=staff or _handler(),
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            firm=self.firm,
        )

    def preview(self, action: str, staff: Any = None, *, reference: str | None = None, **params: Any) -> Any:
        from chalicelib.api.actions import parse_action
        from chalicelib.services import handling

        return handling.preview(
            reference or self.reference,
            action,
            parse_action(action, params),
            staff=staff or _handler(),
            repository=self.repository,
            clock=self.clock,
            firm=self.firm,
        )


def desk_with_complaint(profile: str = "payments-lt", *, firm: Any = None, **fields: Any) -> Desk:
    """A desk holding one complaint: the valid body with `fields` changed."""
    desk = Desk(profile, firm=firm)
    desk.file(**fields)
    return desk
