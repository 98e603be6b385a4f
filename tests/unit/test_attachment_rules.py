"""Attachment rules: the type comes from the content, names are cleaned, requests are checked."""

from __future__ import annotations

from datetime import date

import pytest
from chalicelib.domain.attachments import (
    MAX_FILE_BYTES,
    clean_filename,
    owner_key,
    sniff,
    validate_upload_request,
)
from chalicelib.domain.complaint import DEFAULT_CATEGORIES
from chalicelib.domain.validation import InvalidSubmission, validate_submission

from tests.support import body
from tests.support_files import EXECUTABLE, JPEG, PDF, PNG, TEXT

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (TEXT, "text/plain"),
        (EXECUTABLE, None),
        (b"", None),
        (b"\x00\x01\x02binary", None),
    ],
)
def test_the_type_is_read_from_the_first_bytes(content: bytes, expected: str | None) -> None:
    """Magic bytes decide; an executable or binary blob is none of the allowed types."""
    assert sniff(content[:4096]) == expected


def test_text_cut_in_the_middle_of_a_character_is_still_text() -> None:
    """The sniffer reads a prefix; a UTF-8 character split at its end is no reason to refuse."""
    text = ("é" * 3000).encode()
    assert sniff(text[:4095]) == "text/plain"


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\relevé.pdf", "relevé.pdf"),
        ("a\x00b\u202e.png", "ab.png"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 120),
    ],
)
def test_file_names_are_display_names_only(name: str, clean: str) -> None:
    """No path, no control or bidi characters, bounded length."""
    assert clean_filename(name) == clean


def test_an_upload_request_declares_an_allowed_type_and_size() -> None:
    """Wrong type, oversize, empty or unnamed files are refused before any upload."""
    request, problems = validate_upload_request({"filename": "a.png", "content_type": "image/png", "size": 10})
    assert request is not None and problems == [] and request.purpose == "evidence"
    _, problems = validate_upload_request(
        {
            "filename": "x.exe",
            "content_type": "application/x-msdownload",
            "size": MAX_FILE_BYTES + 1,
            "purpose": "selfie",
        }
    )
    assert set(problems) == {("content_type", "wrong_type"), ("size", "too_large"), ("purpose", "invalid")}
    _, problems = validate_upload_request({"content_type": "text/plain", "size": 0})
    assert set(problems) == {("filename", "required"), ("size", "invalid")}


def test_storage_folders_are_hashes_that_name_nobody() -> None:
    """A folder depends on the submission key or reference, and reveals neither."""
    folder = owner_key("submission", "1d9c3c1e-0c0f-4c52-9a77-0c5b8b7b2a11")
    assert len(folder) == 32 and "1d9c" not in folder
    assert folder != owner_key("complaint", "1d9c3c1e-0c0f-4c52-9a77-0c5b8b7b2a11")


def test_a_submission_names_its_uploads_by_id_and_purpose() -> None:
    """At most five, each a 32-hex id; repeats are dropped."""
    upload = "0123456789abcdef0123456789abcdef"
    submission = validate_submission(
        body(
            attachments=[
                {"upload_id": upload},
                {"upload_id": upload},
                {"upload_id": upload[::-1], "purpose": "power_of_attorney"},
            ]
        ),
        latest_incident_date=TODAY,
        categories=DEFAULT_CATEGORIES,
    )
    assert [(ref.upload_id, ref.purpose) for ref in submission.attachments] == [
        (upload, "evidence"),
        (upload[::-1], "power_of_attorney"),
    ]
    for bad in ([{"upload_id": "../x"}], [{"upload_id": upload}] * 1 + [{"upload_id": f"{n:032x}"} for n in range(5)]):
        with pytest.raises(InvalidSubmission):
            validate_submission(
                body(attachments=bad),
                latest_incident_date=TODAY,
                categories=DEFAULT_CATEGORIES,
            )
