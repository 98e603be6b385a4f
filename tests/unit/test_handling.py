"""The checks each handler action makes, and the deadlines through a complaint's life."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from chalicelib.domain import acknowledgement as ack
from chalicelib.domain import handling
from chalicelib.domain.due import pending_deadlines
from chalicelib.domain.lifecycle import ActionRefused
from chalicelib.domain.profiles import get_profile

from tests.support import new_complaint

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LT = get_profile("payments-lt")


def problems(error: pytest.ExceptionInfo[ActionRefused]) -> set[tuple[str | None, str]]:
    return set(error.value.problems)


def in_progress(**changes: object):  # type: ignore[no-untyped-def]
    return handling.start_investigation(new_complaint(**changes), "alice", NOW).complaint


# ---------------------------------------------------------------- triage


def test_complexity_sets_the_answer_date_under_bank_fr() -> None:
    """bank-fr: 5, 15 or 15 business days from receipt; only an exceptional case may be held to the 30th."""
    complaint = new_complaint(profile="bank-fr")
    bank = get_profile("bank-fr")
    graded = [
        handling.triage(complaint, "alice", NOW, bank, complexity=grade).complaint.deadlines
        for grade in ("simple", "complex", "exceptional")
    ]
    assert [d.respond_by.date() for d in graded] == [date(2026, 11, 27), date(2026, 12, 11), date(2026, 12, 11)]
    extended = [d.respond_by_extended.date() if d.respond_by_extended else None for d in graded]
    assert extended == [None, None, date(2027, 1, 5)]  # 25 Dec, 1 Jan are holidays


def test_complexity_does_not_move_a_profile_that_is_not_graded() -> None:
    """payments-lt answers consumers in 15 business days whatever the complexity."""
    complaint = new_complaint()
    graded = handling.triage(complaint, "alice", NOW, LT, complexity="exceptional").complaint
    assert graded.deadlines.respond_by == complaint.deadlines.respond_by


def test_the_urgent_flag_adds_or_removes_the_investigation_deadline() -> None:
    """Seed 004 §34: a handler may mark any complaint urgent; payments-lt then sets investigate_by."""
    complaint = new_complaint()
    assert complaint.deadlines.investigate_by is None
    urgent = handling.triage(complaint, "alice", NOW, LT, urgent=True).complaint
    assert urgent.deadlines.investigate_by == datetime.fromisoformat("2026-11-23T23:59:59+02:00")
    assert handling.triage(urgent, "alice", NOW, LT, urgent=False).complaint.deadlines.investigate_by is None


def test_an_inadmissible_complaint_is_closed_with_a_letter_of_reasons() -> None:
    """The letter replaces the pending acknowledgement; reasons are required."""
    with pytest.raises(ActionRefused) as refused:
        handling.triage(new_complaint(), "alice", NOW, LT, admissible=False)
    assert problems(refused) == {("inadmissible_reasons", "required")}
    change = handling.triage(
        new_complaint(),
        "alice",
        NOW,
        LT,
        admissible=False,
        inadmissible_reasons="The complaint is about a firm we have no relation with.",
    )
    assert (change.complaint.status, change.letter) == ("closed", "inadmissible")
    assert change.complaint.acknowledgement.state == "not_required"


def test_triage_refuses_unknown_grades() -> None:
    """Severity, complexity and authority take only their codes."""
    with pytest.raises(ActionRefused) as refused:
        handling.triage(new_complaint(), "alice", NOW, LT, severity="huge", complexity="hard", authority="maybe")
    assert problems(refused) == {("severity", "invalid"), ("complexity", "invalid"), ("authority", "invalid")}


def test_a_representative_starts_with_a_missing_authority() -> None:
    """Seed 004 §12: the power of attorney is asked for afterwards."""
    complaint = new_complaint(representative={"name": "Jonas", "email": "j@example.com", "capacity": "lawyer"})
    assert complaint.triage.authority == "missing"
    assert new_complaint().triage.authority == "not_needed"


# ---------------------------------------------------------------- information


def test_a_request_never_asks_for_what_the_firm_already_holds() -> None:
    """RTS 2025/294 Art 5: the submission already has transaction numbers and an incident time."""
    with pytest.raises(ActionRefused) as refused:
        handling.request_information(in_progress(), "alice", NOW, ["transaction_ids", "incident_time", "colour"], None)
    assert problems(refused) == {
        ("items.transaction_ids", "already_held"),
        ("items.incident_time", "already_held"),
        ("items.colour", "invalid"),
    }


def test_a_request_for_missing_information_sends_a_letter() -> None:
    """The complaint waits for the customer; the letter lists the items."""
    change = handling.request_information(in_progress(), "alice", NOW, ["screenshots", "phone"], "Both, please.")
    assert (change.complaint.status, change.letter) == ("awaiting_customer", "information_request")
    assert change.letter_details == {"items": ["screenshots", "phone"], "note": "Both, please."}


def test_a_power_of_attorney_is_asked_only_of_a_representative_and_only_until_received() -> None:
    """Without a representative there is nothing to ask; once received it is held."""
    with pytest.raises(ActionRefused) as refused:
        handling.request_information(in_progress(), "alice", NOW, ["power_of_attorney"], None)
    assert problems(refused) == {("items.power_of_attorney", "not_applicable")}
    represented = in_progress(representative={"name": "Jonas", "email": "j@example.com", "capacity": "lawyer"})
    asked = handling.request_information(represented, "alice", NOW, ["power_of_attorney"], None).complaint
    back = handling.information_received(asked, "alice", NOW, authority_received=True).complaint
    assert back.triage.authority == "received"
    with pytest.raises(ActionRefused):
        handling.request_information(back, "alice", NOW, ["power_of_attorney"], None)


# ---------------------------------------------------------------- holding reply


def test_a_holding_reply_moves_the_answer_date_within_the_extended_limit() -> None:
    """PSD2 Art 101(2): never beyond respond_by_extended (35 business days under payments-lt)."""
    complaint = in_progress()
    limit = complaint.deadlines.respond_by_extended
    assert limit is not None
    with pytest.raises(ActionRefused) as refused:
        handling.holding_reply(
            complaint,
            "alice",
            NOW,
            LT,
            "Waiting for the correspondent bank's records.",
            limit.date().replace(day=limit.day + 1),
        )
    assert problems(refused) == {("until", "beyond_limit")}
    change = handling.holding_reply(
        complaint, "alice", NOW, LT, "Waiting for the correspondent bank's records.", limit.date()
    )
    assert change.complaint.answer_due == limit
    assert (change.complaint.status, change.letter) == ("holding_reply_sent", "holding_reply")


def test_a_holding_reply_needs_a_reason_and_a_future_date() -> None:
    """The customer is told why, and the date cannot already have passed."""
    with pytest.raises(ActionRefused) as refused:
        handling.holding_reply(in_progress(), "alice", NOW, LT, "Busy", date(2026, 11, 20))
    assert problems(refused) == {("reason", "required"), ("until", "in_past")}


def test_without_an_extension_a_holding_reply_cannot_pass_the_answer_date() -> None:
    """bank-fr allows no extension for a simple case: the promised date stays within respond_by."""
    complaint = in_progress(profile="bank-fr")
    assert complaint.deadlines.respond_by_extended is None
    beyond = complaint.deadlines.respond_by.date() + timedelta(days=1)
    with pytest.raises(ActionRefused) as refused:
        handling.holding_reply(
            complaint, "alice", NOW, get_profile("bank-fr"), "Waiting for the card scheme's records.", beyond
        )
    assert problems(refused) == {("until", "beyond_limit")}


REASON = "Waiting for the records of the other party to the transfer."
# (profile, customer type, category, complexity at triage or None, latest date a holding reply may set)
HOLDING_LIMITS = [
    ("payments-lt", "consumer", "payment_delay", None, date(2027, 1, 13)),  # 35 business days
    ("payments-lt", "business", "payment_delay", None, date(2027, 1, 13)),  # businesses alike (PSD2 Art 101(2))
    ("exchange-eu", "consumer", "payment_delay", None, date(2027, 1, 20)),  # 2 months (RTS 2025/294 Art 6)
    ("exchange-fr", "business", "service_quality", None, date(2027, 1, 20)),
    ("bank-fr", "consumer", "payment_delay", "exceptional", date(2027, 1, 5)),  # 30 business days
    ("bank-it", "consumer", "payment_delay", None, date(2027, 1, 14)),  # payment services: 35 business days
]


@pytest.mark.parametrize(("profile", "customer_type", "category", "complexity", "limit"), HOLDING_LIMITS)
def test_a_holding_reply_sent_in_time_may_set_a_date_up_to_the_profiles_cap(
    profile: str, customer_type: str, category: str, complexity: str | None, limit: date
) -> None:
    """Sent before respond_by, with reasons: the date may reach respond_by_extended, never a day more."""
    rules = get_profile(profile)
    complaint = in_progress(profile=profile, customer_type=customer_type, category=category)
    if complexity:
        complaint = handling.triage(complaint, "alice", NOW, rules, complexity=complexity).complaint
    with pytest.raises(ActionRefused) as refused:
        handling.holding_reply(complaint, "alice", NOW, rules, REASON, limit + timedelta(days=1))
    assert problems(refused) == {("until", "beyond_limit")}
    change = handling.holding_reply(complaint, "alice", NOW, rules, REASON, limit)
    assert change.complaint.answer_due.date() == limit
    assert change.letter == "holding_reply"


def test_bank_it_allows_no_holding_reply_beyond_sixty_days_for_banking_services() -> None:
    """Banca d'Italia's 60 calendar days have no extension."""
    complaint = in_progress(profile="bank-it", category="terms_rights")
    assert complaint.deadlines.respond_by_extended is None
    with pytest.raises(ActionRefused) as refused:
        handling.holding_reply(
            complaint,
            "alice",
            NOW,
            get_profile("bank-it"),
            REASON,
            complaint.deadlines.respond_by.date() + timedelta(1),
        )
    assert problems(refused) == {("until", "beyond_limit")}


@pytest.mark.parametrize("profile", ["payments-lt", "exchange-eu", "exchange-fr", "bank-it"])
def test_a_holding_reply_after_the_answer_date_has_passed_is_refused(profile: str) -> None:
    """CONTRACT.md section 3: the holding reply is sent before respond_by passes, or not at all."""
    complaint = in_progress(profile=profile)
    late = complaint.deadlines.respond_by + timedelta(seconds=1)
    limit = complaint.deadlines.respond_by_extended or complaint.deadlines.respond_by
    with pytest.raises(ActionRefused) as refused:
        handling.holding_reply(complaint, "alice", late, get_profile(profile), REASON, limit.date())
    assert problems(refused) == {(None, "deadline_passed")}


def test_a_holding_reply_in_the_last_second_before_the_deadline_is_accepted() -> None:
    """respond_by is the end of its day: 23:59:59 local is still in time."""
    complaint = in_progress(profile="exchange-eu")
    limit = complaint.deadlines.respond_by_extended
    assert limit is not None
    change = handling.holding_reply(
        complaint, "alice", complaint.deadlines.respond_by, get_profile("exchange-eu"), REASON, limit.date()
    )
    assert change.complaint.status == "holding_reply_sent"


# ---------------------------------------------------------------- re-grading moves the deadline openly

BANK = get_profile("bank-fr")


def test_a_regrade_that_lengthens_the_deadline_keeps_the_first_one_and_tells_the_customer() -> None:
    """bank-fr simple (27 Nov) to complex (11 Dec): the first deadline and the change are kept, a letter goes."""
    complaint = in_progress(profile="bank-fr")
    first = complaint.deadlines.respond_by
    change = handling.triage(complaint, "alice", NOW, BANK, complexity="complex")
    regraded = change.complaint
    assert regraded.deadlines.respond_by.date() == date(2026, 12, 11)
    assert regraded.respond_by_initial == first
    assert [(c.respond_by_before, c.respond_by_after, c.actor) for c in regraded.deadline_changes] == [
        (first, regraded.deadlines.respond_by, "alice")
    ]
    assert change.letter == "deadline_extended"
    assert change.letter_details == {
        "respond_by_before": first.isoformat(),
        "respond_by": regraded.deadlines.respond_by.isoformat(),
    }
    assert change.event.details["respond_by_initial"] == first.isoformat()
    assert change.event.details["deadline_change"]["respond_by_after"] == regraded.deadlines.respond_by.isoformat()


def test_a_regrade_after_the_deadline_has_passed_is_refused() -> None:
    """A missed deadline stays missed: re-grading the complexity cannot turn it into one met."""
    complaint = in_progress(profile="bank-fr")
    late = complaint.deadlines.respond_by + timedelta(seconds=1)
    with pytest.raises(ActionRefused) as refused:
        handling.triage(complaint, "alice", late, BANK, complexity="exceptional")
    assert problems(refused) == {("complexity", "deadline_passed")}


def test_a_later_regrade_keeps_the_very_first_deadline() -> None:
    """Two changes in a row: respond_by_initial is still the deadline the customer was first given."""
    complaint = in_progress(profile="bank-fr")
    first = complaint.deadlines.respond_by
    once = handling.triage(complaint, "alice", NOW, BANK, complexity="complex").complaint
    twice = handling.triage(once, "bob", NOW, BANK, complexity="exceptional").complaint
    assert twice.respond_by_initial == first
    assert len(twice.deadline_changes) == 1  # complex and exceptional share the 15th business day
    assert twice.deadlines.respond_by_extended is not None


def test_a_regrade_that_shortens_the_deadline_is_recorded_without_a_letter() -> None:
    """Back from complex to simple: the customer is answered sooner; the change is kept all the same."""
    complex_ = handling.triage(in_progress(profile="bank-fr"), "alice", NOW, BANK, complexity="complex").complaint
    change = handling.triage(complex_, "alice", NOW, BANK, complexity="simple")
    assert change.complaint.deadlines.respond_by.date() == date(2026, 11, 27)
    assert len(change.complaint.deadline_changes) == 2
    assert change.letter is None


def test_a_regrade_after_a_holding_reply_is_refused() -> None:
    """The holding reply told the customer a date; a re-grade cannot move the limit under it."""
    exceptional = handling.triage(in_progress(profile="bank-fr"), "alice", NOW, BANK, complexity="exceptional")
    limit = exceptional.complaint.deadlines.respond_by_extended
    assert limit is not None
    held = handling.holding_reply(exceptional.complaint, "alice", NOW, BANK, REASON, limit.date()).complaint
    with pytest.raises(ActionRefused) as refused:
        handling.triage(held, "alice", NOW, BANK, complexity="simple")
    assert problems(refused) == {("complexity", "holding_reply_sent")}


def test_a_triage_that_leaves_the_deadline_alone_records_no_change() -> None:
    """Severity or urgency alone never adds a deadline change."""
    changed = handling.triage(in_progress(profile="bank-fr"), "alice", NOW, BANK, severity="serious").complaint
    assert changed.deadline_changes == ()


ITALY = get_profile("bank-it")


def test_a_handler_corrects_the_service_of_a_bank_it_complaint_at_triage() -> None:
    """terms_rights counts as banking (60 days); a handler who finds it is about a payment sets 15 / 35."""
    complaint = in_progress(profile="bank-it", category="terms_rights")
    assert complaint.deadlines.respond_by_extended is None
    change = handling.triage(complaint, "alice", NOW, ITALY, service="payments")
    assert change.complaint.triage.service == "payments"
    assert change.complaint.deadlines.respond_by.date() == date(2026, 12, 14)
    assert change.complaint.deadlines.respond_by_extended is not None
    assert change.letter is None  # sooner, in the customer's favour
    assert change.complaint.respond_by_initial == complaint.deadlines.respond_by


def test_a_service_correction_that_lengthens_is_refused_once_the_deadline_has_passed() -> None:
    """payment_delay counts as payments (15 business days); moving it to banking's 60 days after that is refused."""
    complaint = in_progress(profile="bank-it", category="payment_delay")
    late = complaint.deadlines.respond_by + timedelta(hours=1)
    with pytest.raises(ActionRefused) as refused:
        handling.triage(complaint, "alice", late, ITALY, service="banking")
    assert problems(refused) == {("service", "deadline_passed")}
    in_time = handling.triage(complaint, "alice", NOW, ITALY, service="banking")
    assert in_time.letter == "deadline_extended"


