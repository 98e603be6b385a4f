"""Markup fixes for the axe rules stock Material fails (the browser tests run axe on every page type)."""

from __future__ import annotations

import pytest

from tests.site.built_site import LANGUAGES, PAGES, BuiltSite


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_dialog_has_a_name(site: BuiltSite, language: str) -> None:
    """axe rule aria-dialog-name: Material's search dialog carries an aria-label on every page."""
    for page in PAGES:
        for dialog in site.page(language, page).find_all(role="dialog"):
            assert dialog.attrs.get("aria-label", "").strip(), page


def test_each_language_name_in_the_switcher_is_marked_with_its_language(site: BuiltSite) -> None:
    """A screen reader pronounces "Français" in French and "Italiano" in Italian."""
    links = site.page("en", "index").find_all("a", class_="md-select__link")
    assert {link.attrs["hreflang"]: link.attrs.get("lang") for link in links} == {lang: lang for lang in LANGUAGES}
