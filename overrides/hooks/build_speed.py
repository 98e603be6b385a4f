"""MkDocs hook: the theme's work done once per process rather than once per build.

mkdocs-static-i18n builds the guide once per language, and `mkdocs serve` does all three again after
every edit. Two things of each build do not change between them:
- the theme's templates: compiled once and kept (a bytecode cache keyed by name and source checksum);
- the theme's files: MkDocs lists every file of the theme's folders, then drops hidden ones. Material's
  .icons folder alone holds 14,000 SVG files (the emoji extension reads them from disk, never as
  templates); the listing here does not walk hidden folders at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in memory for the process: Jinja keys each by name and source
    checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


THEME_TEMPLATES = CompiledTemplates()


class VisibleFiles(jinja2.FileSystemLoader):
    """Jinja's file loader whose listing skips hidden folders, which MkDocs' filter of theme files
    ('.*', '*/.*') would drop after the walk. Loading a template by name is unchanged."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for directory, folders, names in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [folder for folder in folders if not folder.startswith(".")]
                for name in names:
                    found.add(os.path.relpath(os.path.join(directory, name), searchpath).replace(os.path.sep, "/"))
        return sorted(found)


class _FastEnv:
    """The theme's `get_env`, its environment given the listing and the cache above."""

    def __init__(self, theme: Any) -> None:
        self.theme = theme
        self.get_env: Callable[[], jinja2.Environment] = theme.get_env

    def __call__(self) -> jinja2.Environment:
        environment = self.get_env()
        environment.loader = VisibleFiles(self.theme.dirs)
        environment.bytecode_cache = THEME_TEMPLATES
        return environment


def on_config(config: Any) -> Any:
    # MkDocs builds the theme's environment, and lists its files, before any event that receives it;
    # i18n sends this event once per language with the same theme, which is wrapped once.
    theme = config.theme
    if not isinstance(theme.get_env, _FastEnv):
        theme.get_env = _FastEnv(theme)
    return config
