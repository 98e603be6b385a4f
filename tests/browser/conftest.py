"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against the real local
stack (moto server, `chalice local`, the built site), with axe for accessibility.

Without a Chromium the tests are skipped with a clear message, except when CI is set: there a
skipped browser test would hide a missing install step, so it fails (CONTRACT.md section 1)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import chromium_path

LANGUAGES = ("en", "fr", "it")
# Playwright cannot download its own browser here; these flags keep Debian's quiet and offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The widths the customer walked the site at: a laptop, and a 390 x 844 phone.
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        why = "the browser tests need Chromium: `apt-get install chromium`, or set CHROMIUM to its path"
        if os.environ.get("CI"):
            pytest.fail(f"{why}. CI is set, where a skipped browser test counts as a failure.")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One browser tab on the local site, which remembers every address it asked for and every
    error the page printed, so a test can prove no third-party request and no CSP violation."""

    def __init__(self, context: Any, stack: Any):
        self.stack = stack
        self.page = context.new_page()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def url(self, language: str, path: str = "") -> str:
        prefix = "" if language == "en" else f"{language}/"
        return f"{self.stack.ports.site_url}/{prefix}{path}"

    def open(self, language: str, path: str = "") -> Any:
        self.page.goto(self.url(language, path))
        return self.page

    def foreign_requests(self) -> list[str]:
        ports = self.stack.ports
        ours = {urlsplit(url).netloc for url in (ports.site_url, ports.api_url, ports.aws_url)}
        web = [url for url in self.requests if urlsplit(url).scheme in ("http", "https")]
        return [url for url in web if urlsplit(url).netloc not in ours]


@pytest.fixture
def visit(chromium: Any, local_stack: Any) -> Iterator[Visit]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = Visit(context, local_stack)
    yield tab
    context.close()
    assert tab.foreign_requests() == [], "the site must make no third-party request"
    assert [error for error in tab.console_errors if "Content Security Policy" in error] == []


def axe_violations(page: Any) -> list[str]:
    """What axe finds against WCAG 2.2 A and AA, as 'rule: target' lines (empty when none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{violation['id']}: {', '.join(str(node['target']) for node in violation['nodes'])}"
        for violation in results.response["violations"]
    ]


def fully_in_view(page: Any, selector: str) -> bool:
    """The element is on screen whole: below the sticky header and above the window's bottom edge."""
    return bool(
        page.evaluate(
            """(selector) => {
                const box = document.querySelector(selector).getBoundingClientRect();
                const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
                return box.top >= header && box.bottom <= window.innerHeight;
            }""",
            selector,
        )
    )
