"""Outcomes the use cases report to the HTTP layer, which maps each to a status code."""


class ComplaintNotFound(Exception):
    """Unknown reference, or a tracking token that does not open it: the same answer for both."""


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


class RateLimited(Exception):
    """Too many submissions from one client."""
