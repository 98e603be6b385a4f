"""English, French and Italian: the same pages, each in its own language, and a switcher between them."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.site.built_site import DEFAULT_LANGUAGE, LANGUAGES, PAGES, ROOT, BuiltSite, i18n_languages, mkdocs_config
from tests.site.dom import Element, parse

TRANSLATIONS = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
SITE = "http://site.test/"


def file_names(folder: str, language: str) -> set[str]:
    return {path.name for path in (ROOT / folder / language).glob("*.md")}


@pytest.mark.parametrize("folder", ["docs", "overrides/blocks"])
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_language_has_the_same_file_names_as_english(folder: str, language: str) -> None:
    """A page or block added in English exists under the same name in each translation, and no
    translation has a file that English lacks."""
    assert file_names(folder, language) == file_names(folder, DEFAULT_LANGUAGE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_declares_the_language_it_is_written_in(site: BuiltSite, language: str) -> None:
    """Screen readers read a French page in French: <html lang> is the page's language, and no
    page of the site is marked as an untranslated fallback."""
    for page in PAGES:
        document = site.page(language, page)
        assert document.find("html").attrs["lang"] == language, page
        assert document.find_all(class_="untranslated-notice") == [], page


def switcher_targets(site: BuiltSite, language: str, page: str) -> dict[str, str]:
    """Where each entry of the language switcher leads, as a path from the site root."""
    here = urljoin(SITE, site.url_path(language, page))
    links = site.page(language, page).find_all("a", class_="md-select__link")
    return {link.attrs["hreflang"]: urljoin(here, link.attrs["href"]).removeprefix(SITE) for link in links}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_keeps_the_reader_on_the_same_page(site: BuiltSite, language: str) -> None:
    """From any page, each language of the switcher leads to the same page in that language."""
    for page in PAGES:
        expected = {other: site.url_path(other, page) for other in LANGUAGES}
        assert switcher_targets(site, language, page) == expected, page


def test_every_navigation_title_has_a_french_and_an_italian_translation() -> None:
    """mkdocs.yml's nav_translations cover every title of the page tree, so no English title shows
    in the French or Italian navigation."""

    def titles(items: list[object]) -> set[str]:
        found: set[str] = set()
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    found.add(title)
                    if isinstance(value, list):
                        found |= titles(value)
        return found

    nav_titles = titles(mkdocs_config()["nav"])
    for language in TRANSLATIONS:
        assert set(i18n_languages()[language]["nav_translations"]) == nav_titles, language


def in_table_of_contents(element: Element) -> bool:
    """Material repeats the page's own headings inside the navigation, for small screens."""
    parent = element.parent
    while parent is not None:
        if "md-nav--secondary" in parent.classes:
            return True
        parent = parent.parent
    return False


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_navigation_and_site_name_are_in_the_page_language(site: BuiltSite, language: str) -> None:
    """The built navigation shows the translated titles, and the page title the translated site name."""
    settings = i18n_languages()[language]
    document = site.page(language, "faq")
    primary_nav = document.find("nav", class_="md-nav--primary")
    shown = {link.text for link in primary_nav.find_all("a", class_="md-nav__link") if not in_table_of_contents(link)}
    assert shown == set(settings["nav_translations"].values()) - {settings["nav_translations"]["About this service"]}
    site_name_words = settings["site_name"].replace("{{ firm.name }}", "").strip()
    assert site_name_words in document.find("title").text


def test_the_sitemap_names_every_pages_translations(site: BuiltSite) -> None:
    """Search engines learn each page's French and Italian versions from sitemap.xml (hreflang)."""
    import xml.etree.ElementTree as ET

    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = ET.parse(site.root / "sitemap.xml").getroot()  # noqa: S314 (our own build output)
    alternates = {
        url.findtext("s:loc", namespaces=namespaces): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)
        }
        for url in sitemap.findall("s:url", namespaces)
    }
    site_url = min(alternates, key=len)  # the home page's address is the shortest
    for page in PAGES:
        english = site_url + site.url_path(DEFAULT_LANGUAGE, page)
        assert alternates[english] == {lang: site_url + site.url_path(lang, page) for lang in LANGUAGES}, page


def test_no_page_head_sends_the_browser_looking_for_missing_sitemaps(site: BuiltSite) -> None:
    """Material fetches a sitemap.xml beside each <link rel="alternate"> of a page's head: there are none."""
    for path in site.html_files():
        head = parse(path.read_text(encoding="utf-8")).find("head")
        assert head.find_all("link", rel="alternate") == [], path
