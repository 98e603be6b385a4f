"""MkDocs hook: the handlers' console (console/ at the repository root) copied into the built site at
staff/, beside a config.json it reads at start: the API's address, how staff sign in, and the
backend catalogues' words for statuses, categories, outcomes and the actions' choices, in en/fr/it.

Copied after the build, the console is no page of the guide: outside its navigation, search index
and sitemap. robots.txt asks crawlers to keep out; the page itself says noindex. design/console.md.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from chalicelib import i18n, settings
from chalicelib.domain.complaint import LANGUAGES, OUTCOMES
from chalicelib.domain.handling import AUTHORITIES, ESCALATION_TARGETS, INFORMATION_ITEMS, SEVERITIES
from chalicelib.domain.lifecycle import ALL_OPEN
from chalicelib.domain.profiles import COMPLEXITIES, SERVICES
from mkdocs.exceptions import PluginError

# Beside mkdocs.yml; a copy of the site's sources alone (tests/site) uses the backend's repository's.
BACKEND_ROOT = Path(i18n.__file__).resolve().parents[3]
TARGET = "staff"
ROBOTS_RULE = "User-agent: *\nDisallow: /staff/\n"
# How staff sign in: "development" only where devstack builds the site (never in a deploy);
# otherwise the Cognito hosted UI named by the deploy (infra/staff.py), or nothing at all.
SIGN_IN = "CONSOLE_SIGN_IN"
COGNITO_DOMAIN = "STAFF_SIGN_IN_DOMAIN"
COGNITO_CLIENT = "STAFF_CONSOLE_CLIENT_ID"


def _labels(language: str) -> dict[str, Any]:
    catalogue = i18n.catalogue(language)
    profile = settings.portal_config().profile
    return {
        "statuses": dict(catalogue["statuses"]),
        "categories": {code: entry["label"] for code, entry in catalogue["categories"].items()},
        "outcomes": dict(catalogue["outcomes"]),
        "escalation_targets": dict(catalogue["escalation_targets"]),
        "information_items": dict(catalogue["information_items"]),
        "remedies": {remedy.code: catalogue["remedies"][remedy.code]["name"] for remedy in profile.remedies},
    }


def sign_in() -> dict[str, str]:
    if os.environ.get(SIGN_IN) == "development":
        return {"kind": "development"}
    domain, client = os.environ.get(COGNITO_DOMAIN, ""), os.environ.get(COGNITO_CLIENT, "")
    if domain and client:
        return {"kind": "cognito", "domain": domain.rstrip("/"), "client_id": client}
    return {"kind": "none"}


def console_config(api_base: str) -> dict[str, Any]:
    return {
        "api": api_base.rstrip("/"),
        "sign_in": sign_in(),
        "idle_minutes": 15,
        "languages": list(LANGUAGES),
        "open_statuses": sorted(ALL_OPEN),
        "choices": {
            "severity": list(SEVERITIES),
            "complexity": list(COMPLEXITIES),
            "authority": list(AUTHORITIES),
            "service": list(SERVICES),
            "outcome": list(OUTCOMES),
            "target": list(ESCALATION_TARGETS),
            "items": list(INFORMATION_ITEMS),
        },
        "labels": {language: _labels(language) for language in LANGUAGES},
    }


def console_source(config_file: str | None) -> Path:
    beside = Path(config_file).resolve().parent / "console" if config_file else None
    for source in (beside, BACKEND_ROOT / "console"):
        if source and (source / "index.html").exists():
            return source
    raise PluginError("console/index.html is missing: the handlers' console cannot be built")


def on_post_build(config: Any, **kwargs: Any) -> None:
    target = Path(config["site_dir"]) / TARGET
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(console_source(config.get("config_file_path")), target)
    (target / "config.json").write_text(json.dumps(console_config(config["extra"]["api_base"]), ensure_ascii=False))
    robots = Path(config["site_dir"]) / "robots.txt"
    existing = robots.read_text(encoding="utf-8") if robots.exists() else ""
    if "Disallow: /staff/" not in existing:
        robots.write_text(existing + ("\n" if existing and not existing.endswith("\n") else "") + ROBOTS_RULE)
