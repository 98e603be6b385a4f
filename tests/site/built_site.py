"""Builds the guide with `mkdocs build --strict` and reads the result."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.site.dom import Element, parse

ROOT = Path(__file__).resolve().parents[2]
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides")  # everything MkDocs reads, for a modified copy
LANGUAGES = ("en", "fr", "it")
DEFAULT_LANGUAGE = "en"
# Pages of the guide, the same file names in every language (the form and the track page included).
PAGES = sorted(path.stem for path in (ROOT / "docs" / DEFAULT_LANGUAGE).glob("*.md"))


class BuildFailed(Exception):
    pass


def build(out_dir: Path, source: Path = ROOT, **env: str) -> BuiltSite:
    """`mkdocs build --strict` of the project at `source` into `out_dir`; `env` adds to the environment."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if "POLICY_PROFILE" not in env:
        environment.pop("POLICY_PROFILE", None)  # the profile named in firm.toml
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out_dir)],
        cwd=source,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildFailed(result.stderr)
    return BuiltSite(out_dir)


def copy_sources(target: Path) -> Path:
    """A copy of the site's sources, to build a modified version without touching the project."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@contextmanager
def policy_profile(name: str | None) -> Iterator[None]:
    """The backend's configuration as it reads under POLICY_PROFILE=`name` (None: firm.toml's own)."""
    from chalicelib import settings

    saved = os.environ.get("POLICY_PROFILE")
    _set_profile(name)
    settings.reset()
    try:
        yield
    finally:
        _set_profile(saved)
        settings.reset()


def _set_profile(name: str | None) -> None:
    if name is None:
        os.environ.pop("POLICY_PROFILE", None)
    else:
        os.environ["POLICY_PROFILE"] = name


def expected_context(language: str, profile: str | None = None) -> dict[str, Any]:
    from chalicelib.config.site_context import site_context

    with policy_profile(profile):
        return site_context(language)


@dataclass(frozen=True)
class BuiltSite:
    root: Path

    def url_path(self, language: str, page: str) -> str:
        """The page's path from the site root: "" for the English home page, "fr/faq/" for the French FAQ."""
        prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
        return prefix if page == "index" else f"{prefix}{page}/"

    def file(self, url_path: str) -> Path:
        return self.root / url_path / "index.html" if not url_path.endswith(".html") else self.root / url_path

    def page(self, language: str, page: str) -> Element:
        return self.document(self.url_path(language, page))

    def document(self, url_path: str) -> Element:
        return parse(self.file(url_path).read_text(encoding="utf-8"))

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def files(self, suffix: str) -> list[Path]:
        return sorted(self.root.rglob(f"*{suffix}"))


def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as data; `!ENV [NAME, default]` reads as its default."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    return dict(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader))  # noqa: S506 - our mkdocs.yml, !ENV tags


def i18n_languages() -> dict[str, dict[str, Any]]:
    """The i18n plugin's per-language settings, by locale."""
    plugins = mkdocs_config()["plugins"]
    i18n = next(plugin["i18n"] for plugin in plugins if isinstance(plugin, dict) and "i18n" in plugin)
    return {language["locale"]: language for language in i18n["languages"]}


def section(page: Element, anchor: str) -> str:
    """The text of the part of a page under the `## … {#anchor}` heading, up to the next one."""
    heading = page.find("h2", id=anchor)
    assert heading.parent is not None
    siblings = [child for child in heading.parent.children if isinstance(child, Element)]
    start = siblings.index(heading)
    following = siblings[start + 1 :]
    end = next((i for i, element in enumerate(following) if element.tag == "h2"), len(following))
    return " ".join(element.text for element in [heading, *following[:end]])


def firm_settings(toml: str, **values: str) -> str:
    """firm.toml with the top-level settings `values` (TOML literals) replaced; each must already be there."""
    for name, value in values.items():
        toml, count = re.subn(rf"(?m)^{name} = .*$", f"{name} = {value}", toml)
        if count != 1:
            raise KeyError(f"firm.toml has no setting {name}")
    return toml


def build_for_firm(out_dir: Path, backend_dir: Path, profile: str, **settings: str) -> BuiltSite:
    """The site of another firm: a copy of the backend's package with firm.toml's `settings` changed,
    imported ahead of the project's own (PYTHONPATH), under POLICY_PROFILE=`profile`."""
    package = backend_dir / "chalicelib"
    shutil.copytree(ROOT / "backend" / "chalicelib", package, ignore=shutil.ignore_patterns("__pycache__"))
    firm_file = package / "config" / "firm.toml"
    firm_file.write_text(firm_settings(firm_file.read_text(encoding="utf-8"), **settings), encoding="utf-8")
    return build(out_dir, POLICY_PROFILE=profile, PYTHONPATH=str(backend_dir))
