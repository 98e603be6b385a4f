"""The one table that maps what a service reports to an HTTP status (api/responses.py)."""

from __future__ import annotations

import json

import pytest
from chalicelib.adapters.ports import ConcurrentUpdate, FileUnavailable, StorageUnavailable
from chalicelib.api.responses import customer_error, staff_error
from chalicelib.services.errors import ComplaintNotFound, IdempotencyConflict, NotAllowedForRole, RateLimited


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (ComplaintNotFound(), 404, "not_found"),
        (IdempotencyConflict(), 409, "idempotency_conflict"),
        (RateLimited(), 429, "rate_limited"),
        (StorageUnavailable("down"), 503, "unavailable"),
        (FileUnavailable("down"), 503, "unavailable"),
        (ConcurrentUpdate(), 503, "unavailable"),  # a race lost more often than the retries allow
    ],
)
def test_every_service_error_has_its_status_for_customers_and_staff(error: Exception, status: int, code: str) -> None:
    """The same status on both sides; the customer reads a sentence, the staff API a code."""
    for response in (customer_error(error, "fr"), staff_error(error)):
        assert response.status_code == status
        (entry,) = json.loads(response.body)["errors"]
        assert entry["code"] == code and entry["message"]


def test_a_role_refusal_is_a_staff_403() -> None:
    """Only staff routes check roles; the console and the CLI translate the code."""
    response = staff_error(NotAllowedForRole("assign"))
    assert response.status_code == 403
    assert json.loads(response.body)["errors"][0]["code"] == "role_not_allowed"


def test_a_dependency_error_tells_the_client_when_to_retry() -> None:
    """503 and 429 carry Retry-After, so the form and the CLI wait instead of hammering."""
    assert staff_error(ConcurrentUpdate()).headers["Retry-After"] == "5"
    assert customer_error(RateLimited(), "en").headers["Retry-After"] == "3600"


def test_an_error_outside_the_table_is_not_hidden() -> None:
    """A bug propagates (the gateway's 500 and an alarm) rather than becoming a misleading answer."""
    with pytest.raises(KeyError):
        staff_error(KeyError("bug"))
