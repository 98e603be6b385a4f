"""The complaint form in a real browser, in every language, against the real local stack: filing,
errors at their fields, the draft, retries that never file twice, files that reach the handler."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import LANGUAGES, VIEWPORTS, Visit, axe_violations, fully_in_view
from tests.conftest import BACKEND, ROOT, sent_emails
from tests.stack_tools import complaints, handler_token, wait_until_scanned
from tests.support_files import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REFERENCE = re.compile(r"^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$")


def catalogue(language: str) -> dict[str, Any]:
    return dict(json.loads((BACKEND / "chalicelib" / "i18n" / f"{language}.json").read_text(encoding="utf-8")))


def form_text(language: str) -> dict[str, Any]:
    """The form's own words (overrides/form_text), as the page has them."""
    return dict(yaml.safe_load((ROOT / "overrides" / "form_text" / f"{language}.yml").read_text(encoding="utf-8")))


def zone_name(language: str) -> str:
    """The firm's time zone as its people name it, in `language` (the emails' own table)."""
    from chalicelib import settings

    return str(catalogue(language)["time_zones"][settings.portal_config().profile.time_zone])


def fresh_form(visit: Visit, language: str, viewport: str = "desktop") -> Any:
    """The form page at a viewport's size, as a first visit sees it: no draft on this device."""
    visit.page.set_viewport_size(VIEWPORTS[viewport])
    page = visit.open(language, "complaint-form/")
    page.evaluate("localStorage.clear()")
    page.reload()
    return page


def continue_(page: Any) -> None:
    page.locator("[data-step]:not([hidden]) button[type=submit]").click()


def first_three_steps(page: Any, email: str, *, category: str = "payment_delay") -> None:
    """Answers the account, the customer and the subject, and stops on the details step."""
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


