"""What the site reads from the backend for issue 12: currencies the API accepts, the time zone's
name in the reader's language, the firm's brand."""

from __future__ import annotations

import pytest
from chalicelib.config.site_context import CURRENCIES, site_context
from chalicelib.domain.firm import Brand
from chalicelib.domain.validation import CURRENCY_PATTERN


def test_every_currency_the_form_offers_is_one_the_api_accepts() -> None:
    assert CURRENCIES[0] == "EUR" and len(set(CURRENCIES)) == len(CURRENCIES)
    assert [code for code in CURRENCIES if not CURRENCY_PATTERN.match(code)] == []


@pytest.mark.parametrize(
    ("language", "zone"), [("en", "Vilnius time"), ("fr", "heure de Vilnius"), ("it", "ora di Vilnius")]
)
def test_the_site_names_the_firms_time_zone_as_its_readers_do(language: str, zone: str) -> None:
    context = site_context(language)
    assert context["time_zone_name"] == zone and context["currencies"] == CURRENCIES


def test_a_brand_colour_must_be_written_as_hex() -> None:
    with pytest.raises(ValueError, match="primary"):
        Brand(primary="navy")
