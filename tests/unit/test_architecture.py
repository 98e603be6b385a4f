"""The domain stays pure: the standard library and `holidays` only (design/layout.md)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "backend" / "chalicelib" / "domain"
ALLOWED_THIRD_PARTY = {"holidays"}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_import_only_the_standard_library_and_holidays() -> None:
    """No boto3, chalice, jinja2 or project adapter can creep into the domain."""
    offenders = {
        path.name: sorted(
            root
            for root in imported_roots(path)
            if root not in sys.stdlib_module_names and root not in ALLOWED_THIRD_PARTY
        )
        for path in DOMAIN.glob("*.py")
    }
    assert {name: roots for name, roots in offenders.items() if roots} == {}


def test_domain_modules_read_no_environment_and_no_clock() -> None:
    """The clock is passed in and configuration comes from settings, never from inside the domain."""
    forbidden = ("os.environ", "getenv", "datetime.now", "date.today", "utcnow", "time.time")
    found = {path.name: [word for word in forbidden if word in path.read_text()] for path in DOMAIN.glob("*.py")}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_lambda_handler_loads_no_heavy_library_until_a_request_needs_it() -> None:
    """Cold start: holidays (every country's calendar), PyJWT and cryptography (staff tokens only) and
    Jinja2 (letters only) are imported by the code that uses them, not by `import app` (issue 13)."""
    backend = Path(__file__).resolve().parents[2] / "backend"
    heavy = ("holidays", "jwt", "cryptography", "jinja2")
    probe = f"import app, sys; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=backend, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_a_customers_cold_start_loads_nothing_only_staff_requests_and_schedules_need() -> None:
    """The queues, the register, the action parsers, the token checks and the jobs load with the first
    request or schedule that needs them; every one of them still imports (design/performance.md)."""
    backend = Path(__file__).resolve().parents[2] / "backend"
    staff_only = (
        "chalicelib.services.oversight",
        "chalicelib.services.register",
        "chalicelib.services.jobs",
        "chalicelib.api.actions",
        "chalicelib.api.tokens",
        "chalicelib.adapters.cognito",
        "statistics",
    )
    probe = (
        f"import app, sys, importlib; print(','.join(m for m in {staff_only!r} if m in sys.modules))\n"
        f"for module in {staff_only!r}: importlib.import_module(module)\n"
    )
    environment = {**os.environ, "TABLE_NAME": "complaints"}
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=backend, capture_output=True, text=True, check=True, env=environment
    ).stdout.strip()
    assert loaded == ""
