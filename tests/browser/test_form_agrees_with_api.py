"""The form's own checks and the API agree on every answer: the same values pass, the same fail.

The form reads its patterns and limits from the API's validator (site_context()["rules"]); this
proves the two read them the same way, one page load per language, the API asked once per value."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest

from tests.browser.conftest import LANGUAGES, Visit
from tests.support import body

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LIST_OF_50 = "\n".join(f"TX-{number}" for number in range(50))
REPRESENTATIVE = {"name": "Marco Rossi", "email": "marco.rossi@example.it", "capacity": "Lawyer"}

# (field, answer as typed, whether it is acceptable)
CASES: list[tuple[str, str, bool]] = [
    ("email", "ana@example.com", True),
    ("email", "ana.jonaitiene+form@mail.example.lt", True),
    ("email", "jürgen@bücher.de", True),
    ("email", "  ana@example.com  ", True),
    ("email", "", False),
    ("email", "ana", False),
    ("email", "ana@example", False),
    ("email", "ana@@example.com", False),
    ("email", "ana@exam_ple.com", True),
    ("email", "ana@_example.com", False),
    ("email", "ana@-example.com", False),
    ("email", "ana maria@example.com", False),
    ("email", "ana@example.c0m", False),
    ("email", "a" * 65 + "@example.com", False),
    ("account_id", "EVP-4821-1193", True),
    ("account_id", "A" * 100, True),
    ("account_id", "", False),
    ("account_id", "A" * 101, False),
    ("full_name", "Ana Jonaitienė", True),
    ("full_name", "   ", False),
    ("full_name", "A" * 201, False),
    ("phone", "", True),
    ("phone", "+370 5 200 0999", True),
    ("phone", "06 12.34.56.78", True),
    ("phone", "(06) 12 34 56", False),
    ("phone", "12", False),
    ("phone", "+370 five", False),
    ("phone", "+" + "1" * 30, False),
    ("address", "Via Roma 1\n00100 Roma", True),
    ("address", "A" * 501, False),
    ("representative.name", "Marco Rossi", True),
    ("representative.name", "", False),
    ("representative.email", "marco@example.it", True),
    ("representative.email", "marco@", False),
    ("representative.capacity", "A" * 100, True),
    ("representative.capacity", "A" * 101, False),
    ("description", "Ten chars!", True),
    ("description", "A" * 10_000, True),
    ("description", "", False),
    ("description", "Too short", False),
    ("description", "e\u0301" * 5 + "abcd", False),  # nine characters once composed
    ("description", "A" * 10_001, False),
    ("incident_date", "2026-11-15", True),
    ("incident_date", "1970-01-01", True),
    ("incident_date", "2024-02-29", True),
    ("incident_date", "", False),
    ("incident_date", "2026-02-30", False),
    ("incident_date", "15/11/2026", False),
    ("incident_date", "2026-1-5", False),
    ("incident_date", "2999-01-01", False),
    ("incident_date", "1969-12-31", False),
    ("incident_time", "", True),
    ("incident_time", "14:30", True),
    ("incident_time", "00:00", True),
    ("incident_time", "23:59", True),
    ("incident_time", "24:00", False),
    ("incident_time", "14:60", False),
    ("incident_time", "9:30", False),
    ("incident_time", "14:30:15", False),
    ("transaction_ids", "", True),
    ("transaction_ids", "TX-1\n\n  TX-2  ", True),
    ("transaction_ids", LIST_OF_50, True),
    ("transaction_ids", LIST_OF_50 + "\nTX-0", True),  # a repeat counts once
    ("transaction_ids", "T" * 100, True),
    ("transaction_ids", LIST_OF_50 + "\nTX-50", False),
    ("transaction_ids", "T" * 101, False),
    ("ticket_ids", "SUP-1", True),
    ("ticket_ids", "S" * 101, False),
    ("people_involved", "A" * 2_000, True),
    ("people_involved", "A" * 2_001, False),
    ("actions_taken", "A" * 5_001, False),
    ("desired_resolution", "\U0001f4b6" * 5_000, True),  # characters, not UTF-16 units, are counted
    ("desired_resolution", "", False),
    ("desired_resolution", "A" * 5_001, False),
    ("amount_disputed.value", "", True),
    ("amount_disputed.value", "250", True),
    ("amount_disputed.value", "250.00", True),
    ("amount_disputed.value", "1 250,50", True),
    ("amount_disputed.value", "0.000000000000000001", True),
    ("amount_disputed.value", "0", False),
    ("amount_disputed.value", "-5", False),
    ("amount_disputed.value", "1,250.50", False),
    ("amount_disputed.value", "1.2.3", False),
    ("amount_disputed.value", "1e5", False),
    ("amount_disputed.value", "1" * 16, False),
    ("amount_disputed.currency", "EUR", True),
    ("amount_disputed.currency", "eur", True),
    ("amount_disputed.currency", "USDT", True),
    ("amount_disputed.currency", "", False),
    ("amount_disputed.currency", "E", False),
    ("amount_disputed.currency", "1EU", False),
    ("amount_disputed.currency", "EUR-X", False),
]


def request_body(field: str, answer: str) -> dict[str, Any]:
    """A valid complaint with one answer changed, sent as the form's script sends it."""
    given = answer if answer.strip() else None
    if field in ("transaction_ids", "ticket_ids"):
        return body(**{field: [line.strip() for line in answer.split("\n") if line.strip()]})
    if field == "amount_disputed.value":
        return body(amount_disputed={"value": answer, "currency": "EUR"} if given else None)
    if field == "amount_disputed.currency":
        return body(amount_disputed={"value": "250.00", "currency": answer.upper()})
    if field.startswith("representative."):
        return body(representative={**REPRESENTATIVE, field.split(".")[1]: given})
    return body(**{field: given})


