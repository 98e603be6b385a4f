"""Intake never loses what the customer sent: a complaint is stored with its files or not answered
201, a retry with the same Idempotency-Key completes it exactly once, and retries cost one rate slot."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryFileStore, MemoryMailer
from chalicelib.adapters.ports import ConcurrentUpdate, FileUnavailable, Quota, StorageUnavailable
from chalicelib.domain.complaint import Complaint
from chalicelib.domain.events import Event
from chalicelib.domain.idempotency import IdempotencyRecord
from chalicelib.domain.letters import Letter
from chalicelib.services import access, acknowledgements, errors, intake
from chalicelib.services import attachments as files_service

from tests.support import FixedClock, body, portal_config
from tests.support_files import PDF, PNG

CLIENT = "203.0.113.5"


class RetryRightAfterStoring(MemoryComplaintRepository):
    """The scheduled acknowledgement retry runs in the seconds between storing and what follows."""

    def __init__(self) -> None:
        super().__init__()
        self.run_retry: Callable[[], object] = lambda: None

    def add(
        self, complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None, quotas: tuple[Quota, ...] = ()
    ) -> None:
        super().add(complaint, event, idempotency, quotas)
        self.run_retry()


class FirstSaveLoses(MemoryComplaintRepository):
    """Someone else's write lands first: the first save after storing fails on its version."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = False

    def save(self, complaint: Complaint, event: Event | None = None, letter: Letter | None = None) -> None:
        if not self.lost:
            self.lost = True
            raise ConcurrentUpdate(complaint.reference)
        super().save(complaint, event, letter)


