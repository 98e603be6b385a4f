"""MkDocs hook: no inline executable script in any built page.

The site's Content-Security-Policy (devstack/site_headers.py) allows scripts from the site itself
only (`script-src 'self'`, no 'unsafe-inline'), but Material writes a few small scripts inline
(partials/javascripts/*.html). Each one is moved into assets/javascripts/inline/<hash>.js, named
after its content, and referenced with `src` where it stood: it still runs at the same moment, in
the same order. Data blocks such as `<script type="application/json">` stay: browsers never run them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

INLINE_DIR = "assets/javascripts/inline"
SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# What browsers run (HTML "JavaScript MIME type essence match", and modules); anything else is data.
EXECUTABLE_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}
)


def is_inline_executable(attributes: str, body: str) -> bool:
    if SRC.search(attributes) or not body.strip():
        return False
    match = TYPE.search(attributes)
    script_type = next((group for group in match.groups() if group is not None), "") if match else ""
    return script_type.strip().lower() in EXECUTABLE_TYPES


def externalize(html: str, site_dir: Path, url_of: Callable[[str], str]) -> str:
    """`html` with each inline executable script written under `site_dir` and referenced by `url_of(path)`."""

    def replace(match: re.Match[str]) -> str:
        attributes, body = match["attributes"], match["body"]
        if not is_inline_executable(attributes, body):
            return match[0]
        path = f"{INLINE_DIR}/{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
        target = site_dir / path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        return f'<script{attributes} src="{url_of(path)}"></script>'

    return SCRIPT.sub(replace, html)


@event_priority(-200)  # after every other plugin has written its part of the page
def on_post_page(output: str, page: Any, config: Any) -> str:
    return externalize(output, Path(config.site_dir), lambda path: get_relative_url(path, page.url))


@event_priority(-200)
def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if not template_name.endswith(".html"):
        return output_content
    # Static templates (404.html) are served at any depth: MkDocs gives them absolute URLs, so do we.
    site_path = urlsplit(config.site_url or "/").path.rstrip("/")
    return externalize(output_content, Path(config.site_dir), lambda path: f"{site_path}/{path}")
