"""The console as the build ships it (overrides/hooks/console.py): copied to staff/ with its
config, kept out of crawlers' way, signing in the way its environment says, with every word it
shows in en, fr and it, and nothing inline or from another site (the site's CSP allows neither)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT

CONSOLE = ROOT / "console"


def hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("console_hook", ROOT / "overrides" / "hooks" / "console.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def built(tmp_path: Path) -> Path:
    hook().on_post_build({"site_dir": str(tmp_path), "extra": {"api_base": "https://api.example/"}})
    return tmp_path


def keys(texts: dict[str, Any], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for key, value in texts.items():
        found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


@pytest.fixture(autouse=True)
def no_sign_in_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONSOLE_SIGN_IN", "STAFF_SIGN_IN_DOMAIN", "STAFF_CONSOLE_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)


def test_the_build_copies_the_console_to_staff_with_its_config(tmp_path: Path) -> None:
    site = built(tmp_path)
    assert (site / "staff" / "index.html").read_text() == (CONSOLE / "index.html").read_text()
    config = json.loads((site / "staff" / "config.json").read_text())
    assert config["api"] == "https://api.example"
    assert (
        config["labels"]["fr"]["statuses"]["awaiting_approval"]
        != config["labels"]["en"]["statuses"]["awaiting_approval"]
    )
    assert set(config["labels"]) == {"en", "fr", "it"}


def test_crawlers_are_asked_to_keep_out(tmp_path: Path) -> None:
    (tmp_path / "robots.txt").write_text("User-agent: *\nAllow: /")
    site = built(tmp_path)
    assert "Disallow: /staff/" in (site / "robots.txt").read_text()
    assert (site / "robots.txt").read_text().startswith("User-agent: *\nAllow: /\n")
    assert '<meta name="robots" content="noindex, nofollow">' in (CONSOLE / "index.html").read_text()


def test_a_build_outside_the_local_stack_offers_no_development_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert json.loads((built(tmp_path) / "staff" / "config.json").read_text())["sign_in"] == {"kind": "none"}
    monkeypatch.setenv("STAFF_SIGN_IN_DOMAIN", "https://staff.auth.eu-west-1.amazoncognito.com/")
    monkeypatch.setenv("STAFF_CONSOLE_CLIENT_ID", "abc123")
    assert hook().sign_in() == {
        "kind": "cognito",
        "domain": "https://staff.auth.eu-west-1.amazoncognito.com",
        "client_id": "abc123",
    }
    monkeypatch.setenv("CONSOLE_SIGN_IN", "development")
    assert hook().sign_in() == {"kind": "development"}


def test_every_language_has_every_word_the_console_uses() -> None:
    english = json.loads((CONSOLE / "words" / "en.json").read_text())
    for language in ("fr", "it"):
        assert keys(json.loads((CONSOLE / "words" / f"{language}.json").read_text())) == keys(english), language
    scripts = "\n".join(path.read_text() for path in CONSOLE.rglob("*.js"))
    used = set(re.findall(r"""\bt\(["']([a-z_.]+)["']""", scripts))
    assert used and used <= keys(english), used - keys(english)


def test_nothing_runs_inline_and_nothing_comes_from_another_site() -> None:
    page = (CONSOLE / "index.html").read_text()
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert not re.search(r"\sstyle=|<style", page)
    for path in CONSOLE.rglob("*"):
        if path.suffix in (".js", ".css", ".html"):
            text = path.read_text()
            assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), path
            assert "innerHTML" not in text and "localStorage." not in text, path  # tokens stay in memory


def event_kinds() -> set[str]:
    """Every kind of event the backend writes into a complaint's history: each transition's name,
    and the kinds that `record(...)` and `Event(kind=...)` name in chalicelib."""
    import ast

    from chalicelib.domain.lifecycle import TRANSITIONS

    found = set(TRANSITIONS)
    for path in (ROOT / "backend" / "chalicelib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "record" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
            if name == "Event":
                kinds = (kw.value for kw in node.keywords if kw.arg == "kind")
                found |= {kind.value for kind in kinds if isinstance(kind, ast.Constant)}
    return found


@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_the_history_names_every_event_in_words(language: str) -> None:
    """A file's history shows what happened in words, never an event's code (console/views/file.js)."""
    words = json.loads((CONSOLE / "words" / f"{language}.json").read_text())
    kinds = event_kinds()
    assert {"received", "legal_hold_placed", "send_final_response"} <= kinds
    assert sorted(kinds - set(words["events"])) == []


@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_the_history_names_the_customer_and_the_system_in_words(language: str) -> None:
    """Events by the customer or by the portal itself show who in the reader's language; a handler's
    own user name shows as it is."""
    from chalicelib.domain.events import CUSTOMER, SYSTEM

    words = json.loads((CONSOLE / "words" / f"{language}.json").read_text())
    assert {CUSTOMER, SYSTEM} <= set(words["actors"])


def letter_kinds() -> set[str]:
    """Every kind of letter the backend stores in a complaint's outbox: the `letter=` a handling step's
    Change names, and the kind `letter_of(...)` is given."""
    import ast

    found: set[str] = set()
    for path in (ROOT / "backend" / "chalicelib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "Change":
                letters = (kw.value for kw in node.keywords if kw.arg == "letter")
                found |= {letter.value for letter in letters if isinstance(letter, ast.Constant) and letter.value}
            if name == "letter_of" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
    return found


@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_the_file_names_every_letter_in_words(language: str) -> None:
    words = json.loads((CONSOLE / "words" / f"{language}.json").read_text())
    kinds = letter_kinds()
    assert {"information_request", "final_response", "representative_notice"} <= kinds
    assert sorted(kinds - set(words["letters"])) == []