class FirstMoveFails(MemoryFileStore):
    """The file store drops out after the files were checked, while the first is moved."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def move(self, source: str, target: str) -> None:
        if not self.failed:
            self.failed = True
            raise FileUnavailable("SlowDown")
        super().move(source, target)


class Customer:
    """One customer with one Idempotency-Key, the twins, and the scheduled retry."""

    def __init__(
        self, repository: MemoryComplaintRepository | None = None, files: MemoryFileStore | None = None, **config: Any
    ) -> None:
        self.repository = repository or MemoryComplaintRepository()
        self.files = files or MemoryFileStore()
        self.mailer = MemoryMailer()
        self.clock = FixedClock()
        self.config = portal_config(**config)
        self.key = str(uuid.uuid4())

    def upload(self, data: bytes, filename: str, declared: str) -> str:
        allowed = files_service.request_upload(
            {"filename": filename, "content_type": declared, "size": len(data), "submission_key": self.key},
            client_id=CLIENT,
            repository=self.repository,
            files=self.files,
            clock=self.clock,
        )
        assert self.files.put(allowed["url"].removeprefix("memory://"), data)
        return str(allowed["upload_id"])

    def submit(self, *upload_ids: str, key: str | None = None) -> intake.Submitted:
        raw = body(language="fr", attachments=[{"upload_id": upload_id} for upload_id in upload_ids])
        return intake.submit_complaint(
            raw,
            idempotency_key=key or self.key,
            client_id=CLIENT,
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            config=self.config,
            files=self.files,
        )

    def retry(self) -> int:
        return acknowledgements.retry_pending_acknowledgements(
            repository=self.repository, mailer=self.mailer, clock=self.clock, firm=self.config.firm
        )

    def stored(self, reference: str) -> list[tuple[str, str]]:
        complaint = self.repository.get(reference)
        assert complaint is not None
        return [(a.filename, a.status) for a in complaint.attachments]

    def two_files(self) -> tuple[str, str]:
        return self.upload(PNG, "capture.png", "image/png"), self.upload(PDF, "relevé.pdf", "application/pdf")


RECEIVED_BOTH = [("capture.png", "received"), ("relevé.pdf", "received")]


def assert_filed_with_both(customer: Customer, reference: str, uploads: tuple[str, str]) -> None:
    assert customer.stored(reference) == RECEIVED_BOTH
    assert sorted(customer.files.objects) == sorted(f"complaints/{reference}/{upload}" for upload in uploads)
    assert len(customer.mailer.sent) == 1
    letter = customer.mailer.sent[0].text
    assert "capture.png\u00a0: reçu" in letter and "relevé.pdf\u00a0: reçu" in letter


def test_the_acknowledgement_retry_running_right_after_storing_cannot_drop_the_files() -> None:
    """The retry job wakes between the store and the rest: the files stay, one email lists them."""
    repository = RetryRightAfterStoring()
    customer = Customer(repository)
    repository.run_retry = customer.retry
    uploads = customer.two_files()
    reference = customer.submit(*uploads).body["reference"]
    assert_filed_with_both(customer, reference, uploads)
    assert customer.retry() == 0


def test_a_save_that_loses_a_race_after_storing_cannot_drop_the_files() -> None:
    """Files are stored with the complaint, so no later save can lose them."""
    customer = Customer(FirstSaveLoses())
    uploads = customer.two_files()
    reference = customer.submit(*uploads).body["reference"]
    complaint = customer.repository.get(reference)
    assert complaint is not None
    assert [(a.filename, a.status) for a in complaint.attachments] == RECEIVED_BOTH
    assert sorted(customer.files.objects) == sorted(f"complaints/{reference}/{upload}" for upload in uploads)


def test_a_file_store_outage_while_checking_stores_nothing_and_the_retry_files_everything_once() -> None:
    """503 before anything is stored; the same key later files the complaint with its files, once."""
    customer = Customer()
    uploads = customer.two_files()
    customer.files.unavailable = True
    with pytest.raises(FileUnavailable):
        customer.submit(*uploads)
    assert customer.repository.references() == []
    customer.files.unavailable = False
    first = customer.submit(*uploads)
    again = customer.submit(*uploads)
    assert again.replayed and again.body == first.body
    assert customer.repository.references() == [first.body["reference"]]
    assert_filed_with_both(customer, first.body["reference"], uploads)


def test_a_file_store_outage_after_storing_answers_503_and_the_retry_finishes_the_move() -> None:
    """The complaint is stored with its files' record; the retry with the same key moves the files."""
    customer = Customer(files=FirstMoveFails())
    uploads = customer.two_files()
    with pytest.raises(FileUnavailable):
        customer.submit(*uploads)
    (reference,) = customer.repository.references()
    retried = customer.submit(*uploads)
    assert retried.replayed and retried.body["reference"] == reference
    assert customer.stored(reference) == RECEIVED_BOTH
    assert sorted(customer.files.objects) == sorted(f"complaints/{reference}/{upload}" for upload in uploads)
    customer.clock.advance(minutes=6)  # the answer never came, so neither did the email: the retry sends it
    customer.retry()
    assert len(customer.mailer.sent) == 1
    assert "capture.png\u00a0: reçu" in customer.mailer.sent[0].text


def test_an_unexpected_error_after_storing_is_not_hidden_and_the_retry_answers_with_the_reference() -> None:
    """A bug is a 500, not a silent 201; the same key then replays, and the schedule sends the email."""
    customer = Customer()

    def broken(message: Any) -> str:
        raise RuntimeError("template bug")

    customer.mailer.send = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        customer.submit()
    (reference,) = customer.repository.references()
    assert customer.submit().body["reference"] == reference
    customer.mailer.send = MemoryMailer.send.__get__(customer.mailer)  # type: ignore[method-assign]
    customer.clock.advance(minutes=6)
    assert customer.retry() == 1


class AllInFlight(MemoryComplaintRepository):
    """Every request of a burst reaches the store together, none of them knowing of the others."""

    def __init__(self, burst: int) -> None:
        super().__init__()
        self.barrier = threading.Barrier(burst, timeout=10)
        self.waiting = burst
        self.counting = threading.Lock()

    def add(
        self, complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None, quotas: tuple[Quota, ...] = ()
    ) -> None:
        with self.counting:
            wait, self.waiting = self.waiting > 0, self.waiting - 1
        if wait:
            self.barrier.wait()
        super().add(complaint, event, idempotency, quotas)


