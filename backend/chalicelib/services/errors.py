"""Outcomes the use cases report; api/responses.py maps each to a status code."""


class ComplaintNotFound(Exception):
    """Unknown reference, or a tracking token that does not open it: the same answer for both."""


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


class RateLimited(Exception):
    """Too many submissions from one client."""


class AddressLimited(RateLimited):
    """Too many complaints for one email address today: the portal is no way to flood a mailbox."""


class NotAllowedForRole(Exception):
    """The staff member's role may not take this action (only supervisors assign)."""


class AttachmentNotReleased(Exception):
    """The file is not available to handlers: its malware scan is pending or found a threat."""

    def __init__(self, verdict: str):
        super().__init__(verdict)
        self.verdict = verdict
