"""The deadlines that apply to one complaint under a policy profile."""

from __future__ import annotations

from datetime import datetime

from .deadlines import Period, deadline_after
from .profiles import Complexity, CustomerType, PolicyProfile, Service, service_of
from .value import frozen

URGENT_CATEGORY = "unauthorised_transaction"


@frozen
class Deadlines:
    """The moments a complaint's acknowledgement, answer and investigation are due (UTC)."""

    acknowledge_by: datetime | None
    respond_by: datetime
    respond_by_extended: datetime | None
    investigate_by: datetime | None  # only for urgent categories under profiles that set one

    def as_json(self) -> dict[str, str | None]:
        return {name: _iso(value) for name, value in self.__dict__.items()}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def compute_deadlines(
    profile: PolicyProfile,
    received_at: datetime,
    customer_type: CustomerType,
    complexity: Complexity | None = None,
    category: str | None = None,
    urgent: bool | None = None,
    service: Service | None = None,
) -> Deadlines:
    """`urgent` defaults to whether the category is an unauthorised transaction, and `service` (which
    only a profile counting by service reads) to what the category tells; a handler's triage can
    set either."""

    def due(period: Period | None) -> datetime | None:
        return deadline_after(received_at, period, profile.country, profile.zone) if period else None

    if urgent is None:
        urgent = category == URGENT_CATEGORY
    service = service or service_of(category)
    return Deadlines(
        acknowledge_by=due(profile.acknowledge),
        respond_by=deadline_after(
            received_at, profile.respond_period(customer_type, complexity, service), profile.country, profile.zone
        ),
        respond_by_extended=due(profile.extended_period(customer_type, complexity, service)),
        investigate_by=due(profile.urgent_investigation) if urgent else None,
    )
