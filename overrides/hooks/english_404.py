"""MkDocs hook: the 404 page stays in the default language.

mkdocs-static-i18n builds each language in turn into the same site directory, and every build
writes 404.html: left alone, the page would be in the language built last. Only the default
language's build writes it here; MkDocs skips a template whose output is empty.
"""

from __future__ import annotations

from typing import Any


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    i18n = config.plugins["i18n"]
    if template_name == "404.html" and i18n.current_language != i18n.default_language:
        return ""
    return output_content
