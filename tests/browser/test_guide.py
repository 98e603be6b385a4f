"""Every page of the guide in a real browser, in every language: axe finds nothing against WCAG 2.2
AA, nothing is fetched from another site, and a search finds pages of the reader's language only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import LANGUAGES, VIEWPORTS, Visit, axe_violations, fully_in_view
from tests.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGES = sorted(path.stem for path in (ROOT / "docs" / "en").glob("*.md"))
SEARCHES = {"en": "complaint", "fr": "réclamation", "it": "reclamo"}


def page_path(name: str) -> str:
    return "" if name == "index" else f"{name}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe_in_every_language(visit: Visit, language: str) -> None:
    found = {}
    for name in PAGES:
        page = visit.open(language, page_path(name))
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_search_finds_pages_of_the_readers_language_only(visit: Visit, language: str) -> None:
    page = visit.open(language, "how-to-complain/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(SEARCHES[language], delay=50)  # Material listens to keys, not to fill()
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    prefix = visit.url(language)
    addresses = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(link => link.href)")
    assert addresses
    others = [f"/{other}/" for other in LANGUAGES if other not in ("en", language)]
    for address in addresses:
        assert address.startswith(prefix), address
        assert not any(other in address for other in others), address
    assert axe_violations(page) == []


def test_the_pages_exist_in_every_language() -> None:
    for language in LANGUAGES:
        assert sorted(path.stem for path in Path(ROOT / "docs" / language).glob("*.md")) == PAGES


@pytest.mark.parametrize(("language", "other"), [("en", "fr"), ("fr", "it"), ("it", "en")])
def test_the_language_switcher_keeps_the_reader_on_the_same_page(visit: Visit, language: str, other: str) -> None:
    page = visit.open(language, "what-happens-next/")
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link[hreflang={other}]")
    page.wait_for_url(visit.url(other, "what-happens-next/"))
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_make_a_complaint_is_on_the_first_screen_of_the_home_page_and_of_the_long_guide(
    visit: Visit, language: str, viewport: str
) -> None:
    """The call to action needs no scrolling; the home page warns of fraud once, in the banner."""
    visit.page.set_viewport_size(VIEWPORTS[viewport])
    for name in ("index", "how-to-complain"):
        page = visit.open(language, page_path(name))
        button = ".md-content a.md-button--primary[href*='complaint-form']"
        assert page.locator(button).count() >= 1 and fully_in_view(page, button), name
    home = visit.open(language)
    assert home.locator(".md-content .admonition.danger").count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_wears_the_firms_colours_and_logo(visit: Visit, language: str) -> None:
    from chalicelib import settings

    firm = settings.portal_config().firm
    page = visit.open(language)

    def rgb(colour: str) -> str:
        red, green, blue = (int(colour[at : at + 2], 16) for at in (1, 3, 5))
        return f"rgb({red}, {green}, {blue})"

    header = page.locator(".md-header").evaluate("header => getComputedStyle(header).backgroundColor")
    assert header == rgb(firm.brand.primary)
    logo = page.locator(".md-header .md-logo img")
    assert logo.is_visible() and str(logo.get_attribute("src")).endswith(str(firm.logo))
    assert logo.evaluate("image => image.naturalWidth") > 0  # the file is there
    title = page.locator("article h1").evaluate("heading => getComputedStyle(heading).color")
    assert title.startswith("rgb(")  # opaque: not Material's washed-out rgba grey
