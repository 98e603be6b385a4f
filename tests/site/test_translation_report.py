"""`make translations`: which pages are missing in a language, or older than their English source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.built_site import ROOT

SCRIPT = ROOT / "scripts" / "translations.py"
MKDOCS_YML = """site_url: !ENV [SITE_URL, "https://example.test/"]
plugins:
  - search
  - i18n:
      languages:
        - {locale: en, default: true}
        - {locale: fr}
"""


def write(root: Path, path: str, text: str = "text\n", mtime: float | None = None) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(file, (mtime, mtime))


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.test"}
    env |= {"GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.test"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def commit(root: Path, path: str, date: str) -> None:
    git(root, "add", path)
    git(root, "commit", "--quiet", "-m", f"edit {path}", date=date)


def run_report(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *options], capture_output=True, text=True, check=False
    )


def states(output: str) -> dict[str, str]:
    """`{"docs/fr/faq.md": "missing", …}` from the report's lines."""
    found = {}
    for line in output.splitlines():
        words = line.split()
        for state in ("missing", "outdated", "no English source"):
            if line.strip().startswith(state):
                found[words[len(state.split())]] = state
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the guide's layout: docs/<language>/ and overrides/blocks/<language>/."""
    git(tmp_path, "init", "--quiet")
    return tmp_path


def test_a_page_missing_in_a_language_is_reported(tmp_path: Path) -> None:
    """An English page with no French file is listed as missing in French."""
    write(tmp_path, "docs/en/faq.md", mtime=1_900_000_000)
    write(tmp_path, "docs/en/index.md", mtime=1_900_000_000)
    write(tmp_path, "docs/fr/index.md", mtime=2_000_000_000)
    assert states(run_report(tmp_path).stdout) == {"docs/fr/faq.md": "missing"}


def test_a_translation_committed_before_its_english_source_changed_is_outdated(repo: Path) -> None:
    """Commit dates decide: French committed in January, English changed in March, French is outdated."""
    write(repo, "docs/fr/faq.md")
    commit(repo, "docs/fr/faq.md", "2026-01-10T10:00:00+00:00")
    write(repo, "docs/en/faq.md")
    commit(repo, "docs/en/faq.md", "2026-03-10T10:00:00+00:00")
    output = run_report(repo).stdout
    assert states(output) == {"docs/fr/faq.md": "outdated"}
    assert "2026-03-10" in output and "2026-01-10" in output


def test_a_translation_committed_after_its_english_source_is_up_to_date(repo: Path) -> None:
    """English committed first, French afterwards: nothing to do."""
    write(repo, "overrides/blocks/en/deadlines.md")
    commit(repo, "overrides/blocks/en/deadlines.md", "2026-01-10T10:00:00+00:00")
    write(repo, "overrides/blocks/it/deadlines.md")
    commit(repo, "overrides/blocks/it/deadlines.md", "2026-02-10T10:00:00+00:00")
    output = run_report(repo).stdout
    assert states(output) == {}
    assert "overrides/blocks/it: 1 of 1 files up to date" in output


def test_the_forms_words_are_reported_file_by_file(repo: Path) -> None:
    """overrides/form_text/<language>.yml: French older than English is outdated; no Italian is missing."""
    write(
        repo,
        "mkdocs.yml",
        MKDOCS_YML.replace("        - {locale: fr}\n", "        - {locale: fr}\n        - {locale: it}\n"),
    )
    write(repo, "overrides/form_text/fr.yml")
    commit(repo, "overrides/form_text/fr.yml", "2026-01-10T10:00:00+00:00")
    write(repo, "overrides/form_text/en.yml")
    commit(repo, "overrides/form_text/en.yml", "2026-03-10T10:00:00+00:00")
    assert states(run_report(repo).stdout) == {
        "overrides/form_text/fr.yml": "outdated",
        "overrides/form_text/it.yml": "missing",
    }


def test_an_uncommitted_english_edit_makes_the_translation_outdated(repo: Path) -> None:
    """An English page being edited counts from its modification time, which is after any commit."""
    write(repo, "docs/en/faq.md")
    write(repo, "docs/fr/faq.md")
    commit(repo, "docs", "2026-01-10T10:00:00+00:00")
    write(repo, "docs/en/faq.md", "new text\n")
    assert states(run_report(repo).stdout) == {"docs/fr/faq.md": "outdated"}


def test_without_git_history_file_times_decide(tmp_path: Path) -> None:
    """Outside a repository, the modification times compare the two files."""
    write(tmp_path, "docs/en/faq.md", mtime=2_000_000_000)
    write(tmp_path, "docs/it/faq.md", mtime=1_900_000_000)
    write(tmp_path, "docs/en/index.md", mtime=1_900_000_000)
    write(tmp_path, "docs/it/index.md", mtime=2_000_000_000)
    assert states(run_report(tmp_path).stdout) == {"docs/it/faq.md": "outdated"}


def test_a_translation_with_no_english_source_is_reported(tmp_path: Path) -> None:
    """A file that exists only in a translation is named: the same file names in every language."""
    write(tmp_path, "docs/en/index.md", mtime=1_900_000_000)
    write(tmp_path, "docs/fr/index.md", mtime=2_000_000_000)
    write(tmp_path, "docs/fr/extra.md")
    assert states(run_report(tmp_path).stdout) == {"docs/fr/extra.md": "no English source"}


def test_check_fails_only_when_a_translation_needs_work(tmp_path: Path) -> None:
    """--check exits with 1 while a page is missing, and with 0 once every page is there and current;
    without --check the report always exits with 0. The languages are those mkdocs.yml builds."""
    write(tmp_path, "mkdocs.yml", MKDOCS_YML)
    write(tmp_path, "docs/en/index.md", mtime=1_900_000_000)
    assert run_report(tmp_path, "--check").returncode == 1
    assert run_report(tmp_path).returncode == 0
    write(tmp_path, "docs/fr/index.md", mtime=2_000_000_000)
    assert run_report(tmp_path, "--check").returncode == 0


def test_the_project_has_no_missing_translation() -> None:
    """Every English page and block of this project exists in French and Italian."""
    result = run_report(ROOT)
    assert result.returncode == 0
    assert not any(state in {"missing", "no English source"} for state in states(result.stdout).values())
