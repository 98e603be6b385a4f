"""MkDocs hook: language alternates live in sitemap.xml only, not in each page's <head>.

For every <link rel="alternate" hreflang> in a page's head, Material's script fetches a
sitemap.xml beside the linked address (/fr/faq/sitemap.xml, …), which does not exist: three
failed requests per page view, and errors in the browser's console. mkdocs-static-i18n's sitemap
already names every page's translations, and the language switcher has its own links, so the head
links go.
"""

from __future__ import annotations

import re
from typing import Any

HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def without_head_alternates(html: str) -> str:
    head_end = html.find("</head>")
    return HEAD_ALTERNATE.sub("", html[:head_end]) + html[head_end:] if head_end >= 0 else html


def on_post_page(output: str, page: Any, config: Any) -> str:
    return without_head_alternates(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return without_head_alternates(output_content) if template_name.endswith(".html") else output_content
