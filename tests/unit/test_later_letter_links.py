"""Every later letter carries a tracking link that opens the complaint, so the customer never has
to dig out the acknowledgement (issue 12, "The emails")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from chalicelib.domain.acknowledgement import MAX_TRACKING_TOKENS
from chalicelib.services import access
from chalicelib.services import handling as team

from tests.support import Desk

ALICE = team.StaffMember("alice", "handler")
BOSS = team.StaffMember("bob", "supervisor")
LINK = re.compile(r"track/\?reference=([0-9A-Z-]+)#token=([A-Za-z0-9_-]+)")


class LinkDesk(Desk):
    """A desk holding one complaint, with what the links are checked against."""

    def __init__(self, profile: str = "payments-lt", language: str = "fr") -> None:
        super().__init__(profile)
        self.file(language=language)
        self.first_token = self.token

    def last_letter(self, kind: str) -> Any:
        return [letter for letter in self.repository.letters(self.reference) if letter.kind == kind][-1]

    def opens(self, token: str) -> bool:
        try:
            access.find_for_customer(self.reference, token, repository=self.repository)
        except access.ComplaintNotFound:
            return False
        return True


def links(letter: Any) -> set[tuple[str, str]]:
    return set(LINK.findall(letter.text)) | set(LINK.findall(letter.html))


def assert_link_opens(desk: LinkDesk, kind: str) -> str:
    letter = desk.last_letter(kind)
    found = links(letter)
    assert len(found) == 1, f"{kind}: one link, the same in text and HTML"
    ((reference, token),) = found
    assert reference == desk.reference
    assert desk.opens(token), f"the link in the {kind} letter opens the complaint"
    return token


def test_each_later_letter_links_to_the_complaint_with_a_working_code() -> None:
    """Information request, holding reply and final response (four eyes on): each link opens it."""
    desk = LinkDesk()
    desk.act("start_investigation")
    desk.act("request_information", items=["screenshots"])
    assert_link_opens(desk, "information_request")
    desk.act("information_received")
    desk.act("holding_reply", reason="Nous attendons la réponse de la banque du bénéficiaire.", until="2026-12-28")
    assert_link_opens(desk, "holding_reply")
    desk.act("final_response", outcome="rejected", reasons="Le virement est parti le jour même.", basis="CGU, art. 12.")
    desk.act("approve_final_response", staff=BOSS)
    assert_link_opens(desk, "final_response")
    assert desk.opens(desk.first_token), "the code shown on screen and in the acknowledgement still works"


def test_a_deadline_extended_letter_links_to_the_complaint_with_a_working_code() -> None:
    """A re-grade that moves the date later tells the customer with a link that works."""
    desk = LinkDesk("bank-fr", "it")
    desk.act("start_investigation")
    desk.act("triage", complexity="complex")
    assert_link_opens(desk, "deadline_extended")


def test_the_codes_stay_bounded_and_the_customer_first_code_is_never_dropped() -> None:
    """Many letters later the list of hashes has its cap; the first and the latest codes work."""
    desk = LinkDesk()
    desk.act("start_investigation")
    tokens = []
    for _ in range(MAX_TRACKING_TOKENS + 2):
        desk.act("request_information", items=["screenshots"])
        tokens.append(assert_link_opens(desk, "information_request"))
        desk.act("information_received")
    complaint = desk.repository.get(desk.reference)
    assert complaint is not None
    assert len(complaint.tracking_token_hashes) == MAX_TRACKING_TOKENS
    assert desk.opens(desk.first_token)
    assert desk.opens(tokens[-1])
    assert not desk.opens(tokens[0])


@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_a_later_letter_no_longer_asks_for_the_code_from_the_acknowledgement(language: str) -> None:
    """The link is enough: no sentence sends the customer back to the first email."""
    desk = LinkDesk(language=language)
    desk.act("start_investigation")
    desk.act("request_information", items=["screenshots"])
    text = desk.last_letter("information_request").text
    for phrase in ("acknowledgement email", "accusé de réception", "conferma di ricezione"):
        assert phrase not in text
