"""The complaint form in a real browser, in every language, against the real local stack: filing,
errors at their fields, the draft, retries that never file twice, files that reach the handler."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LANGUAGES, Visit, axe_violations
from tests.conftest import BACKEND, sent_emails
from tests.stack_tools import complaints, handler_token, wait_until_scanned
from tests.support_files import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REFERENCE = re.compile(r"^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$")


def catalogue(language: str) -> dict[str, Any]:
    return dict(json.loads((BACKEND / "chalicelib" / "i18n" / f"{language}.json").read_text(encoding="utf-8")))


def continue_(page: Any) -> None:
    page.locator("[data-step]:not([hidden]) button[type=submit]").click()


def fill_complaint(page: Any, email: str, *, category: str = "payment_delay", screenshot: bool = False) -> None:
    """Answers every step as a customer would, and stops on the review step."""
    page.fill('#complaint-form [name="email"]', email)
    page.check('#complaint-form [name="has_account"][value="true"]')
    page.fill('#complaint-form [name="account_id"]', "AUR-4481-22")
    continue_(page)
    page.fill('#complaint-form [name="full_name"]', "Giulia Conti")
    page.select_option('#complaint-form [name="country"]', "IT")
    page.check('#complaint-form [name="customer_type"][value="consumer"]')
    continue_(page)
    page.check(f'[name="category"][value="{category}"]')
    continue_(page)
    page.fill(
        '#complaint-form [name="description"]',
        "My transfer of 250 EUR on 2 November never arrived.\nSupport did not answer.",
    )
    page.fill('#complaint-form [name="incident_date"]', "2026-11-02")
    page.fill('#complaint-form [name="transaction_ids"]', "TX-1001\nTX-1002")
    page.fill('#complaint-form [name="desired_resolution"]', "Find the transfer and credit my account.")
    if screenshot:
        screenshot_file = {"name": "screenshot.png", "mimeType": "image/png", "buffer": PNG}
        page.set_input_files("#f-attachments", files=[screenshot_file])
        page.locator('[data-field="attachments"] li[data-state="ready"]').wait_for()
    continue_(page)
    page.check('#complaint-form [name="consent"]')


def ready_to_send(visit: Visit, language: str) -> tuple[Any, str]:
    """The form page with every step answered, on the review step; and the customer's email."""
    page = visit.open(language, "complaint-form/")
    email = f"customer-{language}-{uuid.uuid4().hex[:8]}@example.com"
    fill_complaint(page, email)
    return page, email


