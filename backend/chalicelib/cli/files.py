"""Where the `complaints` command writes a customer's file: inside the chosen folder, never over a file.

A file's name comes from the customer: `../../.bashrc` must not replace the handler's own
`.bashrc`. The name loses its folders, control characters and leading dots; a clash gets
`name (1).pdf`; and every write is an exclusive create, so nothing that exists is ever replaced.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

FALLBACK_NAME = "attachment"
MAX_NAME = 150
MAX_RENAMES = 999


class WouldOverwrite(Exception):
    pass


def safe_name(name: str) -> str:
    """The customer's file name as a plain name in one folder: no path, no control or bidi characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(char for char in base if unicodedata.category(char)[0] not in ("C", "Z") or char == " ")
    base = base.strip(" .")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = stem[: MAX_NAME - len(extension) - 1].strip(" .")
    if not stem:
        return FALLBACK_NAME + (f".{extension}" if extension else "")
    return f"{stem}.{extension}" if extension else stem


def save_new(directory: Path, name: str, data: bytes) -> Path:
    """Writes `data` under a safe form of `name` in `directory`, renaming on a clash; returns the path."""
    clean = safe_name(name)
    stem, dot, extension = clean.rpartition(".")
    if not dot or not stem:
        stem, dot, extension = clean, "", ""
    for attempt in range(MAX_RENAMES + 1):
        candidate = directory / (clean if attempt == 0 else f"{stem} ({attempt}){dot}{extension}")
        try:
            _create(candidate, data, exclusive=True)
        except FileExistsError:
            continue
        return candidate
    raise WouldOverwrite(f"{directory / clean} and {MAX_RENAMES} renamed copies exist already")


def save_as(target: Path, data: bytes, *, force: bool) -> Path:
    """Writes the file the handler named; an existing file is replaced only with `force`."""
    try:
        _create(target, data, exclusive=not force)
    except FileExistsError:
        raise WouldOverwrite(f"{target} exists: choose another name or add --force") from None
    return target


def _create(path: Path, data: bytes, *, exclusive: bool) -> None:
    with path.open("xb" if exclusive else "wb") as handle:
        handle.write(data)
