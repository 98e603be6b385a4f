"""The intake use cases, run on the in-memory twins of DynamoDB and SES."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryMailer
from chalicelib.adapters.ports import StorageUnavailable
from chalicelib.domain.validation import InvalidSubmission
from chalicelib.services import access, acknowledgements, errors, intake

from tests.support import FixedClock, body, portal_config


class Portal:
    """The services wired to twins, as settings wires them to AWS."""

    def __init__(self, **config: Any):
        self.repository = MemoryComplaintRepository()
        self.mailer = MemoryMailer()
        self.clock = FixedClock()
        self.config = portal_config(**config)

    def submit(
        self, raw: dict[str, Any] | None = None, key: str | None = None, client: str = "203.0.113.9", **options: Any
    ) -> intake.Submitted:
        return intake.submit_complaint(
            raw if raw is not None else body(),
            idempotency_key=key,
            client_id=client,
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            config=self.config,
            **options,
        )

    def retry(self) -> int:
        return acknowledgements.retry_pending_acknowledgements(
            repository=self.repository, mailer=self.mailer, clock=self.clock, firm=self.config.firm
        )

    def status(self, reference: str, token: str | None) -> dict[str, Any]:
        return access.public_status(reference, token, repository=self.repository)


@pytest.fixture
def portal() -> Portal:
    return Portal()


def test_a_valid_complaint_is_stored_acknowledged_and_answered_with_the_contract_fields(portal: Portal) -> None:
    """201 body: reference, received_at, acknowledge_by, respond_by, status, tracking_token."""
    result = portal.submit()
    assert {"reference", "received_at", "acknowledge_by", "respond_by", "status", "tracking_token"} <= set(result.body)
    assert result.body["status"] == "received"
    assert result.body["received_at"] == "2026-11-20T12:00:00+02:00"  # in the profile's time zone
    assert result.body["respond_by"] == "2026-12-11T23:59:59+02:00"
    stored = portal.repository.get(result.body["reference"])
    assert stored is not None and stored.status == "acknowledged"
    assert [message.to for message in portal.mailer.sent] == [("ana.jonaitiene@example.com",)]
    assert [event.kind for event in portal.repository.events(stored.reference)] == ["received", "acknowledgement_sent"]


def test_a_mail_outage_keeps_the_complaint_and_the_retry_sends_it_exactly_once(portal: Portal) -> None:
    """Stored first; the acknowledgement waits as pending; the scheduled retry sends it once."""
    portal.mailer.unavailable = True
    result = portal.submit()
    reference = result.body["reference"]
    stored = portal.repository.get(reference)
    assert stored is not None
    assert (stored.status, stored.acknowledgement.state) == ("received", "pending")
    assert portal.mailer.sent == []

    assert portal.retry() == 0  # still down: nothing sent, still pending
    portal.mailer.unavailable = False
    assert portal.retry() == 1
    assert portal.retry() == 0
    assert len(portal.mailer.sent) == 1
    assert portal.repository.get(reference).acknowledgement.state == "sent"  # type: ignore[union-attr]


def test_the_retried_email_carries_a_new_token_and_the_first_one_still_works(portal: Portal) -> None:
    """Only hashes are stored, so a retry mints a second token; both open the status page."""
    portal.mailer.unavailable = True
    result = portal.submit()
    portal.mailer.unavailable = False
    portal.retry()
    first = result.body["tracking_token"]
    emailed = portal.mailer.sent[0].text.split("#token=")[1].split()[0]
    assert emailed != first
    for token in (first, emailed):
        assert portal.status(result.body["reference"], token)["status"] == "acknowledged"


def test_concurrent_senders_never_send_the_same_acknowledgement_twice(portal: Portal) -> None:
    """Eight retries racing on one pending acknowledgement send one email."""
    portal.mailer.unavailable = True
    portal.submit()
    portal.mailer.unavailable = False
    threads = [threading.Thread(target=portal.retry) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(portal.mailer.sent) == 1


def test_the_same_key_and_body_replay_the_first_answer_and_store_nothing_new(portal: Portal) -> None:
    """Idempotency-Key: the same reference and token come back; one complaint, one email."""
    key = str(uuid.uuid4())
    first = portal.submit(key=key)
    second = portal.submit(key=key)
    assert second.replayed and not first.replayed
    assert second.body == first.body
    assert len(portal.repository.references()) == 1
    assert len(portal.mailer.sent) == 1


def test_the_same_key_with_another_body_is_a_conflict(portal: Portal) -> None:
    """A reused key with a different complaint is refused (409 at the API)."""
    key = str(uuid.uuid4())
    portal.submit(key=key)
    with pytest.raises(errors.IdempotencyConflict):
        portal.submit(body(description="A different complaint altogether."), key=key)


def test_a_key_that_is_not_a_uuid_is_a_field_error(portal: Portal) -> None:
    """The error names the header, so the form can explain it."""
    with pytest.raises(InvalidSubmission) as caught:
        portal.submit(key="not-a-uuid")
    assert [(e.field, e.code) for e in caught.value.errors] == [("Idempotency-Key", "invalid")]


def test_concurrent_identical_submissions_store_one_complaint_and_send_one_email(portal: Portal) -> None:
    """Ten requests racing with one key: one complaint, one email, one reference for all."""
    key, answers = str(uuid.uuid4()), []
    threads = [threading.Thread(target=lambda: answers.append(portal.submit(key=key))) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 10
    assert len({answer.body["reference"] for answer in answers}) == 1
    assert len(portal.repository.references()) == 1
    assert len(portal.mailer.sent) == 1


def test_a_client_over_the_hourly_limit_is_refused_but_replays_still_answer() -> None:
    """429 for a new complaint; the retry of an earlier one is not a new submission."""
    portal = Portal(submissions_per_hour=2)
    key = str(uuid.uuid4())
    portal.submit(key=key)
    portal.submit()
    with pytest.raises(errors.RateLimited):
        portal.submit()
    assert portal.submit(key=key).replayed
    assert portal.submit(client="198.51.100.7").body["reference"]


def test_a_drawn_reference_already_taken_is_drawn_again(portal: Portal) -> None:
    """Uniqueness is guaranteed by the store's conditional write, not by luck."""
    draws = iter(["AAAA-AAAA", "AAAA-AAAA", "BBBB-BBBB"])
    first = portal.submit(draw_reference=lambda: next(draws))
    second = portal.submit(draw_reference=lambda: next(draws))
    assert (first.body["reference"], second.body["reference"]) == ("AAAA-AAAA", "BBBB-BBBB")


