"""The 404 page is in the default language, English, whatever language was built last."""

from __future__ import annotations

from tests.site.built_site import BuiltSite


def test_the_404_page_is_in_english(site: BuiltSite) -> None:
    """mkdocs-static-i18n builds Italian last; 404.html is still the English page."""
    document = site.document("404.html")
    assert document.find("html").attrs["lang"] == "en"
    assert document.find("article").find("h1").text == "Page not found"


def test_the_404_page_leads_to_the_french_and_italian_home_pages_in_their_languages(site: BuiltSite) -> None:
    """A French or Italian reader who lands on the English 404 page finds their home page, named in
    their language."""
    links = {link.attrs.get("hreflang"): link for link in site.document("404.html").find("article").find_all("a")}
    assert links["fr"].attrs["href"] == "/fr/" and links["fr"].closest_lang() == "fr"
    assert links["it"].attrs["href"] == "/it/" and links["it"].closest_lang() == "it"


def test_the_404_page_loads_its_scripts_and_styles_from_the_site_root(site: BuiltSite) -> None:
    """The 404 page is served at any depth (/fr/a/b/c), so every asset address starts at the root."""
    document = site.document("404.html")
    sources = [s.attrs["src"] for s in document.find_all("script") if "src" in s.attrs]
    sheets = [link.attrs["href"] for link in document.find_all("link", rel="stylesheet")]
    assert sources and sheets
    assert all(address.startswith("/") for address in sources + sheets)
