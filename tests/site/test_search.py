"""Search is per language: a search from a French page finds French pages only.

Material's search reads `base` from the page's <script id="__config">, fetches
`<base>/search/search_index.json` and opens each result at `<base>/<location>`. These tests follow
the same steps as the browser does, from every page.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

import pytest

from tests.site.built_site import DEFAULT_LANGUAGE, LANGUAGES, PAGES, BuiltSite

SITE = "http://site.test/"


def search_base(site: BuiltSite, language: str, page: str) -> str:
    """The absolute address Material's search works from, on this page."""
    page_address = urljoin(SITE, site.url_path(language, page))
    app = json.loads(site.page(language, page).find("script", id="__config").text)
    return urljoin(page_address, app["base"])


def index_at(site: BuiltSite, base: str) -> dict[str, Any]:
    path = urljoin(base, "search/search_index.json").removeprefix(SITE)
    return dict(json.loads((site.root / path).read_text(encoding="utf-8")))


def language_root(language: str) -> str:
    return SITE if language == DEFAULT_LANGUAGE else f"{SITE}{language}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_searches_the_index_of_its_own_language(site: BuiltSite, language: str) -> None:
    """Whatever its depth, each page's search starts from its language's root, where that
    language's index is."""
    for page in PAGES:
        assert search_base(site, language, page) == language_root(language), page


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_results_are_pages_of_the_searchers_language_only(site: BuiltSite, language: str) -> None:
    """Every result of a language's index opens a page of that language, and every page of that
    language can be found."""
    base = language_root(language)
    results = {urljoin(base, doc["location"]).split("#")[0] for doc in index_at(site, base)["docs"]}
    expected = {urljoin(SITE, site.url_path(language, page)) for page in PAGES}
    assert results == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_index_uses_the_word_rules_of_its_language(site: BuiltSite, language: str) -> None:
    """lunr stems French words as French and Italian words as Italian."""
    assert index_at(site, language_root(language))["config"]["lang"] == [language]
