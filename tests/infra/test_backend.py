"""The backend's functions as deployed: today's code, every setting the backend reads, sane timeouts."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import holidays
import pytest
from chalicelib.domain.profiles import PROFILES, get_profile
from holidays.registry import COUNTRIES

from infra.backend import REQUEST_PATH_TIMEOUTS
from infra.compiled import OWN_SOURCES
from infra.stages import Stage
from tests.conftest import BACKEND
from tests.infra.cfn import only, ref, render, resources

API_GATEWAY_TIMEOUT = 29
AUTHORIZER_TIMEOUT = 10


def environment_names_read_by_the_backend() -> set[str]:
    """The variable names chalicelib/settings.py (the one place that reads the environment) mentions."""
    tree = ast.parse((BACKEND / "chalicelib" / "settings.py").read_text())
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isupper() and "_" in node.value
    }


@pytest.fixture
def functions(template_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: f["Properties"] for name, f in resources(template_json, "AWS::Serverless::Function").items()}


def test_every_function_gets_every_setting_the_backend_reads(functions: dict[str, dict[str, Any]]) -> None:
    """No function falls back to a development default in AWS."""
    names = environment_names_read_by_the_backend()
    assert {"TABLE_NAME", "SENDER_EMAIL", "STAFF_JWKS_URL", "HANDLERS_EMAIL"} <= names
    for name, function in functions.items():
        missing = names - set(function["Environment"]["Variables"])
        assert missing == set(), f"{name} lacks {sorted(missing)}"


def test_the_functions_use_the_stages_table_profile_and_limits(
    functions: dict[str, dict[str, Any]], template_json: dict[str, Any], stage: Stage
) -> None:
    """The table of this stack, the stage's policy profile (one the backend knows), its submission limit and
    its handlers' mailbox."""
    table_id, _ = only(template_json, "AWS::DynamoDB::Table")
    get_profile(stage.policy_profile)
    for function in functions.values():
        variables = render(function["Environment"]["Variables"])
        assert variables["TABLE_NAME"] == ref(table_id)
        assert variables["POLICY_PROFILE"] == stage.policy_profile
        assert variables["SUBMISSIONS_PER_HOUR"] == str(stage.submissions_per_hour)
        assert variables["SUBMISSIONS_PER_ADDRESS_PER_DAY"] == str(stage.submissions_per_address_per_day)
        assert variables["HANDLERS_EMAIL"] == stage.handlers_email


def test_functions_on_the_request_path_finish_before_the_gateway_gives_up(
    functions: dict[str, dict[str, Any]],
) -> None:
    """The API handler answers within API Gateway's 29 s, the staff authorizer within its 10 s."""
    assert set(REQUEST_PATH_TIMEOUTS) <= set(functions)
    assert functions["APIHandler"]["Timeout"] < API_GATEWAY_TIMEOUT
    assert functions["StaffToken"]["Timeout"] < AUTHORIZER_TIMEOUT


def test_the_deployment_package_is_todays_backend_without_boto3(
    cloud_assembly: Path, functions: dict[str, dict[str, Any]]
) -> None:
    """The zip every function runs holds the current app.py and chalicelib, and leaves boto3 to Lambda."""
    keys = {function["CodeUri"]["Key"] for function in functions.values()}
    assert len(keys) == 1
    with zipfile.ZipFile(cloud_assembly / f"asset.{keys.pop()}") as package:
        names = set(package.namelist())
        assert package.read("app.py") == (BACKEND / "app.py").read_bytes()
        assert package.read("chalicelib/settings.py") == (BACKEND / "chalicelib" / "settings.py").read_bytes()
    assert not any(name.startswith(("boto3/", "botocore/")) for name in names)
    assert "chalicelib/config/firm.toml" in names