def fill_complaint(
    page: Any, email: str, *, category: str = "payment_delay", screenshot: bool = False, amount: str = ""
) -> None:
    """Answers every step as a customer would, and stops on the review step."""
    first_three_steps(page, email, category=category)
    page.fill(
        '#complaint-form [name="description"]',
        "My transfer of 250 EUR on 2 November never arrived.\nSupport did not answer.",
    )
    page.fill('#complaint-form [name="incident_date"]', "2026-11-02")
    page.fill('#complaint-form [name="transaction_ids"]', "TX-1001\nTX-1002")
    page.fill('#complaint-form [name="desired_resolution"]', "Find the transfer and credit my account.")
    if amount:
        page.fill('#complaint-form [name="amount_disputed.value"]', amount)
        page.select_option('#complaint-form [name="amount_disputed.currency"]', "USD")
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


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_summary_comes_into_full_view_below_the_sticky_header(
    visit: Visit, language: str, viewport: str
) -> None:
    """After "Continue" at the foot of the long details step, the focused summary is not under the header."""
    page = fresh_form(visit, language, viewport)
    first_three_steps(page, f"focus-{uuid.uuid4().hex[:8]}@example.com")
    button = page.locator("[data-step]:not([hidden]) button[type=submit]")
    button.scroll_into_view_if_needed()
    button.click()
    assert page.evaluate("document.activeElement.hasAttribute('data-summary')")
    assert fully_in_view(page, "#cf-summary-title")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_shows_the_first_question_on_its_first_screen_with_one_fraud_warning(
    visit: Visit, language: str
) -> None:
    page = fresh_form(visit, language, "phone")
    assert fully_in_view(page, 'label[for="f-email"]') and fully_in_view(page, "#f-email")
    assert not page.locator("[data-draft]").is_visible()  # nothing to bring back on a first visit
    from chalicelib.config.site_context import site_context

    urgent_line = site_context(language)["urgent_tel"]
    assert page.locator(f'a[href="{urgent_line}"]:visible').count() == 1  # the banner's, once
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_step_indicator_shows_step_two_of_five_and_the_subject_step_asks_its_question_once(
    visit: Visit, language: str, viewport: str
) -> None:
    page = fresh_form(visit, language, viewport)
    text = form_text(language)
    page.fill('#complaint-form [name="email"]', "steps@example.com")
    page.check('#complaint-form [name="has_account"][value="false"]')
    continue_(page)
    markers = page.locator(".cf-progress li")
    assert markers.count() == 5
    assert [markers.nth(at).get_attribute("aria-current") for at in range(5)] == [None, "step", None, None, None]
    assert page.locator(".cf-progress").evaluate("list => getComputedStyle(list).display") == "flex"
    colour = markers.nth(1).evaluate("item => getComputedStyle(item).borderTopColor")
    assert colour != markers.nth(2).evaluate("item => getComputedStyle(item).borderTopColor")  # current stands out
    heading = page.locator("#step-about").inner_text()
    assert text["step_of"].replace("{n}", "2").replace("{total}", "5") in heading and text["steps"]["about"] in heading

    page.fill('#complaint-form [name="full_name"]', "Marco Rossi")
    page.select_option('#complaint-form [name="country"]', "IT")
    page.check('#complaint-form [name="customer_type"][value="consumer"]')
    continue_(page)
    shown = page.locator("[data-step]:not([hidden])").evaluate(
        """(step, name) => [...step.querySelectorAll("h2, legend, label, p")]
            .filter((part) => part.textContent.includes(name) && part.getBoundingClientRect().height > 1).length""",
        text["steps"]["subject"],
    )
    assert shown == 1  # the heading asks the question; the legend is for screen readers
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_file_picker_is_a_button_naming_types_and_sizes_that_the_keyboard_opens(
    visit: Visit, language: str, viewport: str
) -> None:
    page = fresh_form(visit, language, viewport)
    page.on("filechooser", lambda chooser: None)  # Playwright intercepts the dialog from now on
    first_three_steps(page, f"files-{uuid.uuid4().hex[:8]}@example.com")
    button = page.locator('label[for="f-attachments"]')
    assert button.is_visible() and button.bounding_box()["height"] >= 44
    assert button.inner_text().strip() == form_text(language)["files_add"]
    types = page.locator("#f-attachments-types").inner_text()
    assert "PDF" in types and "JPEG" in types and "MB" in types.replace("Mo", "MB")
    assert page.locator("#f-attachments").get_attribute("type") == "file"  # still the browser's own control
    page.focus("#f-desired_resolution")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-attachments"
    assert button.evaluate("label => getComputedStyle(label).outlineStyle") == "solid"  # focus is seen
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    assert chooser.value.is_multiple()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirmation_stands_alone_with_dates_in_the_readers_style_and_a_readable_code(
    visit: Visit, language: str, viewport: str
) -> None:
    """Currency from the backend's list, the typed date and the amount as the reader writes them; once
    sent, the confirmation panel only, its dates with the zone named, the code large and copyable."""
    from chalicelib.config.site_context import CURRENCIES

    visit.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = fresh_form(visit, language, viewport)
    currencies = page.locator('[name="amount_disputed.currency"] option')
    assert currencies.evaluate_all("options => options.map(option => option.value)") == list(CURRENCIES)
    assert page.locator('[name="amount_disputed.currency"]').input_value() == "EUR"
    amount = "125.50" if language == "en" else "125,50"
    assert amount in form_text(language)["hint_amount_value"]
    fill_complaint(page, f"done-{uuid.uuid4().hex[:8]}@example.com", amount=amount)
    review = page.locator("[data-review]").inner_text()
    assert {"en": "2 November 2026", "fr": "2 novembre 2026", "it": "2 novembre 2026"}[language] in review
    assert "2026-11-02" not in review and "(USD)" in review

    page.click("[data-send]")
    page.locator("[data-success]").wait_for()
    for elsewhere in ("article h1", "#other-routes", ".cf-intro", ".cf-progress"):
        assert not page.locator(elsewhere).is_visible(), elsewhere
    assert page.locator('[data-out="reference"]').evaluate("code => parseFloat(getComputedStyle(code).fontSize)") >= 32
    answer = page.locator('[data-row="respond_by"] dd').inner_text()
    assert answer.endswith(f"({zone_name(language)})")
    if language == "en":  # British, not American: "Wednesday 2 December 2026 at 23:59"
        assert re.match(r"^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} ", answer), answer
    code = page.locator('[data-out="tracking_token"]')
    assert code.locator("span").count() >= 5  # in groups of four
    assert code.evaluate("code => parseFloat(getComputedStyle(code).fontSize)") >= 20
    token = code.evaluate("code => code.textContent")
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", token)
    page.click("[data-copy]")
    assert page.evaluate("navigator.clipboard.readText()") == token
    assert axe_violations(page) == []
