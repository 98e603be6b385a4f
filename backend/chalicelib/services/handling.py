"""Use cases of the complaints team: apply a handler's action, store it with its event and its
letter in one write, then deliver the letter (retried until sent if the mail service is down)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Literal

from .. import emails
from ..adapters.ports import ComplaintRepository, ConcurrentUpdate, Mailer, MailUnavailable, StorageUnavailable
from ..clock import Clock
from ..domain import acknowledgement as ack
from ..domain import handling
from ..domain import letters as outbox
from ..domain.complaint import Complaint
from ..domain.firm import Firm, requires_approval
from ..domain.letters import Letter
from ..domain.lifecycle import Change
from ..domain.profiles import PolicyProfile, get_profile
from ..domain.reference import hash_token, new_tracking_token
from ..domain.retention import with_retention
from ..domain.value import frozen
from ..emails.message import EmailMessage
from ..log import log_event
from .errors import ComplaintNotFound, NotAllowedForRole

Role = Literal["handler", "supervisor"]
SAVE_ATTEMPTS = 3


@frozen
class StaffMember:
    """Who acts on a complaint, and in which role."""

    user: str
    role: Role


# One handling step with its request's values bound (api/actions.py parses them): it gets the
# complaint as stored, who acts, when, and the complaint's policy profile.
Step = Callable[[Complaint, str, datetime, PolicyProfile], Change]
# Handing work to someone else, agreeing a final answer (seed 004 §24) and holding records for a
# court are a supervisor's calls.
SUPERVISOR_ONLY = frozenset(
    {"assign", "approve_final_response", "return_final_response", "place_legal_hold", "lift_legal_hold"}
)


def perform(
    reference: str,
    action: str,
    step: Step,
    *,
    staff: StaffMember,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    firm: Firm,
) -> Complaint:
    """Apply one action; raises ComplaintNotFound, ActionRefused, NotAllowedForRole or StorageUnavailable."""
    if action in SUPERVISOR_ONLY and staff.role != "supervisor":
        raise NotAllowedForRole(action)
    for _ in range(SAVE_ATTEMPTS):
        complaint = repository.get(reference)
        if complaint is None:
            raise ComplaintNotFound()
        profile = get_profile(complaint.profile)
        change = step(complaint, staff.user, clock(), profile)
        if requires_approval(firm, complaint.profile):
            change = handling.for_approval(complaint, change)  # the letter waits for a supervisor
        change = replace(change, complaint=with_retention(change.complaint, firm.retention_years))
        letter = None
        if change.letter:
            change, letter = _letter(change, firm, profile, clock)
        try:
            repository.save(change.complaint, change.event, letter)
        except ConcurrentUpdate:
            continue  # someone changed it meanwhile: read again and re-check the action
        log_event("complaint_changed", reference=reference, kind=action, status=change.complaint.status)
        if change.complaint.expires_at != complaint.expires_at:
            repository.set_expiry(reference, change.complaint.expires_at)
        if letter:
            deliver(letter, repository=repository, mailer=mailer, clock=clock)
        return change.complaint
    raise StorageUnavailable("the complaint kept changing; try again")


def preview(
    reference: str,
    action: str,
    step: Step,
    *,
    staff: StaffMember,
    repository: ComplaintRepository,
    clock: Clock,
    firm: Firm,
) -> Letter | None:
    """The letter `perform` would send for this action, in the customer's language, with nothing stored
    or sent; None when the action sends no letter. The same checks run, so a refusal shows early."""
    if action in SUPERVISOR_ONLY and staff.role != "supervisor":
        raise NotAllowedForRole(action)
    complaint = repository.get(reference)
    if complaint is None:
        raise ComplaintNotFound()
    profile = get_profile(complaint.profile)
    # Before any four-eyes hold: the supervisor approves this very letter.
    change = step(complaint, staff.user, clock(), profile)
    return _letter(change, firm, profile, clock)[1] if change.letter else None


def _letter(change: Change, firm: Firm, profile: PolicyProfile, clock: Clock) -> tuple[Change, Letter]:
    """The change's letter, and the change with the hash of the letter's own tracking token: only
    hashes are kept, so a later letter can link to the complaint only with a token minted for it."""
    kind, complaint, token = change.letter or "", change.complaint, None
    if kind in emails.TRACKED_LETTERS:
        token = new_tracking_token()
        complaint = ack.with_tracking_token(complaint, hash_token(token))
    message = emails.handler_letter(kind, complaint, firm, profile, change.letter_details, token)
    return replace(change, complaint=complaint), letter_of(message, kind, complaint, clock())


def letter_of(message: EmailMessage, kind: str, complaint: Complaint, created_at: datetime) -> Letter:
    """A rendered email as an outbox letter: stored pending with the change that calls for it."""
    return Letter(
        reference=complaint.reference,
        kind=kind,
        created_at=created_at,
        language=complaint.language,
        to=message.to,
        cc=message.cc,
        subject=message.subject,
        text=message.text,
        html=message.html,
    )


def deliver(letter: Letter, *, repository: ComplaintRepository, mailer: Mailer, clock: Clock) -> bool:
    """Claim, send, mark sent; False when someone else holds it or the mail service is down."""
    now = clock()
    if not outbox.can_claim(letter, now):
        return False
    claimed = outbox.claimed(letter, now)
    try:
        repository.replace_letter(claimed, letter)
    except (ConcurrentUpdate, StorageUnavailable):
        return False
    try:
        message_id = mailer.send(
            EmailMessage(
                to=claimed.to,
                cc=claimed.cc,
                subject=claimed.subject,
                text=claimed.text,
                html=claimed.html,
                tags={"kind": claimed.kind, "reference": claimed.reference},
            )
        )
    except MailUnavailable as error:
        log_event("letter_deferred", reference=letter.reference, kind=letter.kind, error=str(error))
        with contextlib.suppress(ConcurrentUpdate, StorageUnavailable):  # else the lease runs out
            repository.replace_letter(outbox.released(claimed), claimed)
        return False
    # A throttled write is tried again: an unrecorded send would go out again once the lease runs out.
    for _ in range(SAVE_ATTEMPTS):
        try:
            repository.replace_letter(outbox.sent(claimed, clock(), message_id), claimed)
            break
        except StorageUnavailable:
            continue
        except ConcurrentUpdate:
            break  # someone else holds it now: their send is recorded by them
    else:
        log_event("letter_unrecorded", reference=letter.reference, kind=letter.kind)
    log_event("letter_sent", reference=letter.reference, kind=letter.kind, attempts=claimed.attempts)
    return True


def retry_pending_letters(*, repository: ComplaintRepository, mailer: Mailer, clock: Clock) -> int:
    sent = 0
    for reference, key in repository.pending_letters():
        letter = repository.get_letter(reference, key)
        if letter and deliver(letter, repository=repository, mailer=mailer, clock=clock):
            sent += 1
    return sent