def test_triage_refuses_an_unknown_service_and_a_service_where_the_profile_has_none() -> None:
    """Only payments or banking, and only under a profile that counts by service."""
    with pytest.raises(ActionRefused) as refused:
        handling.triage(in_progress(profile="bank-it"), "alice", NOW, ITALY, service="insurance")
    assert problems(refused) == {("service", "invalid")}
    with pytest.raises(ActionRefused) as refused:
        handling.triage(in_progress(), "alice", NOW, LT, service="payments")
    assert problems(refused) == {("service", "not_applicable")}


# ---------------------------------------------------------------- final response


def test_a_final_response_without_its_required_content_is_refused() -> None:
    """Outcome and reasons always; redress when justified; the basis of any refusal."""
    complaint = in_progress()
    with pytest.raises(ActionRefused) as refused:
        handling.final_response(
            complaint, "alice", NOW, outcome=None, reasons="", redress=None, basis=None, apology=None
        )
    assert problems(refused) == {("outcome", "required"), ("reasons", "required")}
    with pytest.raises(ActionRefused) as refused:
        handling.final_response(
            complaint,
            "alice",
            NOW,
            outcome="partially_upheld",
            reasons="The transfer was late by three days.",
            redress=None,
            basis=None,
            apology=None,
        )
    assert problems(refused) == {("redress", "required"), ("basis", "required")}
    with pytest.raises(ActionRefused) as refused:
        handling.final_response(
            complaint,
            "alice",
            NOW,
            outcome="rejected",
            reasons="The transfer left on time.",
            redress=None,
            basis=None,
            apology=None,
        )
    assert problems(refused) == {("basis", "required")}


