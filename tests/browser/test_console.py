"""The handlers' console at /staff/ in a real browser against the local stack: a handler takes a
complaint through its handling with the keyboard alone, a supervisor approves the final response,
each letter reaches the customer's mailbox; axe finds nothing on any screen in en/fr/it at desktop
and phone widths; a handler is neither offered nor allowed what only a supervisor may do."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalicelib.i18n import status_label

from tests.browser.conftest import LANGUAGES, Visit, axe_violations
from tests.conftest import sent_emails
from tests.e2e.test_handler_journey import post_complaint
from tests.stack_tools import api, handler_token, upload, wait_until_scanned
from tests.support import body
from tests.support_files import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
MAX_TABS = 400


@pytest.fixture
def tab(chromium: Any, local_stack: Any, request: pytest.FixtureRequest) -> Iterator[Visit]:
    size = getattr(request, "param", "desktop")
    context = chromium.new_context(viewport=WIDTHS[size], locale="en-US", accept_downloads=True)
    context.set_default_timeout(15_000)
    visit = Visit(context, local_stack)
    yield visit
    context.close()
    assert visit.foreign_requests() == [], "the console must make no third-party request"
    assert [error for error in visit.console_errors if "Content Security Policy" in error] == []


def console_url(stack: Any, language: str = "en", route: str = "") -> str:
    return f"{stack.ports.site_url}/staff/?lang={language}{route}"


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until `selector` has the focus: proof that the keyboard reaches it."""
    target = page.locator(selector)
    target.wait_for()
    for _ in range(MAX_TABS):
        if target.evaluate("element => element === document.activeElement || element.matches(':focus-within')"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the keyboard never reaches {selector}")


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def sign_in(page: Any, user: str, role: str) -> None:
    page.locator("#dev-sign-in").wait_for()
    tab_to(page, "#user")
    page.keyboard.press("Control+A")
    page.keyboard.type(user)
    tab_to(page, "#role-handler")
    if role == "supervisor":
        page.keyboard.press("ArrowDown")  # radio buttons move with the arrow keys
    tab_to(page, "#dev-sign-in button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("#sign-out").wait_for()


def open_action(page: Any, action: str) -> str:
    """Opens the action's box with the keyboard; returns the selector of its form."""
    tab_to(page, f"details[data-action={action}] > summary")
    page.keyboard.press("Enter")
    return f"details[data-action={action}] form"


def submit(page: Any, form: str) -> None:
    page.evaluate("() => { document.getElementById('action-result').dataset.before = 'yes'; }")
    tab_to(page, f"{form} button[type=submit]")
    page.keyboard.press("Enter")
    done = page.locator(f"#action-result:not([data-before]):not(:empty), {form} .problems")
    done.first.wait_for()  # the file shown afresh, or the API's refusal
    assert page.locator(f"{form} .problems").count() == 0, page.locator(f"{form} .problems").inner_text()


def dev_token(stack: Any, user: str, role: str) -> str:
    request = urllib.request.Request(
        f"{stack.ports.site_url}/staff/dev-sign-in",
        method="POST",
        data=json.dumps({"user": user, "role": role}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["access_token"])


def api_status(stack: Any, method: str, path: str, token: str) -> int:
    request = urllib.request.Request(
        f"{stack.ports.api_url}{path}",
        method=method,
        data=b"{}",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_handler_and_a_supervisor_handle_a_complaint_with_the_keyboard_alone(tab: Visit, local_stack: Any) -> None:
    created = post_complaint(local_stack)
    reference = created["reference"]
    page = tab.page
    page.goto(console_url(local_stack))
    sign_in(page, "alice", "handler")
    assert page.locator("nav a[href='#/approvals']").count() == 0  # a supervisor's screen: not offered

    mine = page.locator(f"#queue a[href='#/complaints/{reference}']")
    tab_to(page, "#filter-mine")
    page.keyboard.press("Space")  # nobody has taken it yet: not alice's
    assert mine.count() == 0
    page.keyboard.press("Space")
    tab_to(page, "#filter-unassigned")
    page.keyboard.press("Space")
    assert mine.count() == 1
    tab_to(page, f"#queue a[href='#/complaints/{reference}']")
    page.keyboard.press("Enter")
    page.locator("h1", has_text=reference).wait_for()
    assert page.locator("details[data-action=assign], details[data-action=approve]").count() == 0

    submit(page, open_action(page, "start_investigation"))
    form = open_action(page, "request_information")
    tab_to(page, f"{form} input[value=screenshots]")
    page.keyboard.press("Space")
    type_into(page, f"{form} textarea[name=note]", "Una schermata dell'errore, per favore.")
    tab_to(page, f"{form} [data-preview]")
    page.keyboard.press("Enter")
    preview = page.locator(f"{form} .letter-preview")
    preview.wait_for()
    assert reference in preview.inner_text() and "Una schermata dell'errore, per favore." in preview.inner_text()
    submit(page, form)

    submit(page, open_action(page, "information_received"))
    form = open_action(page, "holding_reply")
    tab_to(page, f"{form} input[name=until]")
    until = created["respond_by_extended"][:10]
    page.keyboard.type(until[5:7] + until[8:10] + until[:4])  # en-US date fields: month, day, year
    type_into(page, f"{form} textarea[name=reason]", "Attendiamo i registri della banca corrispondente.")
    submit(page, form)

    form = open_action(page, "final_response")
    tab_to(page, f"{form} select[name=outcome]")
    page.keyboard.press("ArrowDown")  # the first outcome: upheld
    type_into(
        page, f"{form} textarea[name=reasons]", "Il bonifico è partito in ritardo di tre giorni per un nostro errore."
    )
    tab_to(page, f"{form} [data-preview]")
    page.keyboard.press("Enter")
    assert "redress" in page.locator(f"{form} [aria-invalid=true]").first.get_attribute("name")  # the API's check
    type_into(page, f"{form} textarea[name=redress]", "Rimborsiamo la commissione di 5 EUR.")
    tab_to(page, f"{form} [data-preview]")
    page.keyboard.press("Enter")
    page.locator(f"{form} .letter-preview").wait_for()
    assert "Rimborsiamo la commissione di 5 EUR." in page.locator(f"{form} .letter-preview").inner_text()
    submit(page, form)
    assert status_label("en", "awaiting_approval") in page.locator("#action-result").inner_text()  # four eyes

    handler = dev_token(local_stack, "alice", "handler")
    assert api_status(local_stack, "POST", f"/staff/approvals/{reference}/approve", handler) == 403
    assert api_status(local_stack, "GET", "/staff/approvals", handler) == 403

    tab_to(page, "#sign-out")
    page.keyboard.press("Enter")
    sign_in(page, "sofia", "supervisor")
    tab_to(page, "nav a[href='#/approvals']")
    page.keyboard.press("Enter")
    tab_to(page, f"#approvals a[href='#/complaints/{reference}']")
    page.keyboard.press("Enter")
    page.locator("h1", has_text=reference).wait_for()
    submit(page, open_action(page, "approve"))

    shown = json.loads(
        urllib.request.urlopen(
            urllib.request.Request(
                f"{local_stack.ports.api_url}/staff/complaints/{reference}",
                headers={"Authorization": f"Bearer {handler}"},
            ),
            timeout=30,
        ).read()
    )
    assert shown["status"] == "resolved"
    kinds = [letter["kind"] for letter in shown["letters"]]
    assert kinds == ["information_request", "holding_reply", "final_response"]
    mailbox = [message["subject"] for message in sent_emails(local_stack) if reference in message["subject"]]
    assert mailbox[1:] == [letter["subject"] for letter in shown["letters"]]


def staff_file(stack: Any, reference: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{stack.ports.api_url}/staff/complaints/{reference}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.load(response))


def facts_of(page: Any) -> str:
    """The file's first facts: status, category, assignee, … legal hold."""
    return str(page.locator("main dl.facts").first.inner_text())


def history_of(page: Any) -> str:
    return str(page.locator("main ol.history").inner_text())


def test_a_supervisor_assigns_a_complaint_and_places_then_lifts_a_legal_hold(tab: Visit, local_stack: Any) -> None:
    """With the keyboard alone: the complaint goes to alice, who then finds it under "mine"; a legal hold
    is placed with its reason, shown on the file, then lifted; a handler is offered neither."""
    reference = post_complaint(local_stack)["reference"]
    page = tab.page
    page.goto(console_url(local_stack))
    sign_in(page, "sofia", "supervisor")
    page.evaluate(f"() => {{ location.hash = '#/complaints/{reference}'; }}")
    page.locator("h1", has_text=reference).wait_for()

    form = open_action(page, "assign")
    type_into(page, f"{form} input[name=handler]", "alice")
    submit(page, form)
    assert "alice" in facts_of(page)
    hold = "A court has asked us to keep every record of this payment."
    form = open_action(page, "place_legal_hold")
    type_into(page, f"{form} textarea[name=reason]", hold)
    submit(page, form)
    assert hold in facts_of(page)
    assert page.locator("details[data-action=place_legal_hold]").count() == 0
    supervisor = dev_token(local_stack, "sofia", "supervisor")
    held = staff_file(local_stack, reference, supervisor)
    assert held["assigned_to"] == "alice" and held["supervision"]["legal_hold"]["reason"] == hold

    form = open_action(page, "lift_legal_hold")
    type_into(page, f"{form} textarea[name=reason]", "The court released the records.")
    submit(page, form)
    assert hold not in facts_of(page)
    history = history_of(page)
    assert "the customer: complaint received" in history
    assert "sofia: legal hold placed" in history and "sofia: legal hold lifted" in history
    lifted = staff_file(local_stack, reference, supervisor)
    assert lifted["supervision"]["legal_hold"] is None
    kinds = [event["kind"] for event in lifted["history"]]
    assert {"assigned", "legal_hold_placed", "legal_hold_lifted"} <= set(kinds), kinds

    tab_to(page, "#sign-out")
    page.keyboard.press("Enter")
    sign_in(page, "alice", "handler")
    page.evaluate("() => { location.hash = '#/queue'; }")
    tab_to(page, "#filter-mine")
    page.keyboard.press("Space")
    assert page.locator(f"#queue a[href='#/complaints/{reference}']").count() == 1
    page.evaluate(f"() => {{ location.hash = '#/complaints/{reference}'; }}")
    page.locator("h1", has_text=reference).wait_for()
    offered = "details[data-action=assign], details[data-action=place_legal_hold], details[data-action=lift_legal_hold]"
    assert page.locator(offered).count() == 0


SCREENS = ["#/queue", "#/register", "#/approvals", "#/complaints/{reference}"]


@pytest.mark.parametrize("tab", list(WIDTHS), indirect=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_on_any_screen(tab: Visit, local_stack: Any, language: str) -> None:
    reference = post_complaint(local_stack)["reference"]
    page = tab.page
    page.goto(console_url(local_stack, language))
    page.locator("#dev-sign-in").wait_for()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
    found = {"sign-in": axe_violations(page)}
    page.fill("#user", "sofia")
    page.check("#role-supervisor")
    page.click("#dev-sign-in button[type=submit]")
    page.locator("#sign-out").wait_for()
    for screen in SCREENS:
        page.goto(console_url(local_stack, language, screen.format(reference=reference)))
        if page.locator("#dev-sign-in").count():  # a new page is a new session: tokens live in memory only
            page.fill("#user", "sofia")
            page.check("#role-supervisor")
            page.click("#dev-sign-in button[type=submit]")
        page.locator("#sign-out").wait_for()
        page.locator("main h1 + *").first.wait_for()
        page.wait_for_load_state("networkidle")
        for box in page.locator("details.action-box").all():
            box.evaluate("element => { element.open = true; }")
        found[screen] = axe_violations(page)
    assert {screen: problems for screen, problems in found.items() if problems} == {}


def test_the_token_is_kept_in_memory_only_and_a_reload_signs_out(tab: Visit, local_stack: Any) -> None:
    page = tab.page
    page.goto(console_url(local_stack))
    sign_in(page, "alice", "handler")
    stored = page.evaluate(
        "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"
    )
    assert "eyJ" not in stored  # no JWT anywhere the page keeps
    page.reload()
    page.locator("#dev-sign-in").wait_for()


def test_fifteen_idle_minutes_sign_out_and_activity_keeps_the_session(tab: Visit, local_stack: Any) -> None:
    page = tab.page
    page.clock.install()
    page.goto(console_url(local_stack))
    sign_in(page, "alice", "handler")
    page.clock.run_for("14:00")
    page.keyboard.press("Tab")  # activity starts the count again
    page.clock.run_for("14:00")
    assert page.locator("#sign-out").count() == 1
    page.clock.run_for("01:01")
    page.locator("#dev-sign-in").wait_for()
    assert "15" in page.locator(".notice").inner_text()


def test_the_register_draws_its_figures_and_exports_csv(tab: Visit, local_stack: Any) -> None:
    reference = post_complaint(local_stack)["reference"]
    page = tab.page
    page.goto(console_url(local_stack, "fr", "#/register"))
    sign_in(page, "sofia", "supervisor")
    page.locator("#chart-category rect").first.wait_for()
    assert page.locator(f"#register a[href='#/complaints/{reference}']").count() == 1
    assert page.locator("#chart-category title").text_content() == "Réclamations par catégorie"
    tab_to(page, "#register-csv")
    page.keyboard.press("Enter")
    link = page.locator("#register-csv-file")
    link.wait_for()
    tab_to(page, "#register-csv-file")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("reference,received_at,") and reference in exported


def test_a_clean_attachment_opens_by_a_short_lived_link_and_only_once_scanned(tab: Visit, local_stack: Any) -> None:
    key = str(uuid.uuid4())
    shot = upload(local_stack, key, PNG, "capture.png", "image/png")
    created = api(local_stack, "/complaints", body(language="fr", attachments=[{"upload_id": shot}]), key=key)
    reference = created["reference"]
    wait_until_scanned(local_stack, reference, handler_token(local_stack), count=1)
    page = tab.page
    page.goto(console_url(local_stack, "en", f"#/complaints/{reference}"))
    sign_in(page, "alice", "handler")
    item = page.locator(f"li[data-upload='{shot}']")
    assert "scanned, clean" in item.inner_text()
    tab_to(page, f"li[data-upload='{shot}'] button")
    page.keyboard.press("Enter")
    link = item.locator("a")
    link.wait_for()
    assert link.get_attribute("href").startswith(local_stack.ports.aws_url)
    assert "capture.png" in link.inner_text()
