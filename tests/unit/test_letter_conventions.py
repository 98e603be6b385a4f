"""Letters follow their reader's conventions: time zones, countries and amounts as each language
writes them, the footer translated, the regulator linked, the firm's logo from its own site
(issue 12, "The emails")."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import pytest
from chalicelib import i18n
from chalicelib.config.firm import load_firm
from chalicelib.domain import handling
from chalicelib.domain.complaint import LANGUAGES
from chalicelib.domain.profiles import get_profile
from chalicelib.emails import acknowledgement, handler_letter
from chalicelib.emails.render import money_text

from tests.support import new_complaint

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
FIRM = load_firm()
DOCS = Path(__file__).resolve().parents[2] / "docs"
NNBSP = "\u202f"


def acknowledged(language: str, profile: str = "payments-lt", **changes: object):  # type: ignore[no-untyped-def]
    message = acknowledgement(new_complaint(profile, language=language, **changes), "TOKEN", FIRM, get_profile(profile))
    return message.text, html.unescape(message.html)


@pytest.mark.parametrize(
    ("language", "profile", "zone"),
    [
        ("en", "payments-lt", "Vilnius time"),
        ("fr", "payments-lt", "heure de Vilnius"),
        ("it", "payments-lt", "ora di Vilnius"),
        ("fr", "bank-fr", "heure de Paris"),
        ("it", "bank-it", "ora italiana"),
        ("it", "exchange-eu", "ora di Dublino"),
    ],
)
def test_a_time_is_followed_by_the_zone_as_its_people_name_it(language: str, profile: str, zone: str) -> None:
    """ "heure de Vilnius", never "heure de Europe/Vilnius": the database's name is not a reader's."""
    for text in acknowledged(language, profile):
        assert f"({zone})" in text
        assert "Europe/" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_zone_of_every_profile_has_a_name_in_every_language(language: str) -> None:
    """A new profile's zone cannot reach a letter unnamed."""
    from chalicelib.domain.profiles import PROFILES

    for profile in PROFILES.values():
        assert i18n.time_zone_name(language, profile.time_zone) != profile.time_zone


@pytest.mark.parametrize(("language", "name"), [("en", "France"), ("fr", "France"), ("it", "Francia")])
def test_the_country_is_named_in_the_letter_language(language: str, name: str) -> None:
    """The copy of the complaint says "Francia", not "FR"."""
    text, page = acknowledged(language, country="FR")
    label = i18n.field_label(language, "country")
    for body in (text, page):
        assert name in body
    assert f"{label}\u00a0: {name}" in text if language == "fr" else f"{label}: {name}" in text


@pytest.mark.parametrize(
    ("language", "value", "currency", "expected"),
    [
        ("en", "9.90", "EUR", "€9.90"),
        ("fr", "9.90", "EUR", f"9,90{NNBSP}€"),
        ("it", "9.90", "EUR", "9,90 €"),
        ("en", "1250.00", "EUR", "€1,250.00"),
        ("fr", "1250.00", "EUR", f"1{NNBSP}250,00{NNBSP}€"),
        ("it", "1250.00", "EUR", "1.250,00 €"),
        ("en", "40", "USD", "USD 40"),
        ("fr", "40.5", "USD", f"40,5{NNBSP}USD"),
        ("it", "40.50", "CHF", "40,50 CHF"),
    ],
)
def test_an_amount_is_written_as_the_language_writes_money(
    language: str, value: str, currency: str, expected: str
) -> None:
    """Decimal comma and the euro sign after the number in French and Italian; €9.90 in English."""
    assert money_text(language, value, currency) == expected


@pytest.mark.parametrize(("language", "expected"), [("en", "€250.00"), ("fr", f"250,00{NNBSP}€"), ("it", "250,00 €")])
def test_the_disputed_amount_in_the_copy_is_written_that_way(language: str, expected: str) -> None:
    """Not "250.00 EUR" in a French letter."""
    for text in acknowledged(language):
        assert expected in text
        assert "250.00 EUR" not in text


@pytest.mark.parametrize("language", ["fr", "it"])
def test_the_footer_and_contacts_are_in_the_letter_language(language: str) -> None:
    """The licence line and the postal address have French and Italian versions, English as fallback."""
    text, page = acknowledged(language)
    assert FIRM.supervisor_in(language) in page
    for body in (text, page):
        assert FIRM.postal_address_in(language) in body
        assert FIRM.supervisor not in body
        assert FIRM.postal_address not in body


def test_the_firm_keeps_its_english_footer_for_code_that_reads_the_plain_fields() -> None:
    """firm.supervisor and firm.postal_address are still the English strings; a missing language falls back."""
    assert FIRM.supervisor == FIRM.supervisor_in("en")
    assert FIRM.postal_address == FIRM.postal_address_in("en")
    assert FIRM.postal_address_in("de") == FIRM.postal_address
    assert FIRM.supervisor_in("fr") != FIRM.supervisor


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_adr_body_is_named_in_the_letter_language(language: str) -> None:
    """The ombudsman's name and country are the reader's, with the official name kept where it differs."""
    rules = get_profile("exchange-eu")
    for text in acknowledged(language, "exchange-eu"):
        assert FIRM.adr_body(rules).name_in(language) in text  # type: ignore[union-attr]
        assert FIRM.adr_body(rules).postal_address_in(language) in text  # type: ignore[union-attr]
    if language != "en":
        assert "Ireland" not in acknowledged(language, "exchange-eu")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_regulator_is_a_link_in_html_letters(language: str) -> None:
    """The regulator's website is clickable, not plain text."""
    message = acknowledgement(new_complaint(language=language), "TOKEN", FIRM, get_profile("payments-lt"))
    assert '<a href="https://www.lb.lt"' in message.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_letters_show_the_firm_logo_from_the_site_origin(language: str) -> None:
    """An <img> on the firm's own site (no third-party host), with the firm's name as alt text."""
    complaint = handling.start_investigation(new_complaint(language=language), "alice", NOW).complaint
    change = handling.request_information(complaint, "alice", NOW, ["screenshots"], None)
    letters = [
        acknowledgement(new_complaint(language=language), "TOKEN", FIRM, get_profile("payments-lt")),
        handler_letter(
            "information_request", change.complaint, FIRM, get_profile("payments-lt"), change.letter_details
        ),
    ]
    assert FIRM.logo
    for message in letters:
        assert f'<img src="{FIRM.site_url}/{FIRM.logo}" alt="{FIRM.name}"' in message.html


def test_the_logo_is_a_file_the_site_publishes() -> None:
    """firm.toml's logo is a path under docs/, so the site serves it at the letters' address."""
    assert FIRM.logo
    assert (DOCS / FIRM.logo).is_file()


@pytest.mark.parametrize(("name", "expected"), [("Aurora Pay", "d’Aurora Pay"), ("Banque Nord", "de Banque Nord")])
def test_a_firm_name_after_de_is_elided_before_a_vowel(name: str, expected: str) -> None:
    """French: "l'équipe réclamations d'Aurora Pay", never "de Aurora Pay"."""
    from dataclasses import replace

    assert replace(FIRM, name=name).de_name() == expected


def test_french_letters_elide_de_before_the_firm_name_and_a_year() -> None:
    """ "d'Aurora Pay" in the signature; "dans un délai d'un an" in the remedies."""
    text, page = acknowledged("fr")
    for body in (text, page):
        assert "d'Aurora Pay" in body
        assert "de Aurora" not in body
        assert "de un an" not in body
    assert "d'un an" in i18n.time_limit_text("fr", get_profile("bank-it").remedies[1].time_limit)
