"""No request leaves the site: no font, script, style or image from another host (GDPR: a visitor's
IP address is personal data, and a third party would receive it)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from devstack.site_headers import content_security_policy
from tests.site.built_site import BuiltSite
from tests.site.dom import Element, parse

# Elements and attributes a browser fetches by itself. <link rel="alternate"> is in the list
# because Material's script fetches the sitemap of each alternate language.
FETCHED_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload"}
FETCHED_LINKS |= {"manifest", "apple-touch-icon", "alternate"}
CSS_URL = re.compile(r"""url\(\s*['"]?(?P<url>[^'")]+)|@import\s+['"](?P<imported>[^'"]+)""")
# Hosts that serve fonts, scripts or trackers to other sites.
THIRD_PARTY_HOSTS = re.compile(
    r"https?://(?:[\w-]+\.)*(?:unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|googleapis\.com|gstatic\.com|"
    r"googletagmanager\.com|google-analytics\.com|fontawesome\.com|jquery\.com|polyfill\.io)[^\s\"'`)]*"
)
# Material's bundle names two loaders it runs only on demand: a ResizeObserver polyfill (for
# browsers without ResizeObserver, which every supported browser has) and Mermaid (for diagrams,
# which the guide has none of). Neither runs here, and the CSP would block both (test below).
MATERIAL_ON_DEMAND = {"https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@11/dist/mermaid.min.js"}


def css_addresses(css: str) -> list[str]:
    return [match["url"] or match["imported"] for match in CSS_URL.finditer(css)]


def is_external(address: str) -> bool:
    return address.startswith("//") or urlsplit(address).scheme in ("http", "https")


def fetched_addresses(element: Element) -> list[str]:
    if element.tag == "link" and FETCHED_LINKS & set(element.attrs.get("rel", "").lower().split()):
        return [element.attrs.get("href", "")]
    addresses = [element.attrs.get(name, "") for name in FETCHED_ATTRIBUTES.get(element.tag, ())]
    # srcset holds "address width, address width"
    return [part.split()[0] for value in addresses for part in value.split(",") if part.strip()]


def test_no_page_fetches_anything_from_another_site(site: BuiltSite) -> None:
    """Every script, style sheet, image, font or icon a page loads comes from the site itself."""
    offenders = [
        f"{path.relative_to(site.root)}: <{element.tag}> {address}"
        for path in site.html_files()
        for element in parse(path.read_text(encoding="utf-8")).iter()
        for address in fetched_addresses(element) + css_addresses(element.attrs.get("style", ""))
        if is_external(address)
    ]
    assert offenders == []


def test_no_style_sheet_fetches_anything_from_another_site(site: BuiltSite) -> None:
    """No font or image in any CSS file, and no @import, comes from another host (no Google Fonts)."""
    offenders = [
        f"{path.relative_to(site.root)}: {address}"
        for path in site.files(".css")
        for address in css_addresses(path.read_text(encoding="utf-8"))
        if is_external(address)
    ]
    assert offenders == []


def test_no_script_loads_code_or_fonts_from_a_public_cdn(site: BuiltSite) -> None:
    """The only CDN addresses in any script are Material's two on-demand loaders, which never run here."""
    found = {
        address for path in site.files(".js") for address in THIRD_PARTY_HOSTS.findall(path.read_text(encoding="utf-8"))
    }
    assert found <= MATERIAL_ON_DEMAND


def test_the_content_security_policy_would_block_any_script_from_another_site() -> None:
    """Even Material's on-demand loaders could not fetch anything: scripts come from the site only."""
    directives = dict(
        directive.split(" ", 1) for directive in content_security_policy("http://127.0.0.1:8000").split("; ")
    )
    assert directives["script-src"] == "'self'"
    assert directives["font-src"] == "'self'"


def test_no_page_has_a_diagram_that_would_make_material_load_mermaid(site: BuiltSite) -> None:
    """Material fetches Mermaid from a CDN only for pages with a Mermaid diagram: the guide has none."""
    assert not any(parse(p.read_text(encoding="utf-8")).find_all(class_="mermaid") for p in site.html_files())