def test_a_storage_outage_stores_nothing_and_a_retry_with_the_same_key_stores_once(portal: Portal) -> None:
    """503 then retry: exactly one complaint in the end."""
    key = str(uuid.uuid4())
    real_add = portal.repository.add

    def down(*args: Any) -> None:
        raise StorageUnavailable("ThrottlingException")

    portal.repository.add = down  # type: ignore[method-assign]
    with pytest.raises(StorageUnavailable):
        portal.submit(key=key)
    assert portal.repository.references() == []
    portal.repository.add = real_add  # type: ignore[method-assign]
    portal.submit(key=key)
    portal.submit(key=key)
    assert len(portal.repository.references()) == 1


def test_the_public_status_needs_the_right_token_and_shows_no_personal_data(portal: Portal) -> None:
    """Wrong token and unknown reference are the same not-found."""
    result = portal.submit().body
    status = portal.status(result["reference"].lower().replace("-", ""), result["tracking_token"])
    assert status["status"] == "acknowledged"
    assert [step["status"] for step in status["history"]] == ["received", "acknowledged"]
    flattened = repr(status)
    for personal in ("ana.jonaitiene@example.com", "Jonaitienė", "EVP-4821-1193", "TX-99812", "transfer"):
        assert personal not in flattened
    for reference, token in (
        (result["reference"], "wrong"),
        ("ZZZZ-ZZZZ", result["tracking_token"]),
        (result["reference"], None),
        ("nonsense", "x"),
    ):
        with pytest.raises(errors.ComplaintNotFound):
            portal.status(reference, token)


def test_an_unauthorised_transaction_gets_an_investigation_deadline(portal: Portal) -> None:
    """payments-lt: the investigation starts by the end of the next business day (seed 004 §34)."""
    result = portal.submit(body(category="unauthorised_transaction")).body
    assert result["investigate_by"] == "2026-11-23T23:59:59+02:00"
