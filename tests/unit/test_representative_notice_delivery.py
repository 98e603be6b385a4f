"""A representative whose authority is awaited hears of the complaint once, through the letters'
outbox: a neutral notice, never the acknowledgement's content, and never twice."""

from __future__ import annotations

from chalicelib.services import handling

from tests.support import body
from tests.unit.test_services import Portal

REPRESENTATIVE = {"name": "Avv. Marta Rossi", "email": "marta.rossi@studio.example", "capacity": "lawyer"}


def _to(portal: Portal, address: str) -> list[str]:
    return [message.subject for message in portal.mailer.sent if address in message.to]


def test_a_representative_gets_one_neutral_notice_and_no_copy_of_the_acknowledgement() -> None:
    """The customer is acknowledged; the representative gets the notice alone, once, however often
    the retry jobs run."""
    portal = Portal()
    result = portal.submit(body(representative=REPRESENTATIVE))
    portal.retry()
    handling.retry_pending_letters(repository=portal.repository, mailer=portal.mailer, clock=portal.clock)
    to_representative = [m for m in portal.mailer.sent if REPRESENTATIVE["email"] in (*m.to, *m.cc)]
    assert len(to_representative) == 1
    (notice,) = to_representative
    assert notice.tags["kind"] == "representative_notice"
    assert result.body["reference"] not in notice.subject + notice.text
    assert result.body["tracking_token"] not in notice.text
    letters = portal.repository.letters(result.body["reference"])
    assert [(letter.kind, letter.state) for letter in letters] == [("representative_notice", "sent")]


def test_a_notice_the_mail_service_refused_goes_out_later_exactly_once() -> None:
    """The notice waits in the outbox like every letter and leaves with the next retry run."""
    portal = Portal()
    portal.mailer.unavailable = True
    portal.submit(body(representative=REPRESENTATIVE))
    assert _to(portal, REPRESENTATIVE["email"]) == []
    portal.mailer.unavailable = False
    for _ in range(3):
        portal.retry()
        handling.retry_pending_letters(repository=portal.repository, mailer=portal.mailer, clock=portal.clock)
    assert len(_to(portal, REPRESENTATIVE["email"])) == 1


def test_no_notice_is_owed_without_a_representative() -> None:
    """A customer filing for themselves: the acknowledgement alone."""
    portal = Portal()
    result = portal.submit()
    assert portal.repository.letters(result.body["reference"]) == []
