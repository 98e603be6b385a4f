"""The scheduled jobs, in one place: app.py's schedules run them in AWS, the local stack's loop here."""

from __future__ import annotations

from ..adapters.ports import ComplaintRepository, Mailer
from ..clock import Clock
from ..domain.firm import Firm
from .acknowledgements import retry_pending_acknowledgements
from .handling import retry_pending_letters
from .oversight import run_monitor


def retry_mail(*, repository: ComplaintRepository, mailer: Mailer, clock: Clock, firm: Firm) -> int:
    """Sends the acknowledgements and letters the mail service refused earlier, each exactly once."""
    sent = retry_pending_acknowledgements(repository=repository, mailer=mailer, clock=clock, firm=firm)
    return sent + retry_pending_letters(repository=repository, mailer=mailer, clock=clock)


def monitor_deadlines(
    *, repository: ComplaintRepository, mailer: Mailer, clock: Clock, firm: Firm, recipient: str
) -> int:
    """Alerts the handlers to deadlines close or passed (one digest per run) and management to answers
    about to be late (once each), then sends what is owed."""
    items = run_monitor(
        repository=repository,
        mailer=mailer,
        clock=clock,
        recipient=recipient,
        sender_name=firm.name,
        escalation=firm.escalation,
    )
    retry_mail(repository=repository, mailer=mailer, clock=clock, firm=firm)
    return len(items)