def test_a_complete_final_response_resolves_the_complaint_with_a_letter() -> None:
    """The outcome is kept with its reasons and the register's comment."""
    change = handling.final_response(
        in_progress(),
        "alice",
        NOW,
        outcome="upheld",
        reasons="The transfer was delayed by our error.",
        redress="We refund the fee of 5 EUR.",
        basis=None,
        apology=None,
        comment="Delay, fee refunded",
    )
    assert (change.complaint.status, change.letter) == ("resolved", "final_response")
    assert change.complaint.final_response is not None
    assert change.complaint.final_response.comment == "Delay, fee refunded"


# ---------------------------------------------------------------- escalation, referral, closure


def test_escalation_goes_to_management_or_legal_and_tells_the_customer() -> None:
    """Seed 000 §9, seed 004 §21; resuming clears it."""
    with pytest.raises(ActionRefused):
        handling.escalate(in_progress(), "alice", NOW, "ceo", "Complex case")
    change = handling.escalate(in_progress(), "alice", NOW, "legal", "Complex legal question")
    assert (change.complaint.escalated_to, change.letter) == ("legal", "escalated")
    assert handling.resume(change.complaint, "bob", NOW).complaint.escalated_to is None


def test_a_referral_names_a_body_of_the_profile_and_its_result_closes_it() -> None:
    """Only the ADR body or regulator the profile names."""
    resolved = replace(in_progress(), status="resolved")
    with pytest.raises(ActionRefused):
        handling.refer(resolved, "alice", NOW, LT, "fspo")
    referred = handling.refer(resolved, "alice", NOW, LT, "bank_of_lithuania").complaint
    closed = handling.record_referral_result(referred, "bob", NOW, "Settled: the firm refunded the fee.").complaint
    assert closed.status == "closed"
    assert closed.referral is not None and closed.referral.result == "Settled: the firm refunded the fee."


