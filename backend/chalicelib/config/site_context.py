"""Everything the site shows that the backend also uses: firm, deadlines, categories, remedies,
field labels, error messages and validation limits. The MkDocs hooks read this, so a change to
config/firm.toml, the policy profile or a catalogue changes the guide and the form too."""

from __future__ import annotations

import re
from typing import Any

from .. import i18n, settings
from ..domain import attachments
from ..domain.complaint import LANGUAGES
from ..domain.profiles import PolicyProfile
from ..domain.schedule import URGENT_CATEGORY
from ..domain.validation import EARLIEST_INCIDENT, JS_PATTERNS, MAX_LENGTH, MAX_LIST_ITEMS, MIN_DESCRIPTION
from ..emails.render import remedy_entries


def tel_link(phone: str) -> str:
    """`+370 5 200 0999` → `tel:+37052000999`: a link that phones can dial."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def _period(language: str, period: Any) -> str | None:
    return i18n.period_text(language, period) if period else None


def _service_periods(language: str, profile: PolicyProfile) -> dict[str, str | None]:
    """bank-it: payment services (15 / 35 business days) and other banking services (60 days)."""
    if not profile.by_service:
        return {"respond_payments": None, "respond_payments_extended": None, "respond_banking": None}
    return {
        "respond_payments": _period(language, profile.respond_period("consumer", None, "payments")),
        "respond_payments_extended": _period(language, profile.extended_period("consumer", None, "payments")),
        "respond_banking": _period(language, profile.respond_period("consumer", None, "banking")),
    }


def policy_context(language: str) -> dict[str, Any]:
    profile = settings.portal_config().profile
    firm = settings.portal_config().firm
    remedies = remedy_entries(language, firm, profile)
    respond = profile.respond
    graded = profile.graded_by_complexity
    return {
        "profile": profile.name,
        "country": profile.country,
        "time_zone": profile.time_zone,
        "acknowledge": _period(language, profile.acknowledge),
        "respond": _period(language, profile.respond_period("consumer", "simple")),
        "graded": graded,
        "respond_complex": _period(language, respond.get("complex")) if graded else None,
        "respond_exceptional": _period(language, respond.get("exceptional")) if graded else None,
        # A holding reply's cap for an ungraded profile; bank-fr's applies to its exceptional tier only.
        "respond_extended": None if profile.by_service else _period(language, profile.extended_period("consumer")),
        "respond_exceptional_extended": _period(language, profile.extended_period("consumer", "exceptional"))
        if graded
        else None,
        "by_service": profile.by_service,
        **_service_periods(language, profile),
        "respond_business": _period(language, profile.respond_period("business", "simple")),
        "business_differs": profile.respond_period("business", None) != profile.respond_period("consumer", None),
        "urgent_investigation": _period(language, profile.urgent_investigation),
        # The letters' own list: the ADR route carries its body's name, postal address and website.
        "remedies": remedies,
        "adr": next((r for r in remedies if r["kind"] == "adr"), None),
        "adr_body": next((r["body"] for r in remedies if r["kind"] == "adr"), None),  # in the page's language
    }


# The currencies the form offers (as a list to pick from, euro first): the EU's and its neighbours',
# the dollar, and the crypto-assets that exchange profiles deal in. Each is a code the API accepts
# (domain/validation.py CURRENCY_PATTERN, which tests/unit/test_site_context.py holds them to).
CURRENCIES = (
    *("EUR", "BGN", "CZK", "DKK", "HUF", "PLN", "RON", "SEK", "CHF", "GBP", "NOK", "ISK", "USD"),
    *("BTC", "ETH", "USDC", "USDT"),
)


# The short names customers know file types by, the same in every language.
FORMAT_NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "text/plain": "TXT"}


def file_rules() -> dict[str, Any]:
    """What files the form and the track page accept, as the API checks them."""
    mebibyte = 1024 * 1024
    return {
        "max_files": attachments.MAX_FILES,
        "max_file_bytes": attachments.MAX_FILE_BYTES,
        "max_total_bytes": attachments.MAX_TOTAL_BYTES,
        "max_file_mb": attachments.MAX_FILE_BYTES // mebibyte,
        "max_total_mb": attachments.MAX_TOTAL_BYTES // mebibyte,
        "types": list(attachments.ALLOWED_TYPES),
        "formats": ", ".join(FORMAT_NAMES[media_type] for media_type in attachments.ALLOWED_TYPES),
    }


def site_context(language: str) -> dict[str, Any]:
    config = settings.portal_config()
    texts = i18n.catalogue(language)
    return {
        "language": language,
        "languages": LANGUAGES,
        "firm": config.firm,
        "urgent_category": URGENT_CATEGORY,
        "urgent_tel": tel_link(config.firm.urgent_phone),
        "policy": policy_context(language),
        "categories": [
            {
                "code": code,
                "label": i18n.category_label(language, code, config.firm.extra_categories),
                "hint": texts["categories"].get(code, {}).get("hint", ""),
            }
            for code in config.categories
        ],
        "customer_types": texts["customer_types"],
        "statuses": texts["statuses"],
        "fields": texts["fields"],
        "errors": texts["errors"],
        "rules": {
            "max_length": MAX_LENGTH,
            "min_description": MIN_DESCRIPTION,
            "max_list_items": MAX_LIST_ITEMS,
            "max_body_bytes": settings.MAX_BODY_BYTES,
            "earliest_incident": EARLIEST_INCIDENT.isoformat(),
            "patterns": JS_PATTERNS,
        },
        "files": file_rules(),
        "attachment_statuses": texts["attachment_statuses"],
        "attachment_refusals": texts["attachment_refusals"],
        "outcomes": texts["outcomes"],
        "currencies": CURRENCIES,
        # The zone every date on the site is in, as its people name it ("heure de Vilnius").
        "time_zone_name": i18n.time_zone_name(language, config.profile.time_zone),
        "brand": config.firm.brand,
    }
