"""Responses the routes share, and the one table that maps what a service reports to an HTTP status.

Customer routes answer in the request's language (CONTRACT.md section 2); staff routes answer with
codes the console and the `complaints` command translate.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from .. import i18n
from ..adapters.ports import ConcurrentUpdate, FileUnavailable, StorageUnavailable
from ..domain.lifecycle import ActionRefused
from ..domain.validation import InvalidSubmission
from ..domain.value import frozen
from ..log import log_event
from ..services.errors import (
    AddressLimited,
    AttachmentNotReleased,
    ComplaintNotFound,
    IdempotencyConflict,
    NotAllowedForRole,
    RateLimited,
)

RETRY_AFTER_UNAVAILABLE = "5"  # seconds: a dependency's hiccup, the same request will work
RETRY_AFTER_RATE_LIMITED = "3600"  # a client's limit counts per hour
RETRY_AFTER_ADDRESS_LIMITED = "86400"  # an email address's, per day


@frozen
class Refusal:
    """The HTTP status and error code a service error becomes."""

    status: int
    code: str
    retry_after: str | None = None


# What each service error means to a client. Field errors (InvalidSubmission, ActionRefused) carry
# their own codes; AttachmentNotReleased names the file's scan verdict.
REFUSALS: dict[type[Exception], Refusal] = {
    ComplaintNotFound: Refusal(404, "not_found"),
    NotAllowedForRole: Refusal(403, "role_not_allowed"),
    IdempotencyConflict: Refusal(409, "idempotency_conflict"),
    AttachmentNotReleased: Refusal(409, "scan_pending"),
    RateLimited: Refusal(429, "rate_limited", RETRY_AFTER_RATE_LIMITED),
    AddressLimited: Refusal(429, "address_limited", RETRY_AFTER_ADDRESS_LIMITED),
    StorageUnavailable: Refusal(503, "unavailable", RETRY_AFTER_UNAVAILABLE),
    FileUnavailable: Refusal(503, "unavailable", RETRY_AFTER_UNAVAILABLE),
    # The services retry a lost race a few times; losing every time is a busy moment, not an error.
    ConcurrentUpdate: Refusal(503, "unavailable", RETRY_AFTER_UNAVAILABLE),
}
HANDLED: tuple[type[Exception], ...] = (InvalidSubmission, ActionRefused, *REFUSALS)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False, default=str),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", **(headers or {})},
    )


def refusal_of(error: Exception) -> Refusal:
    for kind in type(error).__mro__:
        if kind in REFUSALS:
            return REFUSALS[kind]
    raise error


def _headers(refusal: Refusal) -> dict[str, str]:
    return {"Retry-After": refusal.retry_after} if refusal.retry_after else {}


def customer_error(error: Exception, language: str) -> Response:
    """A service error as the customer reads it: the contract's shape, in their language."""
    if isinstance(error, InvalidSubmission):
        return json_response(400, i18n.error_body(language, error.errors))
    refusal = refusal_of(error)
    if refusal.status >= 500:
        log_event("dependency_unavailable", error=type(error).__name__)
    return json_response(refusal.status, i18n.request_error_body(language, refusal.code), _headers(refusal))


def request_error(status: int, language: str | None, code: str, **params: Any) -> Response:
    """An error about the request itself (its type, size or JSON), before any service runs."""
    return json_response(status, i18n.request_error_body(language or "en", code, **params))


def staff_error_body(problems: list[tuple[str | None, str]], **params: Any) -> dict[str, Any]:
    return {
        "errors": [
            {"field": field, "code": code, "message": f"{field or 'request'}: {code}", **params}
            for field, code in problems
        ]
    }


def staff_error(error: Exception) -> Response:
    """A service error as the staff API answers it: codes, not sentences."""
    if isinstance(error, ActionRefused):
        status = 409 if error.problems == [(None, "transition_not_allowed")] else 400
        return json_response(status, staff_error_body(error.problems, **error.params))
    if isinstance(error, AttachmentNotReleased):
        return json_response(409, staff_error_body([("upload_id", f"scan_{error.verdict}")]))
    refusal = refusal_of(error)
    field = "reference" if isinstance(error, ComplaintNotFound) else None
    return json_response(refusal.status, staff_error_body([(field, refusal.code)]), _headers(refusal))


def answer(call: Callable[[], Response], on_error: Callable[[Exception], Response]) -> Response:
    """The route's answer, or the table's for a service error; anything else is a bug and propagates."""
    try:
        return call()
    except HANDLED as error:
        return on_error(error)