def acknowledgement_to(stack: Any, email: str) -> list[dict[str, Any]]:
    return [message for message in sent_emails(stack) if email in message["destinations"]["ToAddresses"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_customer_files_a_complaint_with_a_screenshot_and_the_handler_gets_the_same_bytes(
    visit: Visit, language: str, tmp_path: Path
) -> None:
    page = visit.open(language, "complaint-form/")
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    email = f"form-{language}-{uuid.uuid4().hex[:8]}@example.com"
    fill_complaint(page, email, screenshot=True)
    review = page.locator("[data-review]")
    assert "Giulia Conti" in review.inner_text() and "screenshot.png" in review.inner_text()
    assert axe_violations(page) == []

    page.click("[data-send]")
    success = page.locator("[data-success]")
    success.wait_for()
    reference = page.locator('[data-out="reference"]').inner_text()
    assert REFERENCE.match(reference)
    assert page.locator('[data-row="respond_by"] dd').inner_text()  # the API's date, in words
    assert f"reference={reference}" in str(page.locator("[data-track-link]").get_attribute("href"))
    assert page.evaluate("document.activeElement.id") == "cf-success-title"
    assert page.evaluate("localStorage.getItem('complaint-draft')") is None  # the draft went with success
    assert axe_violations(page) == []

    (acknowledgement,) = acknowledgement_to(visit.stack, email)
    assert reference in acknowledgement["subject"] + acknowledgement["body"]
    assert "screenshot.png" in acknowledgement["body"]
    token = handler_token(visit.stack)
    (file,) = wait_until_scanned(visit.stack, reference, token, count=1)
    target = tmp_path / "downloaded"
    complaints(visit.stack, "download", reference, file["upload_id"], "--output", str(target), token=token)
    assert target.read_bytes() == PNG


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_step_marks_each_field_and_leads_to_it(visit: Visit, language: str) -> None:
    page = visit.open(language, "complaint-form/")
    continue_(page)
    summary = page.locator("[data-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-summary')")
    texts = catalogue(language)["errors"]["fields"]
    assert summary.locator("li").all_inner_texts() == [texts["email"]["required"], texts["has_account"]["required"]]
    email = page.locator('#complaint-form [name="email"]')
    assert email.get_attribute("aria-invalid") == "true"
    assert "f-email-error" in str(email.get_attribute("aria-describedby"))
    assert texts["email"]["required"] in page.locator("#f-email-error").inner_text()
    assert axe_violations(page) == []
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.name") == "email"
    page.fill('#complaint-form [name="email"]', "someone@example.com")
    assert email.get_attribute("aria-invalid") is None  # fixed: the error goes at once


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_error_only_the_server_finds_is_shown_at_its_field(visit: Visit, language: str) -> None:
    page = visit.open(language, "complaint-form/")
    fill_complaint(page, f"server-{uuid.uuid4().hex[:8]}@example.com")

    def spoil(route: Any) -> None:  # as if the browser had let a bad address through
        sent = json.loads(route.request.post_data)
        route.continue_(post_data=json.dumps({**sent, "email": "nobody@nowhere"}))

    page.route(f"{visit.stack.ports.api_url}/complaints", spoil)
    page.click("[data-send]")
    error = page.locator("#f-email-error")
    error.wait_for()
    assert catalogue(language)["errors"]["fields"]["email"]["invalid"] in error.inner_text()
    assert page.locator('#complaint-form [name="email"]').get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reload_brings_back_what_was_typed(visit: Visit, language: str) -> None:
    page = visit.open(language, "complaint-form/")
    page.fill('#complaint-form [name="email"]', "draft@example.com")
    page.check('#complaint-form [name="has_account"][value="false"]')
    continue_(page)
    page.fill('#complaint-form [name="full_name"]', "Élodie Martin")
    page.reload()
    assert page.locator('#complaint-form [name="full_name"]').input_value() == "Élodie Martin"
    assert page.locator('#complaint-form [name="full_name"]').is_visible()  # back on the step where the reader was
    assert page.locator('#complaint-form [name="email"]').input_value() == "draft@example.com"
    assert page.locator('#complaint-form [name="has_account"][value="false"]').is_checked()
    notice = page.locator("[data-draft-status]").inner_text()
    assert notice.startswith(page.evaluate("JSON.parse(document.getElementById('form-data').text).text.draft_restored"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lost_answer_is_retried_with_the_same_key_and_files_one_complaint(visit: Visit, language: str) -> None:
    page, email = ready_to_send(visit, language)
    keys: list[str] = []

    def lose_first_answer(route: Any) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server stores the complaint…
            route.abort("connectionreset")  # …but its answer never reaches the browser
        else:
            route.continue_()

    page.route(f"{visit.stack.ports.api_url}/complaints", lose_first_answer)
    page.click("[data-send]")
    retry = page.locator("[data-retry]")
    retry.wait_for()
    assert page.locator('#complaint-form [name="description"]').input_value()  # nothing typed is lost
    retry.click()
    page.locator("[data-success]").wait_for()
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(acknowledgement_to(visit.stack, email)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_double_click_sends_once(visit: Visit, language: str) -> None:
    page, email = ready_to_send(visit, language)
    posts: list[int] = []
    complaints_url = f"{visit.stack.ports.api_url}/complaints"
    page.on("request", lambda request: request.method == "POST" and request.url == complaints_url and posts.append(1))
    page.dblclick("[data-send]")
    page.locator("[data-success]").wait_for()
    assert len(posts) == 1
    assert len(acknowledgement_to(visit.stack, email)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_an_unauthorised_operation_says_at_once_what_to_do(visit: Visit, language: str) -> None:
    page = visit.open(language, "complaint-form/")
    page.evaluate("localStorage.clear()")
    page.fill('#complaint-form [name="email"]', "urgent@example.com")
    page.check('#complaint-form [name="has_account"][value="false"]')
    continue_(page)
    page.fill('#complaint-form [name="full_name"]', "Marco Rossi")
    page.select_option('#complaint-form [name="country"]', "IT")
    page.check('#complaint-form [name="customer_type"][value="consumer"]')
    continue_(page)
    urgent = page.locator(".cf-urgent")
    assert not urgent.is_visible()
    page.check('#complaint-form [name="category"][value="unauthorised_transaction"]')
    assert urgent.is_visible()
    assert urgent.locator('a[href^="tel:"]').count() == 1
    assert axe_violations(page) == []
