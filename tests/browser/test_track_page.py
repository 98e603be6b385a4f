"""The track page in a real browser: the link from the acknowledgement shows the status and the
deadlines from the API; a representative sends the power of attorney the firm asked for."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.browser.conftest import LANGUAGES, VIEWPORTS, Visit, axe_violations, fully_in_view
from tests.browser.test_complaint_form import catalogue, form_text, zone_name
from tests.stack_tools import api, complaints, handler_token, wait_until_scanned
from tests.support import body
from tests.support_files import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def file_complaint(stack: Any, language: str) -> dict[str, Any]:
    representative = {"name": "Avv. Paola Neri", "email": "studio@example.com", "capacity": "lawyer"}
    return api(stack, "/complaints", body(language=language, representative=representative), key=str(uuid.uuid4()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_link_shows_the_status_and_a_power_of_attorney_can_follow(visit: Visit, language: str) -> None:
    created = file_complaint(visit.stack, language)
    reference, token = created["reference"], created["tracking_token"]
    page = visit.open(language, f"track/?reference={reference}#token={token}")
    result = page.locator("[data-result]")
    result.wait_for()
    statuses = catalogue(language)["statuses"]
    assert page.locator('[data-out="status"]').inner_text() in (statuses["received"], statuses["acknowledged"])
    assert page.locator('[data-out="reference"]').inner_text() == reference
    assert page.locator('[data-row="answer_due"]').is_visible()
    assert not page.locator("[data-document-result]").is_visible()  # no empty bar under the button
    assert axe_violations(page) == []

    page.check('[name="purpose"][value="power_of_attorney"]')
    page.set_input_files("#f-upload_id", files=[{"name": "procura.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("[data-send-document] [data-send]")
    said = page.locator("[data-document-result]")
    said.filter(has_text="procura.pdf").wait_for()
    assert page.locator("[data-document-list] li").count() == 1
    (file,) = wait_until_scanned(visit.stack, reference, handler_token(visit.stack), count=1)
    assert file["purpose"] == "power_of_attorney"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_code_is_refused_at_the_reference(visit: Visit, language: str, viewport: str) -> None:
    created = file_complaint(visit.stack, language)
    visit.page.set_viewport_size(VIEWPORTS[viewport])
    page = visit.open(language, "track/")
    page.fill('[name="reference"]', created["reference"].lower().replace("-", " "))
    page.fill('[name="token"]', "not-the-code")
    page.locator("[data-lookup] button[type=submit]").click()
    error = page.locator("#f-reference-error")
    error.wait_for()
    assert catalogue(language)["errors"]["request"]["not_found"] in error.inner_text()
    assert page.locator('[name="reference"]').input_value() == created["reference"]  # as we write it
    assert not page.locator("[data-result]").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-summary')")
    assert fully_in_view(page, "#cf-summary-title")  # not under the sticky header
    assert axe_violations(page) == []


WAITING = "We are waiting for the records of the correspondent bank."
LATE = "The transfer left three days late because of our error."
REFUND = "We refund the fee of 5 EUR."
TERMS = "General terms, article 12: execution times."


def look(visit: Visit, language: str, created: dict[str, Any]) -> Any:
    """The track page freshly loaded (the same address again would only move to its fragment)."""
    visit.page.goto("about:blank")
    page = visit.open(language, f"track/?reference={created['reference']}#token={created['tracking_token']}")
    page.locator("[data-result]").wait_for()
    return page


def date_of(page: Any, row: str) -> str:
    return str(page.locator(f'[data-row="{row}"] dd').inner_text())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_track_page_follows_the_holding_reply_the_answer_and_the_closing(visit: Visit, language: str) -> None:
    """Each step of handling shows: the answer date a holding reply set, then the outcome with the
    route to the ADR body, then the closing, which leaves no document to send. Desktop and phone."""
    from chalicelib import settings

    stack, created = visit.stack, file_complaint(visit.stack, language)
    reference, text, words = created["reference"], form_text(language), catalogue(language)
    handler, supervisor = handler_token(stack), handler_token(stack, "sofia", "supervisor")
    page = look(visit, language, created)
    first_due = date_of(page, "answer_due")
    assert first_due.endswith(f"({zone_name(language)})")
    assert page.locator('[data-row="respond_by_extended"]').is_visible()

    complaints(stack, "start", reference, token=handler)
    until = created["respond_by_extended"][:10]
    complaints(stack, "holding-reply", reference, "--until", until, "--reason", WAITING, token=handler)
    page = look(visit, language, created)
    assert date_of(page, "answer_due") != first_due
    assert page.locator('[data-row="holding_reply_at"]').is_visible()
    assert not page.locator('[data-row="respond_by_extended"]').is_visible()  # replaced by the new date

    final = ["--outcome", "partially_upheld", "--reasons", LATE, "--redress", REFUND, "--basis", TERMS]
    complaints(stack, "final-response", reference, *final, token=handler)
    complaints(stack, "approve", reference, token=supervisor)
    page = look(visit, language, created)
    assert page.locator('[data-out="outcome"]').inner_text() == words["outcomes"]["partially_upheld"]
    config = settings.portal_config()
    adr = config.firm.adr_body(config.profile)
    assert adr is not None and adr.name_in(language) in page.locator("[data-answered]").inner_text()
    assert not page.locator("[data-deadlines]").is_visible() and page.locator("[data-send-document]").is_visible()

    complaints(stack, "close", reference, token=handler)
    for viewport in VIEWPORTS.values():
        visit.page.set_viewport_size(viewport)
        page = look(visit, language, created)
        title = page.locator("#cf-status-title").inner_text()
        assert title == f"{text['status_title']}{text['colon']} {words['statuses']['closed']}"
        assert page.locator("[data-answered]").is_visible() and page.locator('[data-row="closed_at"]').is_visible()
        assert not page.locator("[data-send-document]").is_visible()
        assert axe_violations(page) == []
    if language == "fr":
        assert "\u00a0:" in title  # "État : Clôturée", with a no-break space
