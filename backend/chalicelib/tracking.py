"""A customer's access to their complaint: its reference and a tracking token."""

from __future__ import annotations

from .adapters.ports import ComplaintRepository
from .domain.complaint import Complaint
from .domain.reference import normalise_reference, token_matches
from .errors import ComplaintNotFound


def find_for_customer(reference: str, token: str | None, *, repository: ComplaintRepository) -> Complaint:
    """The complaint a reference and tracking token open. Unknown reference and wrong token are the
    same ComplaintNotFound, so nothing tells which it was."""
    canonical = normalise_reference(reference)
    complaint = repository.get(canonical) if canonical else None
    if complaint is None or not token or not _token_fits(token, complaint.tracking_token_hashes):
        raise ComplaintNotFound()
    return complaint


def _token_fits(token: str, hashes: tuple[str, ...]) -> bool:
    # Compare with every stored hash, without stopping early.
    matches = [token_matches(token, stored) for stored in hashes]
    return any(matches)
