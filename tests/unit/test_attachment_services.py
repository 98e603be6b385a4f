"""Attachments end to end on the in-memory twins: upload, check by content, keep or refuse,
list in the acknowledgement, send later, open for a handler once scanned."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryFileStore, MemoryMailer
from chalicelib.domain.attachments import MAX_FILE_BYTES
from chalicelib.domain.validation import InvalidSubmission
from chalicelib.services import access, errors, intake
from chalicelib.services import attachments as files_service

from tests.support import FixedClock, body, portal_config
from tests.support_files import EXECUTABLE, PDF, PNG

CLIENT = "203.0.113.5"


class Counter:
    """The twins, and the browser's part: ask for an upload, then PUT the bytes."""

    def __init__(self) -> None:
        self.repository = MemoryComplaintRepository()
        self.files = MemoryFileStore()
        self.mailer = MemoryMailer()
        self.clock = FixedClock()
        self.key = str(uuid.uuid4())

    def upload(
        self, data: bytes, filename: str, declared: str, key: str | None = None, size: int | None = None, **owner: Any
    ) -> str:
        """`size` is what the browser declares; what it sends is `data`."""
        allowed = files_service.request_upload(
            {
                "filename": filename,
                "content_type": declared,
                "size": size or len(data),
                **(owner or {"submission_key": key or self.key}),
            },
            client_id=CLIENT,
            repository=self.repository,
            files=self.files,
            clock=self.clock,
        )
        assert self.files.put(allowed["url"].removeprefix("memory://"), data)
        return str(allowed["upload_id"])

    def submit(self, *upload_ids: str, language: str = "fr") -> dict[str, Any]:
        raw = body(language=language, attachments=[{"upload_id": upload_id} for upload_id in upload_ids])
        return intake.submit_complaint(
            raw,
            idempotency_key=self.key,
            client_id=CLIENT,
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            config=portal_config(),
            files=self.files,
        ).body

    def attachments(self, reference: str) -> list[tuple[str, str, str | None]]:
        complaint = self.repository.get(reference)
        assert complaint is not None
        return [(a.filename, a.status, a.refusal) for a in complaint.attachments]


@pytest.fixture
def counter() -> Counter:
    return Counter()


def test_files_are_kept_under_the_complaint_and_listed_in_the_acknowledgement(counter: Counter) -> None:
    """A screenshot and a PDF: both received, moved out of the pending area, named in the email."""
    shot, statement = (
        counter.upload(PNG, "capture.png", "image/png"),
        counter.upload(PDF, "relevé.pdf", "application/pdf"),
    )
    reference = counter.submit(shot, statement)["reference"]
    assert counter.attachments(reference) == [("capture.png", "received", None), ("relevé.pdf", "received", None)]
    assert sorted(counter.files.objects) == sorted(f"complaints/{reference}/{upload}" for upload in (shot, statement))
    letter = counter.mailer.sent[0].text
    assert "capture.png\u00a0: reçu" in letter and "relevé.pdf\u00a0: reçu" in letter


@pytest.mark.parametrize(
    ("data", "filename", "declared"),
    [(PNG, "capture.pdf", "application/pdf"), (EXECUTABLE, "photo.png", "image/png")],
    ids=["png-renamed-pdf", "executable-renamed-png"],
)
def test_a_file_whose_content_is_not_what_it_claims_is_refused_and_deleted(
    counter: Counter, data: bytes, filename: str, declared: str
) -> None:
    """The name and declared type count for nothing; the bytes decide."""
    reference = counter.submit(counter.upload(data, filename, declared))["reference"]
    assert counter.attachments(reference) == [(filename, "refused", "wrong_type")]
    assert counter.files.objects == {}
    assert "refusé" in counter.mailer.sent[0].text


def test_an_upload_made_for_another_submission_cannot_be_attached(counter: Counter) -> None:
    """Uploads are bound to the submission key they were allowed for."""
    foreign = counter.upload(PNG, "capture.png", "image/png", key=str(uuid.uuid4()))
    reference = counter.submit(foreign)["reference"]
    assert counter.attachments(reference) == [("", "missing", "missing")]
    assert any(key.startswith("pending/") for key in counter.files.objects)  # untouched, expires by lifecycle