def test_twenty_retries_of_one_submission_in_flight_take_one_hourly_slot() -> None:
    """Same key, same body, all in flight at once: one complaint, one slot of the client's limit."""
    customer = Customer(AllInFlight(20), submissions_per_hour=2)
    answers: list[intake.Submitted] = []
    failures: list[Exception] = []

    def send() -> None:
        try:
            answers.append(customer.submit())
        except (errors.RateLimited, StorageUnavailable) as error:
            failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len({answer.body["reference"] for answer in answers}) == 1
    assert customer.submit(key=str(uuid.uuid4())).body["reference"]  # the second slot is still free
    with pytest.raises(errors.RateLimited):
        customer.submit(key=str(uuid.uuid4()))


def test_a_retry_after_a_503_takes_no_second_slot() -> None:
    """The store was down: the retry with the same key is the same complaint, not a new one."""
    customer = Customer(submissions_per_hour=1)
    real_add = customer.repository.add

    def down(
        complaint: Complaint, event: Event, idempotency: IdempotencyRecord | None, quotas: tuple[Quota, ...] = ()
    ) -> None:
        raise StorageUnavailable("ThrottlingException")

    customer.repository.add = down  # type: ignore[method-assign]
    with pytest.raises(StorageUnavailable):
        customer.submit()
    customer.repository.add = real_add  # type: ignore[method-assign]
    assert customer.submit().body["reference"]
    with pytest.raises(errors.RateLimited):
        customer.submit(key=str(uuid.uuid4()))


def test_a_long_mail_outage_keeps_the_token_list_small_and_both_tokens_open_the_complaint() -> None:
    """Fifty failed retries add nothing; the token on screen and the one finally emailed both work."""
    customer = Customer()
    customer.mailer.unavailable = True
    created = customer.submit().body
    for _ in range(50):
        customer.retry()
    complaint = customer.repository.get(created["reference"])
    assert complaint is not None and len(complaint.tracking_token_hashes) <= 2
    customer.mailer.unavailable = False
    assert customer.retry() == 1
    emailed = customer.mailer.sent[0].text.split("#token=")[1].split()[0]
    for token in (created["tracking_token"], emailed):
        assert access.find_for_customer(created["reference"], token, repository=customer.repository)


def test_a_file_sent_later_survives_a_concurrent_change_of_the_complaint() -> None:
    """A handler's save lands between the read and the write: the file is still recorded and kept."""
    repository = FirstSaveLoses()
    customer = Customer(repository)
    created = customer.submit().body
    repository.lost = False
    upload = upload_for_complaint(customer, created)
    attachment = files_service.attach_later(
        created["reference"],
        created["tracking_token"],
        {"upload_id": upload},
        files=customer.files,
        repository=customer.repository,
        clock=customer.clock,
    )
    assert attachment.status == "received"
    assert customer.stored(created["reference"]) == [("procuration.pdf", "received")]
    assert f"complaints/{created['reference']}/{upload}" in customer.files.objects


def test_a_file_sent_later_whose_move_failed_is_finished_by_sending_it_again() -> None:
    """503 after the file was recorded; the same request again moves it, and records it once."""
    files = FirstMoveFails()
    files.failed = True  # the submission itself goes through
    customer = Customer(files=files)
    created = customer.submit().body
    upload = upload_for_complaint(customer, created)
    files.failed = False

    def send() -> Any:
        return files_service.attach_later(
            created["reference"],
            created["tracking_token"],
            {"upload_id": upload},
            files=customer.files,
            repository=customer.repository,
            clock=customer.clock,
        )

    with pytest.raises(FileUnavailable):
        send()
    assert send().status == "received"
    assert customer.stored(created["reference"]) == [("procuration.pdf", "received")]
    assert f"complaints/{created['reference']}/{upload}" in customer.files.objects


def upload_for_complaint(customer: Customer, created: dict[str, Any]) -> str:
    allowed = files_service.request_upload(
        {
            "filename": "procuration.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "reference": created["reference"],
            "token": created["tracking_token"],
        },
        client_id=CLIENT,
        repository=customer.repository,
        files=customer.files,
        clock=customer.clock,
    )
    assert customer.files.put(allowed["url"].removeprefix("memory://"), PDF)
    return str(allowed["upload_id"])
