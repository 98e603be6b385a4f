"""overrides/hooks/build_speed.py: each build (three per `mkdocs build`, three more per `mkdocs serve`
rebuild) does the theme's work once per process, and still copies exactly the files MkDocs would."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from tests.site.built_site import ROOT
from tests.site.hooks import load_hook


@pytest.fixture(scope="module")
def build_speed() -> ModuleType:
    return load_hook("build_speed")


def _theme_files(environment: jinja2.Environment, config: object) -> list[str]:
    files = Files([])
    files.add_files_from_theme(environment, config)  # type: ignore[arg-type] - MkDocs' own config
    return sorted(file.src_uri for file in files)


def test_the_theme_env_copies_the_same_static_files_as_mkdocs_own(build_speed: ModuleType) -> None:
    """The listing leaves out hidden folders (Material's .icons: 14,000 files) that MkDocs' filter
    drops anyway; every script, style sheet, font and image MkDocs would copy is still copied."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    stock = config.theme.get_env()
    ours = build_speed.on_config(config).theme.get_env()
    assert isinstance(ours.loader, build_speed.VisibleFiles)
    expected = _theme_files(stock, config)
    assert any(path.endswith(".js") for path in expected) and any(path.endswith(".css") for path in expected)
    assert _theme_files(ours, config) == expected


def test_the_listing_walks_no_hidden_folder(
    build_speed: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".icons" / "set").mkdir(parents=True)
    (tmp_path / ".icons" / "set" / "a.svg").write_text("<svg/>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "guide.css").write_text("a{}")
    (tmp_path / ".hidden.txt").write_text("")
    (tmp_path / "main.html").write_text("")
    walked: list[str] = []
    real_walk = os.walk

    def walk(top: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for directory, folders, names in real_walk(top, *args, **kwargs):  # type: ignore[call-overload]
            walked.append(directory)
            yield directory, folders, names

    monkeypatch.setattr(os, "walk", walk)
    listed = build_speed.VisibleFiles([str(tmp_path)]).list_templates()
    assert listed == [".hidden.txt", "assets/guide.css", "main.html"]  # top-level files: MkDocs filters them
    assert not any(".icons" in directory for directory in walked)


def test_the_theme_env_is_patched_once_however_many_builds(build_speed: ModuleType) -> None:
    """i18n runs the config event once per language on the same configuration object."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    build_speed.on_config(config)
    patched = config.theme.get_env
    build_speed.on_config(config)
    assert config.theme.get_env is patched
    environment = config.theme.get_env()
    assert environment.bytecode_cache is build_speed.THEME_TEMPLATES


def test_a_page_template_is_compiled_once_and_an_edit_compiles_anew() -> None:
    """`mkdocs serve` rebuilds every page after an edit: unchanged pages reuse their compiled template."""
    policy = load_hook("policy")
    policy.page_template.cache_clear()
    assert policy.render("{{ firm.name }}!", "en") == policy.render("{{ firm.name }}!", "en")
    assert policy.page_template.cache_info().misses == 1
    assert policy.render("{{ firm.name }}?", "en").endswith("?")
    assert policy.page_template.cache_info().misses == 2
