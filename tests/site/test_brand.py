"""The firm's look (firm.toml: `logo` and the [brand] colours) on every page of the built site, with
the contrast WCAG AA asks for computed here from the colours the site really ships."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.built_site import LANGUAGES, PAGES, BuildFailed, BuiltSite, build_for_firm

WHITE = "#ffffff"


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[at : at + 2], 16)) for at in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_wcags_known_ratios() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes


def brand_colours(site: BuiltSite) -> dict[str, str]:
    css = (site.root / "assets" / "stylesheets" / "brand.css").read_text(encoding="utf-8")
    found = dict(re.findall(r"--md-([a-z-]+): (#[0-9a-f]{6})\b", css))
    found["title"] = re.search(r"\.md-typeset h1 \{\s*color: (#[0-9a-f]{6})", css).group(1)  # type: ignore[union-attr]
    return found


def test_the_site_ships_the_firms_colours_and_each_keeps_aa_contrast(site: BuiltSite) -> None:
    from chalicelib.config.firm import load_firm

    brand = load_firm().brand
    colours = brand_colours(site)
    assert colours["primary-fg-color"] == brand.primary.lower() and colours["accent-fg-color"] == brand.accent.lower()
    # White text on the header and the buttons; links, links under the pointer and titles on white.
    assert contrast(colours["primary-bg-color"], colours["primary-fg-color"]) >= 4.5
    for part in ("primary-fg-color", "primary-fg-color--dark", "accent-fg-color", "typeset-a-color", "title"):
        assert contrast(colours[part], WHITE) >= 4.5, part


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_uses_the_brand_palette_and_shows_the_logo(site: BuiltSite, language: str) -> None:
    from chalicelib.config.firm import load_firm

    logo = load_firm().logo
    assert logo and (site.root / logo).is_file()
    for name in PAGES:
        page = site.page(language, name)
        assert page.find("body").attrs["data-md-color-primary"] == "custom"
        links = [link.attrs.get("href", "") for link in page.find_all("link")]
        assert any(href.endswith("assets/stylesheets/brand.css") for href in links), name
        image = page.find("a", class_="md-logo").find("img")
        assert image.attrs["src"].endswith(logo) and image.attrs["alt"] == ""  # the link is named


def test_a_brand_colour_below_aa_contrast_fails_the_build(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match="primary"):
        build_for_firm(tmp_path / "site", tmp_path / "backend", "payments-lt", primary='"#7fa7ff"')
