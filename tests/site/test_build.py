"""The guide builds with `mkdocs build --strict`, and a broken internal link stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.built_site import LANGUAGES, PAGES, BuildFailed, BuiltSite, build, copy_sources


def test_every_page_is_built_in_every_language(site: BuiltSite) -> None:
    """Each page of docs/en exists in the built site at its address in English, French and Italian."""
    missing = [
        site.url_path(language, page)
        for language in LANGUAGES
        for page in PAGES
        if not site.file(site.url_path(language, page)).is_file()
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("link", "complaint"),
    [
        ("[a page that does not exist](no-such-page.md)", "no-such-page.md"),
        ("[an anchor that does not exist](how-to-complain.md#no-such-anchor)", "no-such-anchor"),
        ("[an address from the site root](/complaint-form/)", "/complaint-form/"),
    ],
    ids=["missing page", "missing anchor", "absolute path"],
)
def test_a_broken_internal_link_fails_the_build(tmp_path: Path, link: str, complaint: str) -> None:
    """MkDocs' link validation is strict: a link to a missing page or anchor, or a root-relative
    address (which would leave the reader's language), fails the build and names the link."""
    sources = copy_sources(tmp_path / "src")
    page = sources / "docs" / "fr" / "faq.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=complaint):
        build(tmp_path / "site", source=sources)
