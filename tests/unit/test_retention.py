"""How long a closed complaint is kept, and the legal hold that suspends its deletion."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from chalicelib.domain import handling
from chalicelib.domain.complaint import Complaint
from chalicelib.domain.retention import with_retention

from tests.support import new_complaint

CLOSED = datetime(2027, 1, 10, 9, tzinfo=UTC)


def closed() -> Complaint:
    complaint: Complaint = new_complaint()
    return replace(complaint, status="closed", closed_at=CLOSED)


def test_a_closed_complaint_expires_after_the_retention_years() -> None:
    """Five years after closure."""
    assert with_retention(closed(), 5).expires_at == datetime(2032, 1, 10, 9, tzinfo=UTC)


def test_a_held_complaint_never_expires_and_lifting_the_hold_restores_the_retention() -> None:
    """A court case keeps the records whatever their age; once lifted, the usual end returns."""
    expiring = with_retention(closed(), 5)
    held = with_retention(handling.place_legal_hold(expiring, "bob", CLOSED, "Court case 2-123/2027").complaint, 5)
    assert held.expires_at is None
    lifted = with_retention(handling.lift_legal_hold(held, "bob", CLOSED, "Judgment is final.").complaint, 5)
    assert lifted.expires_at == datetime(2032, 1, 10, 9, tzinfo=UTC)
