"""Faults at each step of the intake and of a letter, with the retry job running after each: nothing
the customer sent is lost, and no email goes out twice or is recorded as sent when it was not
(issue 11, "keep proving it"). A fault here is one failure of one call, as a throttled or briefly
unreachable AWS service gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from chalicelib.adapters.memory import MemoryComplaintRepository, MemoryMailer
from chalicelib.adapters.ports import MailUnavailable, StorageUnavailable
from chalicelib.api.actions import parse_action
from chalicelib.config.firm import load_firm
from chalicelib.services import handling, intake, jobs
from chalicelib.services.handling import StaffMember

from tests.support import FixedClock, body, portal_config

KEY = "5f0b8d7e-3c1a-4b2e-9f6d-0a1b2c3d4e5f"


class OnceFailing(MemoryComplaintRepository):
    """The twin, whose chosen method fails once, on its `nth` call."""

    def __init__(self, method: str, nth: int = 1) -> None:
        super().__init__()
        self.method, self.nth, self.calls = method, nth, 0

    def __getattribute__(self, name: str) -> Any:
        attribute = super().__getattribute__(name)
        if name != object.__getattribute__(self, "method"):
            return attribute

        def once(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.nth:
                raise StorageUnavailable("ThrottlingException")
            return attribute(*args, **kwargs)

        return once


class OnceRefusingMailer(MemoryMailer):
    def __init__(self) -> None:
        super().__init__()
        self.refused = False

    def send(self, message: Any) -> str:
        if not self.refused:
            self.refused = True
            raise MailUnavailable("Throttling")
        return super().send(message)


class Firm:
    """The intake and the retry job on twins, with a clock that runs."""

    def __init__(self, repository: MemoryComplaintRepository, mailer: MemoryMailer | None = None) -> None:
        self.repository, self.mailer, self.clock = repository, mailer or MemoryMailer(), FixedClock()
        self.config = portal_config()

    def submit(self) -> intake.Submitted:
        return intake.submit_complaint(
            body(),
            idempotency_key=KEY,
            client_id="203.0.113.9",
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            config=self.config,
        )

    def submit_until_answered(self) -> str:
        """The form's own behaviour: a 503 is retried with the same key."""
        for _ in range(3):
            try:
                return str(self.submit().body["reference"])
            except StorageUnavailable:
                continue
        raise AssertionError("never answered")

    def run_jobs(self, times: int = 3) -> None:
        for _ in range(times):
            self.clock.advance(minutes=10)  # past any claim's lease
            jobs.retry_mail(repository=self.repository, mailer=self.mailer, clock=self.clock, firm=self.config.firm)

    def acknowledgements(self, reference: str) -> list[Any]:
        return [m for m in self.mailer.sent if m.tags.get("kind") == "acknowledgement" and reference in m.subject]


INTAKE_FAULTS: dict[str, Callable[[], Firm]] = {
    "store": lambda: Firm(OnceFailing("add")),
    "mark acknowledgement sent": lambda: Firm(OnceFailing("save")),
    "send": lambda: Firm(MemoryComplaintRepository(), OnceRefusingMailer()),
}


@pytest.mark.parametrize("fault", INTAKE_FAULTS)
def test_a_fault_at_any_intake_step_loses_nothing_and_acknowledges_once(fault: str) -> None:
    """Stored once, acknowledged once and recorded as such, whichever step failed."""
    firm = INTAKE_FAULTS[fault]()
    reference = firm.submit_until_answered()
    firm.run_jobs()
    assert firm.repository.references() == [reference]
    assert len(firm.acknowledgements(reference)) == 1
    stored = firm.repository.get(reference)
    assert stored is not None and stored.acknowledgement.state == "sent"


class Desk(Firm):
    def act(self, action: str, **params: Any) -> None:
        handling.perform(
            self.reference,
            action,
            parse_action(action, params),
            staff=StaffMember("alice", "handler"),
            repository=self.repository,
            mailer=self.mailer,
            clock=self.clock,
            firm=load_firm(),
        )


LETTER_FAULTS: dict[str, Callable[[], Desk]] = {
    # saves: 1 the acknowledgement sent, 2 the investigation started, 3 the request with its letter
    "store the letter": lambda: Desk(OnceFailing("save", nth=3)),
    "claim the letter": lambda: Desk(OnceFailing("replace_letter", nth=1)),
    "mark the letter sent": lambda: Desk(OnceFailing("replace_letter", nth=2)),
}


@pytest.mark.parametrize("fault", LETTER_FAULTS)
def test_a_fault_at_any_letter_step_sends_it_once_and_records_it(fault: str) -> None:
    """The information request reaches the customer once and is recorded as sent, whatever failed."""
    desk = LETTER_FAULTS[fault]()
    desk.reference = desk.submit_until_answered()
    desk.act("start_investigation")
    for _ in range(3):
        try:
            desk.act("request_information", items=["screenshots"])
            break
        except StorageUnavailable:
            continue  # the handler presses again
    desk.run_jobs()
    letters = desk.repository.letters(desk.reference)
    assert [(letter.kind, letter.state) for letter in letters] == [("information_request", "sent")]
    sent = [m for m in desk.mailer.sent if m.tags.get("kind") == "information_request"]
    assert len(sent) == 1