def test_an_upload_that_never_completed_leaves_the_complaint_filed(counter: Counter) -> None:
    """Files are optional: the complaint stands and the email says the file did not arrive."""
    allowed = files_service.request_upload(
        {"filename": "capture.png", "content_type": "image/png", "size": 10, "submission_key": counter.key},
        client_id=CLIENT,
        repository=counter.repository,
        files=counter.files,
        clock=counter.clock,
    )
    reference = counter.submit(allowed["upload_id"])["reference"]
    assert counter.attachments(reference) == [("capture.png", "missing", "missing")]
    assert len(counter.mailer.sent) == 1


def test_size_limits_hold_for_each_file_and_for_all_of_them(counter: Counter) -> None:
    """Declared sizes are checked at request time, real sizes after upload."""
    with pytest.raises(InvalidSubmission) as refused:
        files_service.request_upload(
            {
                "filename": "big.pdf",
                "content_type": "application/pdf",
                "size": MAX_FILE_BYTES + 1,
                "submission_key": counter.key,
            },
            client_id=CLIENT,
            repository=counter.repository,
            files=counter.files,
            clock=counter.clock,
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [("size", "too_large")]
    big = PDF + b"0" * MAX_FILE_BYTES
    allowed = files_service.request_upload(
        {"filename": "big.pdf", "content_type": "application/pdf", "size": 1000, "submission_key": counter.key},
        client_id=CLIENT,
        repository=counter.repository,
        files=counter.files,
        clock=counter.clock,
    )
    key = allowed["url"].removeprefix("memory://")
    assert not counter.files.put(key, big)  # the grant signs the declared size: storage refuses the rest
    counter.files.objects[key] = big  # had it arrived anyway, filing still checks the stored size
    lying = str(allowed["upload_id"])
    reference = counter.submit(lying)["reference"]
    assert counter.attachments(reference) == [("big.pdf", "refused", "too_large")]


def test_a_file_can_be_sent_later_with_the_reference_and_tracking_token(counter: Counter) -> None:
    """The power of attorney the firm asked for, from the track page."""
    created = counter.submit()
    upload = counter.upload(
        PDF, "procuration.pdf", "application/pdf", reference=created["reference"], token=created["tracking_token"]
    )
    attachment = files_service.attach_later(
        created["reference"],
        created["tracking_token"],
        {"upload_id": upload, "purpose": "power_of_attorney"},
        files=counter.files,
        repository=counter.repository,
        clock=counter.clock,
    )
    assert (attachment.status, attachment.purpose) == ("received", "power_of_attorney")
    with pytest.raises(errors.ComplaintNotFound):
        files_service.attach_later(
            created["reference"],
            "wrong-token",
            {"upload_id": upload},
            files=counter.files,
            repository=counter.repository,
            clock=counter.clock,
        )


def test_a_handler_opens_a_file_only_once_it_is_scanned_clean_and_each_opening_is_recorded(counter: Counter) -> None:
    """Pending or infected files stay closed; a clean one gets a short-lived link and an event."""
    upload = counter.upload(PNG, "capture.png", "image/png")
    reference = counter.submit(upload)["reference"]
    key = f"complaints/{reference}/{upload}"

    def open_it() -> dict[str, Any]:
        return files_service.open_for_handler(
            reference, upload, "alice", files=counter.files, repository=counter.repository, clock=counter.clock
        )

    with pytest.raises(errors.AttachmentNotReleased) as held:
        open_it()
    assert held.value.verdict == "pending"
    counter.files.tags[key] = "THREATS_FOUND"
    with pytest.raises(errors.AttachmentNotReleased):
        open_it()
    counter.files.tags[key] = "NO_THREATS_FOUND"
    link = open_it()
    assert link["filename"] == "capture.png" and link["url"].startswith("memory://")
    events = counter.repository.events(reference)
    assert (events[-1].kind, events[-1].actor, events[-1].details) == (
        "attachment_opened",
        "alice",
        {"upload_id": upload},
    )


def test_the_public_status_shows_files_without_their_names(counter: Counter) -> None:
    """File names can be personal data; the status page shows purpose and status only."""
    created = counter.submit(counter.upload(PNG, "Ana_passport.png", "image/png"))
    status = access.public_status(created["reference"], created["tracking_token"], repository=counter.repository)
    assert status["attachments"] == [{"purpose": "evidence", "status": "received", "refusal": None}]
    assert "Ana_passport" not in repr(status)