def test_a_serious_complaint_closes_only_after_its_corrective_action() -> None:
    """Seed 000 §4.1.5: the corrective-action record comes first."""
    serious = handling.triage(in_progress(), "alice", NOW, LT, severity="serious").complaint
    resolved = replace(serious, status="resolved")
    with pytest.raises(ActionRefused) as refused:
        handling.close(resolved, "alice", NOW)
    assert problems(refused) == {("corrective_actions", "required")}
    with pytest.raises(ActionRefused) as refused:
        handling.record_corrective_action(
            resolved,
            "alice",
            NOW,
            root_cause="",
            immediate_action=None,
            preventive_action=None,
            owner=None,
            due_on=None,
        )
    assert len(problems(refused)) == 5
    fixed = handling.record_corrective_action(
        resolved,
        "alice",
        NOW,
        root_cause="A batch job skipped weekend transfers.",
        immediate_action="Transfers re-sent.",
        preventive_action="Job now runs daily with a check.",
        owner="payments ops",
        due_on=date(2026, 12, 15),
    ).complaint
    assert handling.close(fixed, "alice", NOW).complaint.status == "closed"


# ---------------------------------------------------------------- deadlines through the life


def test_the_pending_deadlines_follow_the_complaint_through_its_life() -> None:
    """Acknowledgement, investigation start, response, then the extended response, then nothing."""
    complaint = new_complaint(category="unauthorised_transaction")
    assert set(pending_deadlines(complaint)) == {"acknowledgement", "investigation", "response"}
    sent, _ = ack.mark_sent(ack.claim(complaint, NOW), NOW, "m")
    assert set(pending_deadlines(sent)) == {"investigation", "response"}
    started = handling.start_investigation(sent, "alice", NOW).complaint
    assert set(pending_deadlines(started)) == {"response"}
    limit = started.deadlines.respond_by_extended
    held = handling.holding_reply(
        started, "alice", NOW, LT, "Waiting for the card scheme's report.", limit.date()
    ).complaint  # type: ignore[union-attr]
    assert pending_deadlines(held) == {"extended_response": limit}
    done = handling.final_response(
        held,
        "alice",
        NOW,
        outcome="upheld",
        reasons="The operation was fraudulent.",
        redress="Refund of 250 EUR.",
        basis=None,
        apology=None,
    ).complaint
    assert pending_deadlines(done) == {}
