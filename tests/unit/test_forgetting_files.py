"""A complaint's files go with its record, when the table's TTL deletes it, and never while it is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryFileStore
from chalicelib.adapters.ports import FileUnavailable
from chalicelib.domain import handling
from chalicelib.domain.events import Event
from chalicelib.domain.retention import with_retention
from chalicelib.services.attachments import forget_files

from tests.support import new_complaint
from tests.support_files import PDF, PNG

CLOSED = datetime(2027, 1, 10, 9, tzinfo=UTC)
EXPIRED, NEIGHBOUR, HELD = "A2B3-C4D5", "K7M2-QX9P", "M3N4-P5Q6"


def _files() -> MemoryFileStore:
    files = MemoryFileStore()
    for reference in (EXPIRED, NEIGHBOUR, HELD):
        files.objects[f"complaints/{reference}/1"] = PNG
        files.objects[f"complaints/{reference}/2"] = PDF
    files.objects["pending/submission-x/3"] = PNG
    return files


def _stored(repository: MemoryComplaintRepository, reference: str, *, held: bool) -> None:
    complaint = replace(new_complaint(), reference=reference, status="closed", closed_at=CLOSED)
    if held:
        complaint = handling.place_legal_hold(complaint, "bob", CLOSED, "Court case 2-123/2027").complaint
    repository.add(with_retention(complaint, 5), Event(at=CLOSED, actor="bob", kind="closed"), None)


def test_the_files_of_a_complaint_whose_record_expired_are_deleted_and_no_others() -> None:
    """The record is gone (TTL): every file in its folder goes; a neighbour's and the pending area stay."""
    repository, files = MemoryComplaintRepository(), _files()
    _stored(repository, NEIGHBOUR, held=False)
    assert forget_files(EXPIRED, repository=repository, files=files) == 2
    assert files.keys(f"complaints/{EXPIRED}/") == []
    assert sorted(files.objects) == [
        f"complaints/{NEIGHBOUR}/1",
        f"complaints/{NEIGHBOUR}/2",
        f"complaints/{HELD}/1",
        f"complaints/{HELD}/2",
        "pending/submission-x/3",
    ]


def test_a_held_complaints_files_are_kept_while_its_record_is() -> None:
    """A legal hold lifts the record's expiry; a deletion asked for anyway (a late retry, a mistake) keeps
    the files of a record that still exists."""
    repository, files = MemoryComplaintRepository(), _files()
    _stored(repository, HELD, held=True)
    held = repository.get(HELD)
    assert held is not None and held.expires_at is None
    assert forget_files(HELD, repository=repository, files=files) == 0
    assert sorted(files.keys(f"complaints/{HELD}/")) == [f"complaints/{HELD}/1", f"complaints/{HELD}/2"]


def test_forgetting_again_deletes_nothing_more() -> None:
    """A retried batch finds the folder empty: nothing fails, nothing else goes."""
    repository, files = MemoryComplaintRepository(), _files()
    forget_files(EXPIRED, repository=repository, files=files)
    assert forget_files(EXPIRED, repository=repository, files=files) == 0
    assert len(files.objects) == 5


def test_a_store_that_does_not_answer_fails_the_deletion_so_it_is_retried() -> None:
    """FileUnavailable reaches the caller (the stream's retry, then its failure queue), never swallowed."""
    repository, files = MemoryComplaintRepository(), _files()
    files.unavailable = True
    with pytest.raises(FileUnavailable):
        forget_files(EXPIRED, repository=repository, files=files)
    files.unavailable = False
    assert len(files.keys(f"complaints/{EXPIRED}/")) == 2
