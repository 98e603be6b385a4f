"""The guide's build and the form page's weight (issue 13), each against stock Material in the same run.

- `mkdocs build`: the project (hooks, overrides, three languages) against a stock Material + i18n
  project holding the same Markdown files (placeholders left as text), best of two each.
- The editor's rebuild: a second build in the same process after a page was edited, as `mkdocs serve`
  rebuilds (the hooks' caches and the imports already warm).
- The form page on a first visit: gzip bytes of its HTML and of every local script, style sheet and
  image it names, plus the search index Material's worker fetches at load; against the same for a
  stock Material page. No request may leave the site.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import Result

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "it")
STOCK_CONFIG = """site_name: Stock
site_url: https://stock.example/
theme:
  name: material
  font: false
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, build: true, default: true}
        - {locale: fr, name: Français, build: true}
        - {locale: it, name: Italiano, build: true}
"""
TEMPLATE_LINE = re.compile(r"^template: .*\n", re.MULTILINE)
ASSET = re.compile(r"""(?:src|href)="([^"]+\.(?:js|css|png|svg|jpg|webp))(?:\?[^"]*)?\"""")


def _build_seconds(project: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - the project's own mkdocs
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - start


def _stock_project(directory: Path) -> Path:
    """The same Markdown under stock Material: the pages' own templates (the form's) named in their
    front matter are the project's, so they go."""
    project = directory / "stock"
    for language in LANGUAGES:
        target = project / "docs" / language
        shutil.copytree(ROOT / "docs" / language, target)
        for page in target.glob("*.md"):
            page.write_text(TEMPLATE_LINE.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    return project


def _rebuild_seconds(work: Path) -> float:
    """Two builds in one process, the second timed after a page was edited: what `mkdocs serve` does.
    The pages are a copy, so the edit never touches the project's own."""
    docs = work / "rebuild-docs"
    shutil.copytree(ROOT / "docs", docs)
    program = (
        "import time, os, pathlib; from mkdocs.config import load_config; from mkdocs.commands.build import build\n"
        "def once():\n"
        "    build(load_config('mkdocs.yml', site_dir=os.environ['SITE_DIR'], docs_dir=os.environ['DOCS_DIR']))\n"
        "once()\n"
        "page = pathlib.Path(os.environ['DOCS_DIR'], 'fr', 'faq.md')\n"
        "page.write_text(page.read_text(encoding='utf-8') + '\\nUne phrase de plus.\\n', encoding='utf-8')\n"
        "start = time.perf_counter(); once(); print(time.perf_counter() - start)\n"
    )
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_DIR": str(work / "rebuilt"), "DOCS_DIR": str(docs)}
    out = subprocess.run(  # noqa: S603 - the project's own mkdocs
        [sys.executable, "-c", program], cwd=ROOT, check=True, capture_output=True, text=True, env=environment
    ).stdout
    return float(out.strip().splitlines()[-1])


def _first_visit_bytes(site: Path, page: Path) -> int:
    """gzip bytes of a page and of every local file it loads, with the search index."""
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode()))
    seen: set[Path] = set()
    for reference in ASSET.findall(html):
        if reference.startswith(("http://", "https://", "//")):
            raise AssertionError(f"{page} loads {reference} from elsewhere")
        asset = (page.parent / reference).resolve() if not reference.startswith("/") else site / reference[1:]
        if asset.is_file() and asset not in seen:
            seen.add(asset)
            total += len(gzip.compress(asset.read_bytes()))
    index = site / "search" / "search_index.json"
    return total + (len(gzip.compress(index.read_bytes())) if index.is_file() else 0)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        stock = _stock_project(work)
        ours_seconds = min(_build_seconds(ROOT, work / f"ours-{n}") for n in range(2))
        stock_seconds = min(_build_seconds(stock, work / f"stock-{n}") for n in range(2))
        pages = len(list((ROOT / "docs").glob("*/*.md")))
        form = _first_visit_bytes(work / "ours-0", work / "ours-0" / "complaint-form" / "index.html")
        plain = _first_visit_bytes(work / "stock-0", work / "stock-0" / "faq" / "index.html")
        rebuild = _rebuild_seconds(work)
    return [
        Result(f"mkdocs build, {pages} pages", "s", ours_seconds, stock_seconds, "stock Material, same pages", goal=2),
        Result(
            "mkdocs serve rebuild after an edit",
            "s",
            rebuild,
            stock_seconds,
            "stock Material, same pages",
            goal=1.5,
            goal_of="measured",
        ),
        Result("form page, first visit, gzip", "KB", form / 1024, plain / 1024, "a stock Material page", goal=1.3),
    ]
