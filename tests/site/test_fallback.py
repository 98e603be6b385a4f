"""A page missing in a language is shown in English, and says so in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.built_site import BuiltSite, build, copy_sources, i18n_languages


@pytest.fixture(scope="module")
def site_without_french_faq(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built from a copy of its sources where docs/fr/faq.md does not exist."""
    sources: Path = copy_sources(tmp_path_factory.mktemp("src"))
    (sources / "docs" / "fr" / "faq.md").unlink()
    return build(tmp_path_factory.mktemp("site"), source=sources)


def test_a_missing_french_page_shows_the_english_content_marked_as_english(site_without_french_faq: BuiltSite) -> None:
    """/fr/faq/ keeps the French site around it (<html lang="fr">), but its content, English, is
    marked lang="en" so that screen readers switch voice."""
    document = site_without_french_faq.page("fr", "faq")
    assert document.find("html").attrs["lang"] == "fr"
    heading = document.find("article").find("h1")
    assert heading.text == "Questions and answers"
    assert heading.closest_lang() == "en"


def test_a_missing_french_page_carries_a_notice_in_french(site_without_french_faq: BuiltSite) -> None:
    """The notice that the page is untranslated is written in French, in the French part of the page."""
    notice = site_without_french_faq.page("fr", "faq").find(class_="untranslated-notice")
    assert notice.text == i18n_languages()["fr"]["extra"]["ui"]["untranslated"]
    assert notice.closest_lang() == "fr"


def test_translated_pages_of_the_same_build_carry_no_notice(site_without_french_faq: BuiltSite) -> None:
    """Only the page that falls back is marked: its French neighbours are not."""
    document = site_without_french_faq.page("fr", "how-to-complain")
    assert document.find_all(class_="untranslated-notice") == []