def api_accepts(stack: Any, field: str, answer: str) -> bool:
    """Whether POST /complaints leaves `field` out of its errors. Consent is withheld so that nothing
    is filed: the API checks every field all the same and names each one it refuses."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    data = json.dumps({**request_body(field, answer), "consent": False}, ensure_ascii=False).encode()
    request = urllib.request.Request(f"{stack.ports.api_url}/complaints", data=data, method="POST", headers=headers)
    reply: dict[str, Any]
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, reply = response.status, json.load(response)
    except urllib.error.HTTPError as refused:
        status, reply = refused.code, json.load(refused)
    assert status == 400 and any(error["field"] == "consent" for error in reply["errors"]), reply
    return all(error["field"] != field for error in reply["errors"])


# In the page: the form's own check of each answer, through its control when the control can hold
# the answer (a time input cannot hold "24:00", an email input trims), else on the answer itself.
FORM_CHECKS = """async (cases) => {
  const script = document.querySelector('script[type="module"][src*="assets/form/complaint.js"]');
  const { check, checkAnswer, isNeeded } = await import(new URL("checks.js", script.src).href);
  const form = document.getElementById("complaint-form");
  form.elements.namedItem("amount_disputed.value").value = "250.00";  // as in the API's body
  const verdicts = cases.map(([name, answer]) => {
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const control = form.elements.namedItem(name);
    control.value = answer;
    return (control.value === answer ? check(box) : checkAnswer(name, answer, isNeeded(box))) === null;
  });
  form.reset();
  return verdicts;
}"""


@pytest.fixture(scope="module")
def api_verdicts(local_stack: Any) -> list[bool]:
    return [api_accepts(local_stack, field, answer) for field, answer, _ in CASES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_and_the_api_accept_and_refuse_the_same_answers(
    visit: Visit, language: str, api_verdicts: list[bool]
) -> None:
    page = visit.open(language, "complaint-form/")
    page.locator("[data-complaint]").wait_for()  # shown once the form's script has run
    form_verdicts = page.evaluate(FORM_CHECKS, [[field, answer] for field, answer, _ in CASES])
    wrong = [
        f"{field}={answer[:40]!r}: meant {meant}, form {form}, API {api}"
        for (field, answer, meant), form, api in zip(CASES, form_verdicts, api_verdicts, strict=True)
        if not meant == form == api
    ]
    assert wrong == []
