"""A wrong token and an unknown reference cost the same work, so timing tells nothing (issue 11, finding 7).

Counted, not timed: the token hashes computed and the repository reads, for every way of being wrong.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from chalicelib.adapters.memory import MemoryComplaintRepository
from chalicelib.domain import reference as references
from chalicelib.domain.complaint import Complaint
from chalicelib.services import access
from chalicelib.services.errors import ComplaintNotFound

from tests.unit.test_services import Portal


class CountingRepository(MemoryComplaintRepository):
    """The in-memory twin, counting the complaint reads."""

    reads = 0

    def get(self, reference: str) -> Complaint | None:
        self.reads += 1
        return super().get(reference)


@pytest.fixture
def filed(monkeypatch: pytest.MonkeyPatch) -> tuple[CountingRepository, str, str, list[str]]:
    """A repository with one complaint, its reference and token, and the list of hashes computed."""
    portal = Portal()
    portal.repository = CountingRepository()
    result = portal.submit()
    hashed: list[str] = []
    real_hash = references.hash_token

    def counting_hash(token: str) -> str:
        hashed.append(token)
        return real_hash(token)

    monkeypatch.setattr(references, "hash_token", counting_hash)
    return portal.repository, result.body["reference"], result.body["tracking_token"], hashed


def work(filed: Any, reference: str, token: str | None) -> tuple[int, int]:
    repository, _, _, hashed = filed
    hashed.clear()
    repository.reads = 0
    with contextlib.suppress(ComplaintNotFound):
        access.find_for_customer(reference, token, repository=repository)
    return len(hashed), repository.reads


def test_every_refusal_does_the_work_of_a_wrong_token(filed: Any) -> None:
    """Unknown, malformed, missing token: one hash and one read each, like a wrong token."""
    _, reference, token, _ = filed
    wrong_token = work(filed, reference, "not-the-token")
    assert wrong_token == (1, 1)
    assert work(filed, "ZZZZ-ZZZZ", token) == wrong_token  # unknown reference
    assert work(filed, "no such thing", token) == wrong_token  # malformed reference
    assert work(filed, reference, None) == wrong_token  # no token
    assert work(filed, reference, "") == wrong_token
    assert work(filed, reference, token) == wrong_token  # and the right one


def test_the_right_token_still_opens_the_complaint(filed: Any) -> None:
    """The equal work changes nothing for the customer."""
    repository, reference, token, _ = filed
    assert access.find_for_customer(reference.lower(), token, repository=repository).reference == reference
    with pytest.raises(ComplaintNotFound):
        access.find_for_customer(reference, token + "x", repository=repository)


@pytest.mark.parametrize("token", [["x"], {"t": 1}, 42, True])
def test_a_token_that_is_not_text_opens_nothing_and_costs_the_same(
    filed: tuple[CountingRepository, str, str, list[str]], token: Any
) -> None:
    """JSON lets a body send a list or a number as the token: the same not-found, never a crash."""
    repository, reference, _, hashed = filed
    with pytest.raises(ComplaintNotFound):
        access.find_for_customer(reference, token, repository=repository)
    assert len(hashed) == 1
