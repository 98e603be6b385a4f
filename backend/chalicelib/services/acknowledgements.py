"""The acknowledgement email: claimed, sent and marked sent, so it goes out exactly once."""

from __future__ import annotations

import contextlib

from .. import emails
from ..adapters.ports import ComplaintRepository, ConcurrentUpdate, Mailer, MailUnavailable, StorageUnavailable
from ..clock import Clock
from ..domain import acknowledgement as ack
from ..domain.complaint import Complaint
from ..domain.events import Event
from ..domain.firm import Firm
from ..domain.letters import Letter
from ..domain.profiles import get_profile
from ..domain.reference import hash_token, new_tracking_token
from ..log import log_event
from .handling import deliver, letter_of

RECORD_ATTEMPTS = 3


def send_acknowledgement(
    reference: str,
    *,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    firm: Firm,
    token: str | None = None,
) -> bool:
    """Claim, send, mark sent. True when this call sent the acknowledgement.

    A retry has no tracking token (only its hash is stored), so it mints a new one and adds
    its hash: the token shown on screen and the one in the email both work.
    """
    minted = None
    try:
        complaint = repository.get(reference)
        now = clock()
        if complaint is None or not ack.can_claim(complaint, now):
            return False
        if token is None:
            token = new_tracking_token()
            minted = hash_token(token)
        claimed = ack.claim(complaint, now, minted)
        repository.save(claimed)
    except (ConcurrentUpdate, StorageUnavailable) as error:
        log_event("acknowledgement_not_claimed", reference=reference, error=type(error).__name__)
        return False
    return send_claimed(claimed, token, repository=repository, mailer=mailer, clock=clock, firm=firm, minted=minted)


def send_claimed(
    claimed: Complaint,
    token: str,
    *,
    repository: ComplaintRepository,
    mailer: Mailer,
    clock: Clock,
    firm: Firm,
    minted: str | None = None,
) -> bool:
    """Send the acknowledgement of a complaint this caller claimed (stored as `claimed`), then mark it
    sent. `minted` is the hash of a token made for this email: taken back if the email never left."""
    reference = claimed.reference
    profile = get_profile(claimed.profile)
    message = emails.acknowledgement(claimed, token, firm, profile)
    try:
        message_id = mailer.send(message)
    except MailUnavailable as error:
        log_event(
            "acknowledgement_deferred", reference=reference, attempts=claimed.acknowledgement.attempts, error=str(error)
        )
        with contextlib.suppress(ConcurrentUpdate, StorageUnavailable):
            repository.save(ack.release(claimed, minted))  # if this fails too, the claim's lease runs out
        return False
    sent, event = ack.mark_sent(claimed, clock(), message_id)
    # A representative whose authority is awaited gets a neutral notice instead of a copy: stored in
    # the outbox with the acknowledgement's record, so it leaves once and is retried like any letter.
    notice = emails.representative_notice(sent, firm)
    letter = letter_of(notice, "representative_notice", sent, clock()) if notice else None
    if not _record_sent(sent, event, letter, message_id, repository=repository, clock=clock):
        return True
    log_event("acknowledgement_sent", reference=reference, attempts=sent.acknowledgement.attempts)
    if letter:
        deliver(letter, repository=repository, mailer=mailer, clock=clock)
    return True


def _record_sent(
    sent: Complaint,
    event: Event,
    letter: Letter | None,
    message_id: str,
    *,
    repository: ComplaintRepository,
    clock: Clock,
) -> bool:
    """Record that the email left. A throttled write is tried again, and a complaint changed meanwhile is
    re-read and marked on its new version: an unrecorded send would be sent again once its claim's
    lease runs out. False when it stays unrecorded (that rare duplicate is the lesser harm)."""
    for _ in range(RECORD_ATTEMPTS):
        try:
            repository.save(sent, event, letter)
            return True
        except StorageUnavailable:
            continue
        except ConcurrentUpdate:
            current = repository.get(sent.reference)
            if current is None or current.acknowledgement.state != "sending":
                return current is not None and current.acknowledgement.state == "sent"
            sent, event = ack.mark_sent(current, clock(), message_id)
    log_event("acknowledgement_unrecorded", reference=sent.reference)
    return False


def retry_pending_acknowledgements(*, repository: ComplaintRepository, mailer: Mailer, clock: Clock, firm: Firm) -> int:
    """Send every acknowledgement still owed; returns how many went out. Reads an index, never the table."""
    sent = 0
    for reference in repository.references_by_status("received"):
        if send_acknowledgement(reference, repository=repository, mailer=mailer, clock=clock, firm=firm):
            sent += 1
    log_event("acknowledgement_retry_run", count=sent)
    return sent
