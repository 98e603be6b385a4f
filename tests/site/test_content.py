"""What every customer must be able to find, in every language (REGULATION.md)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.site.built_site import LANGUAGES, PAGES, BuiltSite, expected_context

SITE = "http://site.test/"


def link_targets(site: BuiltSite, language: str, page: str) -> set[str]:
    here = urljoin(SITE, site.url_path(language, page))
    article = site.page(language, page).find("article")
    return {
        urljoin(here, link.attrs["href"]).removeprefix(SITE) for link in article.find_all("a") if "href" in link.attrs
    }


def test_no_page_links_to_or_names_the_closed_eu_odr_platform(site: BuiltSite) -> None:
    """The EU online dispute resolution platform closed on 20 July 2025 (Regulation (EU) 2024/3228):
    it must not be offered as a route."""
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        assert "europa.eu/odr" not in html, path
        assert "ODR" not in html, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_leads_to_the_form_and_to_urgent_help(site: BuiltSite, language: str) -> None:
    """From the home page, the complaint form and the urgent-case page are one click away, in the
    reader's language: the form from the page itself, urgent help from the banner, which is the
    page's one fraud warning (issue 12: no second box repeating it)."""
    targets = link_targets(site, language, "index")
    assert site.url_path(language, "complaint-form") in targets
    page = site.page(language, "index")
    here = urljoin(SITE, site.url_path(language, "index"))
    banner = page.find("p", class_="urgent-banner")
    banner_targets = {urljoin(here, link.attrs["href"]).removeprefix(SITE) for link in banner.find_all("a")}
    assert site.url_path(language, "urgent") in banner_targets
    assert page.find("article").find_all("div", class_="danger") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_shows_the_urgent_banner_with_the_urgent_line(site: BuiltSite, language: str) -> None:
    """Whatever page a customer lands on, the banner gives the urgent phone line and a way to the
    urgent-case page."""
    phone = expected_context(language)["firm"].urgent_phone
    for page in PAGES:
        banner = site.page(language, page).find("p", class_="urgent-banner")
        assert phone in banner.text, page
        links = [link.attrs["href"] for link in banner.find_all("a")]
        assert links[0].startswith("tel:+"), page


@pytest.mark.parametrize("language", LANGUAGES)
def test_complaining_without_the_form_is_explained(site: BuiltSite, language: str) -> None:
    """The form is not the only way: the how-to page gives the email and postal routes (PSD2 Art 101,
    RTS (EU) 2025/294 Art 3) and says that complaining is free."""
    firm = expected_context(language)["firm"]
    section = site.page(language, "how-to-complain")
    assert f"mailto:{firm.complaints_email}" in {link.attrs.get("href") for link in section.find_all("a")}
    assert firm.postal_address in section.text


def test_no_page_shows_a_placeholder_unrendered(site: BuiltSite) -> None:
    """Placeholders are filled in everywhere they may be written, the page's description included."""
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        assert "{{" not in html and "{%" not in html, path
