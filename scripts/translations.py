"""Translation status for editors: pages missing in a language, or older than their English source.

    make translations                        # print the report
    .venv/bin/python scripts/translations.py --check   # also exit with 1 when anything needs work

English is the source. Each tree below holds one folder per language with the same file names:
docs/<language>/ (the pages) and overrides/blocks/<language>/ (the ready-made blocks); the form's
words are one file per language, overrides/form_text/<language>.yml. A file's
last change is its last commit date; a file with uncommitted changes, or that git does not know,
counts from its modification time instead.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TREES = ("docs", "overrides/blocks")
WORD_FILES = "overrides/form_text"  # <language>.yml each
SOURCE = "en"
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2}$")  # docs/assets is shared, not a language


@dataclass(frozen=True)
class Translation:
    path: Path  # relative to the root, e.g. docs/fr/faq.md
    state: str  # "missing", "outdated", "up to date" or "no English source"
    source_changed: datetime | None = None
    changed: datetime | None = None


def _git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), *args]  # git from PATH, on the project's own tree
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - git, fixed arguments
    except OSError:  # no git at all: every file counts from its modification time
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def last_changed(root: Path, path: Path) -> datetime:
    """When `path` (relative to `root`) last changed: its last commit, or its mtime when git cannot tell."""
    if not _git(root, "status", "--porcelain", "--", str(path)):
        committed = _git(root, "log", "-1", "--format=%cI", "--", str(path))
        if committed:
            return datetime.fromisoformat(committed)
    return datetime.fromtimestamp((root / path).stat().st_mtime, tz=UTC)


def languages(root: Path) -> list[str]:
    """The translations: the languages mkdocs.yml builds, or else the language folders found."""
    configured = _configured_languages(root / "mkdocs.yml")
    if configured:
        return sorted(set(configured) - {SOURCE})
    folders = [folder for tree in TREES if (root / tree).is_dir() for folder in (root / tree).iterdir()]
    return sorted({f.name for f in folders if f.is_dir() and LANGUAGE_FOLDER.match(f.name)} - {SOURCE})


def _configured_languages(config_file: Path) -> list[str]:
    if not config_file.is_file():
        return []

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, tag, node: None)  # !ENV and the like: not needed here
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 (a SafeLoader)
    plugins = [plugin for plugin in config.get("plugins", []) if isinstance(plugin, dict) and "i18n" in plugin]
    return [language["locale"] for plugin in plugins for language in plugin["i18n"].get("languages", [])]


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def statuses(root: Path, tree: str, language: str) -> Iterator[Translation]:
    if tree == WORD_FILES:
        yield _status(root, Path(tree) / f"{SOURCE}.yml", Path(tree) / f"{language}.yml")
        return
    source_folder, folder = Path(tree) / SOURCE, Path(tree) / language
    sources, translations = _files(root / source_folder), _files(root / folder)
    for name in sorted(sources | translations):
        if name not in sources:
            yield Translation(folder / name, "no English source")
        else:
            yield _status(root, source_folder / name, folder / name)


def _status(root: Path, source: Path, path: Path) -> Translation:
    if not (root / path).is_file():
        return Translation(path, "missing")
    source_changed, changed = last_changed(root, source), last_changed(root, path)
    return Translation(path, "outdated" if source_changed > changed else "up to date", source_changed, changed)


def report(root: Path) -> tuple[str, bool]:
    """The report's text, and whether any translation needs work."""
    lines, needs_work = [f"Translation status (source: {SOURCE}, root: {root})"], False
    for tree in (*TREES, WORD_FILES):
        if not (root / tree / SOURCE).is_dir() and not (root / tree / f"{SOURCE}.yml").is_file():
            continue
        for language in languages(root):
            found = list(statuses(root, tree, language))
            todo = [t for t in found if t.state != "up to date"]
            needs_work = needs_work or bool(todo)
            lines.append(f"\n{tree}/{language}: {len(found) - len(todo)} of {len(found)} files up to date")
            lines.extend(_line(t) for t in todo)
    return "\n".join(lines), needs_work


def _line(translation: Translation) -> str:
    line = f"  {translation.state:<18} {translation.path}"
    if translation.state == "outdated" and translation.source_changed and translation.changed:
        when = "%Y-%m-%d %H:%M"
        line += f"  (English changed {translation.source_changed:{when}}, this file {translation.changed:{when}})"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    parser.add_argument("--check", action="store_true", help="exit with 1 when a translation is missing or outdated")
    args = parser.parse_args(argv)
    text, needs_work = report(args.root.resolve())
    print(text)
    return 1 if args.check and needs_work else 0


if __name__ == "__main__":
    sys.exit(main())
