"""The placeholders of overrides/hooks/policy.py: what editors write in pages, and how mistakes show."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import jinja2
import pytest

from tests.site.built_site import LANGUAGES, ROOT, BuildFailed, build, copy_sources, expected_context
from tests.site.hooks import load_hook


@pytest.fixture(scope="module")
def policy() -> ModuleType:
    """overrides/hooks/policy.py, imported as MkDocs imports it."""
    return load_hook("policy")


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_render_the_backends_values_in_the_pages_language(policy: ModuleType, language: str) -> None:
    """`{{ firm.name }}` and `{{ policy.respond }}` become the firm's name and the localized period."""
    context = expected_context(language)
    rendered = policy.render("{{ firm.name }} / {{ policy.respond }}", language)
    assert rendered == f"{context['firm'].name} / {context['policy']['respond']}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_block_renders_in_every_language(policy: ModuleType, language: str) -> None:
    """Each ready-made block of overrides/blocks/<language>/ renders, and none is left empty."""
    blocks = policy.placeholders(language)["blocks"]
    assert set(blocks) == {path.stem for path in (ROOT / "overrides" / "blocks" / "en").glob("*.md")}
    assert all(text.strip() for text in blocks.values())


def test_a_mistyped_placeholder_fails_instead_of_showing_nothing(policy: ModuleType) -> None:
    """A typo never reaches a customer as a blank: rendering stops with the unknown name."""
    with pytest.raises(jinja2.UndefinedError, match="nmae"):
        policy.render("Write to {{ firm.nmae }}", "en")


def test_markdown_anchors_are_not_mistaken_for_template_comments(policy: ModuleType) -> None:
    """attr_list's `{#anchor}` stays in the page: template comments are written `{## … ##}` instead."""
    assert policy.render("## Title {#title}{## a note for editors ##}", "en") == "## Title {#title}"


def test_a_phone_number_becomes_a_link_phones_can_dial(policy: ModuleType) -> None:
    """`{{ firm.urgent_phone | tel }}` keeps the digits and the leading plus only."""
    assert policy.tel_link("+370 5 200-0999") == "tel:+37052000999"


def test_a_mistyped_placeholder_in_a_page_fails_the_build_and_names_the_page(tmp_path: Path) -> None:
    """The build error says which page and language hold the mistake."""
    sources = copy_sources(tmp_path / "src")
    page = sources / "docs" / "it" / "faq.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ policy.respnod }}\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"faq\.md \(it\).*respnod"):
        build(tmp_path / "site", source=sources)
