"""MkDocs hook: the guide's placeholders.

Every page, the site name and the copyright line are Jinja templates rendered with the backend's
own configuration (chalicelib.config.site_context): the firm, its policy profile (deadlines, remedies),
the complaint categories. A change to backend/chalicelib/config/firm.toml or to POLICY_PROFILE
therefore changes the guide exactly as it changes the emails.

Ready-made blocks, overrides/blocks/<language>/<name>.md, hold the conditionals once per language
so that pages rarely need any: `{{ blocks.deadlines }}`, `{{ blocks.remedies }}`… EDITING.md lists
every placeholder.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date
from chalicelib import settings
from chalicelib.config.site_context import site_context, tel_link
from chalicelib.i18n import catalogue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

BLOCKS_DIR = Path(__file__).resolve().parent.parent / "blocks"


@lru_cache(maxsize=8)
def _environment(language: str) -> jinja2.Environment:
    # One per language for the whole process: Jinja keeps each block compiled, and its loader
    # recompiles a block whose file changed (`mkdocs serve`).
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(BLOCKS_DIR / language),
        undefined=jinja2.StrictUndefined,  # a mistyped placeholder fails the build, it never shows blank
        keep_trailing_newline=True,
        # Markdown's attr_list writes `{#anchor}`: Jinja comments take `{##`…`##}` instead of `{#`…`#}`.
        comment_start_string="{##",
        comment_end_string="##}",
        # The output is Markdown, not HTML, and every value comes from the project's own configuration.
        autoescape=False,  # noqa: S701 - Markdown out, the firm's own values in
    )
    environment.filters["tel"] = tel_link
    return environment


def placeholders(language: str) -> dict[str, Any]:
    """Everything a page in `language` can name, the rendered blocks included. Computed once per
    language while its blocks stay as they are: every page and option of a build shares it."""
    # Valid while the blocks' files and the configuration object are the same ones (a test that
    # switches profile resets the settings, which makes a new configuration object).
    signature = tuple((path.name, path.stat().st_mtime_ns) for path in sorted((BLOCKS_DIR / language).glob("*.md")))
    config = settings.portal_config()
    cached = _PLACEHOLDERS.get(language)
    if cached is None or cached[0] != signature or cached[1] is not config:
        cached = _PLACEHOLDERS[language] = (signature, config, _placeholders(language))
    return cached[2]


_PLACEHOLDERS: dict[str, tuple[tuple[tuple[str, int], ...], object, dict[str, Any]]] = {}


def _placeholders(language: str) -> dict[str, Any]:
    context = site_context(language)
    context["holidays_country"] = Locale.parse(language).territories.get(context["policy"]["country"])
    context["category_labels"] = {category["code"]: category["label"] for category in context["categories"]}
    context["outcomes"] = catalogue(language)["outcomes"]  # the words of the final answer's email
    context["attachments"] = context["files"]  # pages say {{ attachments.max_files }}
    context["retention"] = retention_text(language, context["firm"].retention_years)
    context["processing"] = processing_place(language, context["firm"].aws_region)
    context["accessibility"] = {"reviewed": reviewed_text(language, context["firm"].accessibility_reviewed)}
    environment = _environment(language)
    context["blocks"] = {
        path.stem: environment.get_template(path.name).render(context)
        for path in sorted((BLOCKS_DIR / language).glob("*.md"))
    }
    return context


# The EU regions the portal may run in (GDPR: no transfer outside the EEA), with their city in each
# language; the country's name comes from Babel. A region missing here stops the build.
REGION_CITIES: dict[str, tuple[str, dict[str, str]]] = {
    "eu-west-1": ("IE", {"en": "Dublin", "fr": "Dublin", "it": "Dublino"}),
    "eu-west-3": ("FR", {"en": "Paris", "fr": "Paris", "it": "Parigi"}),
    "eu-central-1": ("DE", {"en": "Frankfurt", "fr": "Francfort", "it": "Francoforte"}),
    "eu-south-1": ("IT", {"en": "Milan", "fr": "Milan", "it": "Milano"}),
    "eu-north-1": ("SE", {"en": "Stockholm", "fr": "Stockholm", "it": "Stoccolma"}),
}


def retention_text(language: str, years: int) -> str:
    """firm.toml's retention_years in the words the remedies' time limits use: "5 years", "5 ans"."""
    names = catalogue(language)["time_limits"]["period"]
    return str(names["year_one"] if years == 1 else names["years"].format(n=years))


def processing_place(language: str, region: str) -> dict[str, str]:
    """`{{ processing.region }}`, `{{ processing.city }}`, `{{ processing.country }}`: where the data is."""
    if region not in REGION_CITIES:
        raise PluginError(f"firm.toml: aws_region {region!r} has no city in REGION_CITIES (overrides/hooks/policy.py)")
    country, cities = REGION_CITIES[region]
    return {"region": region, "city": cities[language], "country": Locale.parse(language).territories[country]}


def reviewed_text(language: str, reviewed: date | None) -> str:
    """The accessibility self-assessment's date, written out; the build's date when firm.toml gives none."""
    return format_date(reviewed or date.today(), "long", locale=language)


def render(text: str, language: str) -> str:
    return page_template(text, language).render(placeholders(language))


@lru_cache(maxsize=256)
def page_template(text: str, language: str) -> jinja2.Template:
    """A page's Markdown compiled as a template, once for as long as its text stays the same: a
    `mkdocs serve` rebuild compiles only the page that was edited."""
    return _environment(language).from_string(text)


def _build_language(config: Any) -> str:
    # mkdocs-static-i18n builds one language after the other and sets the theme's language to it.
    return str(config.theme["language"])


@event_priority(-110)  # after mkdocs-static-i18n (-100) has applied this language's site_name
def on_config(config: Any) -> Any:
    language = _build_language(config)
    for option in ("site_name", "copyright"):
        if config[option]:
            config[option] = render(config[option], language)
    return config


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """The theme's templates (the urgent banner in main.html) see the firm and the policy too."""
    language = _build_language(config)
    context = site_context(language)
    env.globals.update(firm=context["firm"], policy=context["policy"], guide_root=_language_root(config, language))
    env.filters["tel"] = tel_link
    return env


def _language_root(config: Any, language: str) -> str:
    """The path of this language's home page from the site root: "" for the default, "fr/" for French."""
    i18n = config.plugins["i18n"]
    return "" if language == i18n.default_language else f"{language}/"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.meta.get("placeholders") is False:
        return markdown
    # A page that falls back to English is rendered with English values: its sentences are English.
    language = getattr(page.file, "locale", None) or _build_language(config)
    try:
        # The description in the front matter becomes the page's <meta name="description">.
        if isinstance(page.meta.get("description"), str):
            page.meta["description"] = render(page.meta["description"], language)
        return render(markdown, language)
    except jinja2.TemplateError as error:
        where = f"line {error.lineno}" if isinstance(error, jinja2.TemplateSyntaxError) else "a placeholder"
        raise PluginError(f"{page.file.src_uri} ({language}), {where}: {error}") from error
