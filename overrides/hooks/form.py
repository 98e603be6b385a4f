"""MkDocs hook: the data of the complaint form and the track page.

Pages with `template: complaint.html` or `template: track.html` get a `form` context: the backend's
labels, categories, error messages and validation limits (chalicelib.config.site_context, the same source
as the API and the emails), the countries in the reader's language (Babel), the form's own words
(overrides/form_text/<language>.yml) and the API's address (extra.api_base). The templates hand the
part the script needs to it as a JSON data block, since the site's CSP forbids inline scripts.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from chalicelib.config.site_context import site_context
from chalicelib.domain.countries import COUNTRY_CODES
from mkdocs.exceptions import PluginError

TEXT_DIR = Path(__file__).resolve().parent.parent / "form_text"
FORM_TEMPLATES = ("complaint.html", "track.html")
DEFAULT_LANGUAGE = "en"


def _keys(texts: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in texts.items():
        found |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


@lru_cache(maxsize=8)
def form_texts(language: str) -> dict[str, Any]:
    """The form's own words; a translation missing a key of the English file fails the build."""
    path = TEXT_DIR / f"{language}.yml"
    if not path.exists():
        raise PluginError(f"{path} is missing: the complaint form has no words in {language!r}")
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))
    if language != DEFAULT_LANGUAGE:
        missing = _keys(form_texts(DEFAULT_LANGUAGE)) - _keys(texts)
        if missing:
            raise PluginError(f"{path.name} lacks {', '.join(sorted(missing))} (see {DEFAULT_LANGUAGE}.yml)")
    return dict(texts)


def _sort_key(name: str) -> str:
    # "Île" sorts with "I" and "Åland" with "A", as readers expect, without a collation library.
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@lru_cache(maxsize=8)
def countries(language: str) -> list[tuple[str, str]]:
    """(ISO code, name in `language`) for every country the API accepts, in alphabetical order."""
    names = Locale.parse(language).territories
    return sorted(((code, names.get(code, code)) for code in COUNTRY_CODES), key=lambda item: _sort_key(item[1]))


# Crypto-assets are not in CLDR; their names are the same in every language.
CRYPTO_NAMES = {"BTC": "Bitcoin", "ETH": "Ether", "USDC": "USD Coin", "USDT": "Tether"}


@lru_cache(maxsize=8)
def currency_options(language: str, codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, "Euro (EUR)") in `language` for the currencies the backend lists (site_context), in its order."""
    names = {**CRYPTO_NAMES, **Locale.parse(language).currencies}
    return [(code, f"{names.get(code, code)[:1].upper()}{names.get(code, code)[1:]} ({code})") for code in codes]


def form_context(language: str, root: str, api_base: str) -> dict[str, Any]:
    """What complaint.html and track.html render; `client` is what their scripts read."""
    site = site_context(language)
    texts = form_texts(language)
    return {
        **site,
        "text": texts,
        "root": root,
        "countries": countries(language),
        # (value, label, hint) of each radio button
        "customer_type_options": [(code, label, "") for code, label in site["customer_types"].items()],
        "category_options": [(c["code"], c["label"], c["hint"]) for c in site["categories"]],
        "currency_options": currency_options(language, tuple(site["currencies"])),
        "client": {
            "language": language,
            "api": api_base.rstrip("/"),
            "timeZone": site["policy"]["time_zone"],
            "timeZoneName": site["time_zone_name"],
            "outcomes": site["outcomes"],
            "labels": site["fields"],
            "errors": site["errors"],
            "rules": site["rules"],
            "statuses": site["statuses"],
            "categories": {category["code"]: category["label"] for category in site["categories"]},
            "files": site["files"],
            "attachmentStatuses": site["attachment_statuses"],
            "attachmentRefusals": site["attachment_refusals"],
            "text": texts,
        },
    }


def on_files(files: Any, config: Any) -> Any:
    """The form's words are read at build time: keep overrides/form_text/ out of the published site."""
    for file in [file for file in files if file.src_uri.startswith("form_text/")]:
        files.remove(file)
    return files


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if page.meta.get("template") not in FORM_TEMPLATES:
        return context
    # A page that falls back to English shows an English form, like its English sentences.
    language = getattr(page.file, "locale", None) or str(config.theme["language"])
    default = config.plugins["i18n"].default_language
    build_language = str(config.theme["language"])
    root = "" if build_language == default else f"{build_language}/"
    context["form"] = form_context(language, root, str(config.extra["api_base"]))
    return context
