"""The intake's limits: per client and hour, and per email address and day, so the portal cannot be
used to flood someone's mailbox with acknowledgements. Retries of one submission count once."""

from __future__ import annotations

import uuid

import pytest
from chalicelib.services import errors

from tests.support import body
from tests.unit.test_services import Portal

VICTIM = "victim@example.com"


def test_one_address_gets_at_most_its_daily_number_of_complaints_whatever_the_client() -> None:
    """An attacker rotating addresses still cannot aim more acknowledgements at one mailbox."""
    portal = Portal(submissions_per_address_per_day=3)
    for client in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        portal.submit(body(email=VICTIM), client=client)
    with pytest.raises(errors.AddressLimited):
        portal.submit(body(email=VICTIM.upper()), client="198.51.100.4")  # the same mailbox
    assert len([m for m in portal.mailer.sent if VICTIM in m.to]) == 3
    assert portal.submit(body(email="someone.else@example.com"), client="198.51.100.4").body["reference"]


def test_the_address_limit_counts_a_days_complaints_and_forgets_them_the_next_day() -> None:
    """The window is the UTC day."""
    portal = Portal(submissions_per_address_per_day=1)
    portal.submit(body(email=VICTIM))
    portal.clock.advance(days=1)
    assert portal.submit(body(email=VICTIM)).body["reference"]


def test_retries_of_one_submission_take_one_slot_of_the_address_limit() -> None:
    """A customer whose answer was lost retries with the same key: still one complaint."""
    portal = Portal(submissions_per_address_per_day=1)
    key = str(uuid.uuid4())
    first = portal.submit(body(email=VICTIM), key=key)
    again = portal.submit(body(email=VICTIM), key=key)
    assert again.replayed and again.body["reference"] == first.body["reference"]


def test_a_complaint_refused_by_a_limit_leaves_nothing_behind() -> None:
    """The limits ride in the complaint's own write: refused means not stored, not emailed."""
    portal = Portal(submissions_per_hour=1)
    portal.submit()
    sent = len(portal.mailer.sent)
    with pytest.raises(errors.RateLimited):
        portal.submit(body(email="other@example.com"))
    assert len(portal.repository.references()) == 1 and len(portal.mailer.sent) == sent
    portal.clock.advance(hours=1)
    assert portal.submit(body(email="other@example.com"), client="203.0.113.9").body["reference"]
