"""MkDocs hook: one search index per language, so a French search returns French pages only.

Material writes a single index for the whole site (search/search_index.json), and
mkdocs-static-i18n fills it with every language. After the build this hook splits that index by
language: the default language keeps search/search_index.json, French gets
fr/search/search_index.json, and so on, each with its own lunr language and with locations
relative to its own root. Each page's Material configuration (<script id="__config">) then names
its language's root as `base`, where Material's search looks for the index and resolves results.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

INDEX = "search/search_index.json"
CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(?P<json>.*?)(</script>)', re.DOTALL | re.IGNORECASE
)


def point_search_at(html: str, language: str) -> str:
    """The page with Material's `base` moved from the site root to the root of `language`."""

    def replace(match: re.Match[str]) -> str:
        app = json.loads(match["json"])
        app["base"] = posixpath.join(app["base"], language) + "/"
        # As Jinja's tojson does: no "<" in the JSON, so no string can close the <script> early.
        return match[1] + json.dumps(app, separators=(",", ":")).replace("<", "\\u003c") + match[3]

    return CONFIG_SCRIPT.sub(replace, html, count=1)


def split_index(site_dir: Path, languages: list[str], default: str) -> None:
    """Rewrite the merged index as one index per language, under each language's root."""
    merged = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    prefixes = {language: f"{language}/" for language in languages if language != default}
    docs: dict[str, list[dict[str, Any]]] = {language: [] for language in languages}
    for doc in merged["docs"]:
        language = next((lang for lang, prefix in prefixes.items() if doc["location"].startswith(prefix)), default)
        location = doc["location"].removeprefix(prefixes.get(language, ""))
        docs[language].append({**doc, "location": location})
    for language, entries in docs.items():
        root = site_dir if language == default else site_dir / language
        index = {**merged, "config": {**merged["config"], "lang": [language]}, "docs": entries}
        (root / INDEX).parent.mkdir(parents=True, exist_ok=True)
        (root / INDEX).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_page(output: str, page: Any, config: Any) -> str:
    i18n = config.plugins["i18n"]
    if i18n.current_language == i18n.default_language:
        return output
    return point_search_at(output, i18n.current_language)


# After mkdocs-static-i18n (-100) has built every language and written the merged index. The
# builds of the other languages run this too, on their partial index; the last run, over the
# merged index, is the one that stays.
@event_priority(-200)
def on_post_build(config: Any) -> None:
    i18n = config.plugins["i18n"]
    if (Path(config.site_dir) / INDEX).exists():
        split_index(Path(config.site_dir), list(dict.fromkeys(i18n.build_languages)), i18n.default_language)
