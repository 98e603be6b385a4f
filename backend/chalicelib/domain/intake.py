"""A complaint as it is opened, from a validated submission."""

from __future__ import annotations

from datetime import datetime

from .complaint import Complaint, Submission, Triage
from .profiles import PolicyProfile
from .schedule import URGENT_CATEGORY, compute_deadlines


def open_complaint(
    reference: str, submission: Submission, received_at: datetime, profile: PolicyProfile, token_hash: str
) -> Complaint:
    """Deadlines from the profile; urgent when it is an unauthorised transaction; a representative's
    authority starts as missing until the power of attorney arrives (seed 004 §12)."""
    local = received_at.astimezone(profile.zone)
    urgent = submission.category == URGENT_CATEGORY
    return Complaint(
        reference=reference,
        submission=submission,
        received_at=local,
        deadlines=compute_deadlines(profile, local, submission.customer_type, None, submission.category, urgent),
        profile=profile.name,
        tracking_token_hashes=(token_hash,),
        triage=Triage(urgent=urgent, authority="missing" if submission.representative else "not_needed"),
    )
