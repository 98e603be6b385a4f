"""The register of a period and its figures (RTS 2025/294 Art 8; seed 004 §38; FCA DISP 1.10 buckets)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from chalicelib.adapters.memory import MemoryComplaintRepository
from chalicelib.domain import acknowledgement as ack
from chalicelib.domain import handling
from chalicelib.domain.events import Event
from chalicelib.domain.profiles import get_profile
from chalicelib.services import register

from tests.support import new_complaint

LT = get_profile("payments-lt")
NOV_2 = "2026-11-02T10:00:00+00:00"  # a Monday
NOW = datetime(2026, 12, 15, 12, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def build(repository: MemoryComplaintRepository, reference: str, received: str, *steps: tuple[Any, ...]) -> None:
    """A complaint received at `received`, taken through (action, time, *arguments) steps."""
    complaint = replace(new_complaint(received=received, incident_date="2026-10-20"), reference=reference)
    for step, moment, *arguments in steps:
        if step == "ack":
            complaint, _ = ack.mark_sent(ack.claim(complaint, at(moment)), at(moment), "m")
        else:
            complaint = step(complaint, "alice", at(moment), *arguments).complaint
    repository.add(complaint, Event(at=at(received), actor="customer", kind="received"), None)


def answer(outcome: str) -> object:
    return lambda c, who, now: handling.final_response(
        c,
        who,
        now,
        outcome=outcome,
        reasons="Every point answered in full detail.",
        redress="Refund of the fee.",
        basis="General terms, article 12.",
        apology=None,
        comment=f"{outcome} comment",
    )


def repository() -> MemoryComplaintRepository:
    repo = MemoryComplaintRepository()
    build(
        repo,
        "AAAA-AAAA",
        NOV_2,
        ("ack", NOV_2),
        (handling.start_investigation, NOV_2),
        (answer("partially_upheld"), "2026-11-06T09:00:00+00:00"),
    )
    build(
        repo,
        "BBBB-BBBB",
        NOV_2,
        ("ack", "2026-11-04T09:00:00+00:00"),
        (handling.start_investigation, NOV_2),
        (answer("upheld"), "2026-11-03T09:00:00+00:00"),
    )
    build(repo, "CCCC-CCCC", NOV_2)
    build(
        repo,
        "DDDD-DDDD",
        NOV_2,
        (
            lambda c, who, now: handling.triage(
                c, who, now, LT, admissible=False, inadmissible_reasons="About another firm's product entirely."
            ),
            "2026-11-03T09:00:00+00:00",
        ),
    )
    build(repo, "EEEE-EEEE", "2026-10-30T10:00:00+00:00")
    return repo


def test_the_register_lists_the_complaints_of_the_period_with_deadlines_met_or_breached() -> None:
    """One row per complaint received in the period, oldest first, with each step's verdict."""
    rows = register.register(repository(), date(2026, 11, 1), date(2026, 11, 30), NOW)
    by_reference = {row["reference"]: row for row in rows}
    assert list(by_reference) == ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD"]
    a, b, c, d = (by_reference[ref] for ref in by_reference)
    assert (a["acknowledgement"], a["response"], a["outcome"], a["business_days_to_response"]) == (
        "met",
        "met",
        "partially_upheld",
        4,
    )
    assert a["comment"] == "partially_upheld comment"
    assert (b["acknowledgement"], b["response"], b["business_days_to_response"]) == ("breached", "met", 1)
    assert (c["acknowledgement"], c["response"], c["outcome"]) == ("overdue", "overdue", "")
    assert (d["acknowledgement"], d["response"], d["outcome"]) == ("met", "not_applicable", "inadmissible")
    assert set(rows[0]) == set(register.REGISTER_COLUMNS)


def test_the_figures_count_outcomes_breaches_and_answering_times() -> None:
    """Counts by category and outcome, breaches per step, the median and the DISP-style buckets."""
    figures = register.figures(register.register(repository(), date(2026, 11, 1), date(2026, 11, 30), NOW))
    assert figures["complaints"] == 4
    assert figures["by_outcome"] == {"inadmissible": 1, "open": 1, "partially_upheld": 1, "upheld": 1}
    assert figures["by_category"] == {"payment_delay": 4}
    assert figures["breaches"] == {"acknowledgement": 2, "investigation": 0, "response": 1}
    assert figures["median_business_days_to_response"] == 2.5
    assert figures["answered_within_business_days"] == {"within_3": 1, "within_15": 1, "within_35": 0, "later": 0}


def test_the_csv_export_has_a_header_and_one_line_per_complaint() -> None:
    """Spreadsheet-ready, with the same columns as the JSON rows."""
    rows = register.register(repository(), date(2026, 11, 1), date(2026, 11, 30), NOW)
    lines = register.register_csv(rows).splitlines()
    assert lines[0].split(",") == list(register.REGISTER_COLUMNS)
    assert len(lines) == 5


def test_the_register_keeps_the_first_answer_date_and_each_change_a_regrade_made() -> None:
    """A bank-fr complaint re-graded from simple to complex: both dates show, and who moved it."""
    bank = get_profile("bank-fr")
    fresh = new_complaint("bank-fr", received=NOV_2, incident_date="2026-10-20")
    complaint = handling.start_investigation(fresh, "alice", at(NOV_2)).complaint
    first = complaint.deadlines.respond_by
    regraded = handling.triage(complaint, "bob", at("2026-11-04T09:00:00+00:00"), bank, complexity="complex").complaint
    row = register.register_row(regraded, NOW)
    assert row["respond_by_initial"] == first.isoformat()
    assert row["respond_by"] == regraded.deadlines.respond_by.isoformat() != row["respond_by_initial"]
    assert row["deadline_changes"] == (
        f"complexity simple->complex: {first.isoformat()} -> {regraded.deadlines.respond_by.isoformat()}"
        " (bob, 2026-11-04T09:00:00+00:00)"
    )
    untouched = register.register_row(complaint, NOW)
    assert (untouched["respond_by_initial"], untouched["deadline_changes"]) == (first.isoformat(), "")
