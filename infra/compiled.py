"""The Lambda package's modules, compiled ahead.

`chalice package` zips sources only, and Lambda's /var/task is read-only, so every cold start would
compile app.py, chalicelib and each dependency it imports before it could answer: the first deadline
alone imports all 250 of `holidays`' country modules (bench/cold_start.py measures the cost). So:
- our own modules (app.py, chalicelib, chalice's router) keep their source, for readable tracebacks,
  and get their .pyc in __pycache__;
- a dependency's module is replaced by its .pyc (the pinned version's source is public), which keeps
  the package within its size (design/performance.md).
One dependency's module is replaced before it is compiled: `holidays/countries/__init__.py` imports
all 250 country modules, and `holidays` imports it before the one country asked for, so the first
deadline after a cold start loaded them all (≈150 ms at full speed; Lambda runs a request at the
memory's share of a vCPU, 256 MB being about a seventh, while start-up code runs at a full one).
Emptied, it lets `holidays.country_holidays("LT")` import `holidays.countries.lithuania` alone; no
country module imports another through the package (the infra tests compare each profile's
calendar with the installed package's).
The files are compiled by the interpreter that packages: Chalice gives the functions the runtime of
that same interpreter (the infra tests hold both equal). They are unchecked-hash .pyc (PEP 552): the
zip keeps timestamps only to two seconds, and a checked file would read its source at each import.
"""

from __future__ import annotations

import importlib.util
import py_compile
import shutil
import tempfile
import zipfile
from pathlib import Path

OWN_SOURCES = ("app.py", "chalicelib/", "chalice/")
REPLACED_SOURCES = {
    "holidays/countries/__init__.py": b'"""Emptied when packaged (infra/compiled.py)."""\n',
}
# Where Lambda unpacks the package: tracebacks name the files as they are there.
TASK_ROOT = "/var/task"
ENTRY_TIME = (1980, 1, 1, 0, 0, 0)  # unchecked files never compare it with anything
READ_ONLY = 0o100644 << 16


def _compiled(source: bytes, name: str, scratch: Path) -> bytes:
    path, target = scratch / "module.py", scratch / "module.pyc"
    path.write_bytes(source)
    py_compile.compile(
        str(path),
        cfile=str(target),
        dfile=f"{TASK_ROOT}/{name}",
        doraise=True,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    return target.read_bytes()


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=ENTRY_TIME)
    entry.external_attr = READ_ONLY
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def compile_package(package: Path) -> None:
    """Rewrites the zip at `package` with every module compiled, as the module docstring says."""
    with tempfile.TemporaryDirectory(prefix="compiled-") as directory:
        scratch = Path(directory)
        rewritten = scratch / "package.zip"
        with zipfile.ZipFile(package) as original, zipfile.ZipFile(rewritten, "w") as output:
            for entry in original.infolist():
                content = original.read(entry)
                if not entry.filename.endswith(".py"):
                    output.writestr(entry, content)
                elif entry.filename.startswith(OWN_SOURCES):
                    output.writestr(entry, content)
                    cached = importlib.util.cache_from_source(entry.filename)
                    output.writestr(_entry(cached), _compiled(content, entry.filename, scratch))
                else:
                    content = REPLACED_SOURCES.get(entry.filename, content)
                    output.writestr(_entry(entry.filename + "c"), _compiled(content, entry.filename, scratch))
        shutil.move(rewritten, package)
