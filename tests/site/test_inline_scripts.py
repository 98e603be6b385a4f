"""No inline executable script, so the site's Content-Security-Policy needs no 'unsafe-inline'."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from tests.site.built_site import BuiltSite
from tests.site.dom import parse
from tests.site.hooks import load_hook

# What a browser runs: no type, a JavaScript MIME type, or a module (WHATWG HTML, "script" element).
EXECUTABLE = {"", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}
SITE = "http://site.test/"


def test_no_built_page_has_an_inline_executable_script(site: BuiltSite) -> None:
    """devstack/site_headers.py sends `script-src 'self'`: an inline script would not run."""
    offenders = [
        f"{path.relative_to(site.root)}: {script.text[:60]}"
        for path in site.html_files()
        for script in parse(path.read_text(encoding="utf-8")).find_all("script")
        if "src" not in script.attrs and script.attrs.get("type", "").strip().lower() in EXECUTABLE
    ]
    assert offenders == []


def test_no_built_page_has_an_inline_event_handler(site: BuiltSite) -> None:
    """onclick= and its kind are inline scripts too, blocked by the same policy."""
    offenders = [
        f"{path.relative_to(site.root)}: <{element.tag} {name}>"
        for path in site.html_files()
        for element in parse(path.read_text(encoding="utf-8")).iter()
        for name in element.attrs
        if name.startswith("on")
    ]
    assert offenders == []


def test_every_script_a_page_loads_is_in_the_site(site: BuiltSite) -> None:
    """The scripts moved out of the pages were written where the pages look for them."""
    for path in site.html_files():
        if path.name == "404.html":
            continue  # absolute addresses, checked in test_not_found.py
        address = urljoin(SITE, path.relative_to(site.root).as_posix())
        for script in parse(path.read_text(encoding="utf-8")).find_all("script"):
            if "src" in script.attrs:
                target = urljoin(address, script.attrs["src"]).removeprefix(SITE)
                assert (site.root / target).is_file(), f"{path.relative_to(site.root)} loads {target}"


def test_inline_javascript_moves_to_a_file_named_after_its_content_and_data_stays(tmp_path: Path) -> None:
    """The hook writes each inline script once, under a name derived from its content, and leaves
    JSON data blocks and scripts that already have a src alone."""
    hook = load_hook("inline_scripts")
    page = (
        '<script>var a=1</script><script type="module">var a=1</script>'
        '<script id="__config" type="application/json">{"a":1}</script><script src="x.js"></script>'
    )
    result = hook.externalize(page, tmp_path, lambda path: f"../{path}")
    scripts = parse(result).find_all("script")
    assert [s.attrs.get("type") for s in scripts] == [None, "module", "application/json", None]
    assert scripts[0].attrs["src"] == scripts[1].attrs["src"]  # same content, same file
    assert scripts[0].attrs["src"].startswith("../assets/javascripts/inline/")
    assert (tmp_path / scripts[0].attrs["src"].removeprefix("../")).read_text() == "var a=1"
    assert scripts[2].text == '{"a":1}' and scripts[3].attrs["src"] == "x.js"
