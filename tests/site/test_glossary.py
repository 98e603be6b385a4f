"""One term per concept per language (glossary.yml): no page, block, form text, catalogue or letter
in French or Italian uses a rejected variant, and French keeps its no-break spaces (issue 12,
"The languages"). A failure names the file, the line and the term to use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
LANGUAGES = ("fr", "it")

# What is not prose: template logic, format fields ({email}), HTML tags, addresses, Markdown link
# targets and attribute lists, comments of the YAML files.
NOT_PROSE = re.compile(
    r"\{%.*?%\}|\{#.*?#\}|\{\w+\}|<[^>]*>|https?://\S+|\]\([^)]*\)|\{:[^}]*\}|\{#[\w-]+\}|\{ \.[^}]*\}"
)
COMMENT = re.compile(r"^\s*#(?!#)")
KEY = {
    ".json": re.compile(r'^\s*"[^"]*":\s*'),
    ".yml": re.compile(r"^\s*[\w.-]+:\s*"),
    ".md": re.compile(r"^(title|description):"),
}


def texts(language: str) -> list[Path]:
    """Every file a reader of `language` reads words from."""
    backend = ROOT / "backend" / "chalicelib"
    return sorted(
        [
            *(ROOT / "docs" / language).glob("*.md"),
            *(ROOT / "overrides" / "blocks" / language).glob("*.md"),
            ROOT / "overrides" / "form_text" / f"{language}.yml",
            backend / "i18n" / f"{language}.json",
            *(backend / "emails" / "templates").glob(f"*.{language}.*"),
        ]
    )


def prose(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines as a reader sees them, with their numbers: keys and markup left out."""
    key = KEY.get(path.suffix)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if path.suffix == ".yml" and COMMENT.match(line):
            continue
        line = key.sub("", line) if key else line
        yield number, NOT_PROSE.sub(" ", line).replace("\u2019", "'")


def rules(language: str) -> list[tuple[str, str, re.Pattern[str]]]:
    """(name, what to write instead, pattern) for each rejected variant and typography rule."""
    found = []
    for concept, terms in GLOSSARY["concepts"].items():
        if language in terms:
            for variant in terms[language]["reject"]:
                found.append((concept, terms[language]["use"], re.compile(variant, re.IGNORECASE)))
    for rule in GLOSSARY.get("typography", {}).get(language, []):
        found.append(("typography", rule["name"], re.compile(rule["reject"])))
    return found


def findings(language: str, paths: list[Path]) -> list[str]:
    checks = rules(language)
    return [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{number}: "
        f"{concept}: {match.group(0)!r} -> {use}"
        for path in paths
        for number, line in prose(path)
        for concept, use, pattern in checks
        for match in pattern.finditer(line)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_uses_the_glossary_term_of_each_concept(language: str) -> None:
    """Pages, blocks, form texts, catalogues and letters: no rejected variant, no missing no-break space."""
    problems = findings(language, texts(language))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_concept_names_its_term_and_the_rejects_compile(language: str) -> None:
    """A glossary entry an editor can read: a term to use and valid patterns."""
    assert rules(language)
    for terms in GLOSSARY["concepts"].values():
        if language in terms:
            assert terms[language]["use"].strip()
            assert terms[language]["reject"]


def test_a_rejected_variant_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    """The guard can fail: a page saying "courriel" and "jours ouvrés" is named, line by line."""
    page = tmp_path / "page.md"
    page.write_text("Bonjour.\nEnvoyez un courriel sous 5 jours ouvrés :\n", encoding="utf-8")
    problems = findings("fr", [page])
    assert [problem.split(" -> ")[0] for problem in problems] == [
        "page.md:2: email: 'courriel'",
        "page.md:2: business_days: 'jours ouvrés'",
        "page.md:2: typography: ' :'",
    ]


def test_placeholders_keys_and_links_are_not_prose(tmp_path: Path) -> None:
    """{{ fields.email }}, a JSON key and a link's address are code, not words a reader sees."""
    catalogue = tmp_path / "fr.json"
    catalogue.write_text(
        '{\n  "email": "{{ fields.email }} [ici](https://example.org/a?b=1)",\n  "ticket_ids": "x"\n}\n',
        encoding="utf-8",
    )
    assert findings("fr", [catalogue]) == []