def test_the_package_carries_each_module_compiled_for_the_functions_runtime(
    cloud_assembly: Path, functions: dict[str, dict[str, Any]]
) -> None:
    """Lambda's /var/task is read-only: a module without its .pyc is compiled again on every cold start.
    Our modules keep their source beside an unchecked-hash .pyc (PEP 552) for the Python the functions
    run; a dependency's module is its .pyc alone."""
    runtime = f"python{sys.version_info.major}.{sys.version_info.minor}"
    assert {function["Runtime"] for function in functions.values()} == {runtime}
    key = functions["APIHandler"]["CodeUri"]["Key"]
    with zipfile.ZipFile(cloud_assembly / f"asset.{key}") as package:
        names = set(package.namelist())
        sources = {name for name in names if name.endswith(".py")}
        assert sources == {name for name in sources if name.startswith(OWN_SOURCES)} != set()
        for source in sources:
            assert importlib.util.cache_from_source(source) in names, f"{source} is not compiled"
        assert "holidays/countries/lithuania.pyc" in names and "jinja2/environment.pyc" in names
        ours, theirs = importlib.util.cache_from_source("app.py"), "holidays/utils.pyc"
        headers = [package.read(name)[:8] for name in (ours, theirs)]
    for header in headers:
        assert header[:4] == importlib.util.MAGIC_NUMBER
        assert int.from_bytes(header[4:8], "little") == 0b01  # hash-based, not checked against a source


def unpack(cloud_assembly: Path, functions: dict[str, dict[str, Any]], directory: Path) -> None:
    """The functions' package, unpacked as Lambda unpacks it."""
    key = functions["APIHandler"]["CodeUri"]["Key"]
    with zipfile.ZipFile(cloud_assembly / f"asset.{key}") as package:
        package.extractall(directory)


def run_in(directory: Path, program: str) -> subprocess.CompletedProcess[str]:
    """`program` run by this interpreter from the unpacked package, which it never writes to."""
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=directory,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TABLE_NAME": "complaints"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_the_handler_imports_and_counts_deadlines_from_its_compiled_modules(
    cloud_assembly: Path, functions: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    """Unpacked as Lambda unpacks it, the handler runs the compiled files: with app.py's source replaced
    by a line that fails, the import still succeeds, and the holiday calendars load from the package."""
    unpack(cloud_assembly, functions, tmp_path)
    (tmp_path / "app.py").write_text("raise SystemExit('compiled at import')\n")
    program = (
        "import app, holidays; from datetime import date\n"
        "assert date(2026, 2, 16) in holidays.country_holidays('LT')\n"
        "print(holidays.__file__)\n"
    )
    result = run_in(tmp_path, program)
    assert result.stdout.strip() == str(tmp_path / "holidays" / "__init__.pyc")


def test_a_profiles_calendar_loads_its_country_alone_and_is_the_installed_holidays(
    cloud_assembly: Path, functions: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    """The first deadline after a cold start imports its own country's module, not all 250
    (infra/compiled.py), and each profile's calendar from the package is the installed `holidays`'."""
    unpack(cloud_assembly, functions, tmp_path)
    countries = sorted({profile.country for profile in PROFILES.values()})
    program = (
        "import json, sys\n"
        "from datetime import date\n"
        "from chalicelib.domain.deadlines import is_business_day\n"
        f"is_business_day(date(2026, 12, 24), {countries[0]!r})\n"
        "loaded = sorted(name for name in sys.modules if name.startswith('holidays.countries'))\n"
        "import holidays\n"
        "YEARS = [2026, 2027]\n"
        f"calendars = {{c: sorted(map(str, holidays.country_holidays(c, years=YEARS))) for c in {countries!r}}}\n"
        "print(json.dumps({'loaded': loaded, 'calendars': calendars}))\n"
    )
    result = run_in(tmp_path, program)
    found = json.loads(result.stdout)
    module = next(name for name, codes in COUNTRIES.items() if countries[0] in codes)
    assert found["loaded"] == ["holidays.countries", f"holidays.countries.{module}"]
    installed = {c: sorted(map(str, holidays.country_holidays(c, years=[2026, 2027]))) for c in countries}
    assert found["calendars"] == installed and all(installed.values())
