"""The privacy notice (GDPR Articles 9, 13 and 14): the firm's retention period, a basis for health data,
what we hold when a representative complains, the lead supervisory authority and where data is processed.

The default site is firm.toml's (Lithuania, five years, Dublin); the other firm's is French, keeps
records seven years and runs in Frankfurt (conftest.OTHER_FIRM)."""

from __future__ import annotations

import re

import pytest

from tests.site.built_site import LANGUAGES, PAGES, BuiltSite, section

# The retention period as each language writes it: firm.toml's five years, the other firm's seven.
FIVE_YEARS = {"en": "5 years", "fr": "5 ans", "it": "5 anni"}
SEVEN_YEARS = {"en": "7 years", "fr": "7 ans", "it": "7 anni"}
FIVE_IN_WORDS = re.compile(r"\b(five|cinq|cinque|5)\s+(years|ans|anni)\b", re.IGNORECASE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_retention_period_is_the_firms_setting(site: BuiltSite, other_firm_site: BuiltSite, language: str) -> None:
    """The notice states firm.toml's `retention_years`, and another value when the firm sets another."""
    assert FIVE_YEARS[language] in section(site.page(language, "privacy"), "retention")
    assert SEVEN_YEARS[language] in section(other_firm_site.page(language, "privacy"), "retention")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_keeps_a_typed_retention_period(other_firm_site: BuiltSite, language: str) -> None:
    """With seven years set, no page in any language still says five: every mention is the placeholder."""
    for page in PAGES:
        text = other_firm_site.page(language, page).find("article").text
        assert not FIVE_IN_WORDS.search(text), (page, FIVE_IN_WORDS.search(text))


# GDPR Article 9(2)(f) as each language cites it, and the words that tell customers to hold back.
HEALTH = {
    "en": ("9(2)(f)", "only if"),
    "fr": ("9(2)(f)", "que si"),
    "it": ("9(2)(f)", "solo se"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_health_data_has_an_article_9_basis_and_customers_are_told_to_share_it_only_if_needed(
    site: BuiltSite, language: str
) -> None:
    """Health is a special category: the notice names its Article 9(2) basis and asks for restraint."""
    text = section(site.page(language, "privacy"), "health")
    basis, restraint = HEALTH[language]
    assert basis in text and restraint in text


# Article 14: the source and the categories of data a representative gives us about the customer.
REPRESENTATIVE = {
    "en": ("Article 14", "representative", "first letter"),
    "fr": ("article 14", "représentant", "premier courrier"),
    "it": ("articolo 14", "rappresentante", "prima lettera"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_a_representative_gives_about_the_customer_is_explained_to_the_customer(
    site: BuiltSite, language: str
) -> None:
    """Where the data comes from, what it covers, and when the customer hears of it (GDPR Art 14)."""
    text = section(site.page(language, "privacy"), "from-representative")
    assert all(words in text for words in REPRESENTATIVE[language]), text


# The lead supervisory authority of the profile's country: Lithuania by default, France for the other firm.
AUTHORITIES = {
    "site": ("vdai.lrv.lt", "Valstybinė duomenų apsaugos inspekcija"),
    "other_firm_site": ("www.cnil.fr", "CNIL"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("firm", sorted(AUTHORITIES))
def test_the_lead_supervisory_authority_is_the_one_of_the_firms_country(
    request: pytest.FixtureRequest, firm: str, language: str
) -> None:
    """The notice names the data protection authority that leads for the firm, with a link to it."""
    built: BuiltSite = request.getfixturevalue(firm)
    page = built.page(language, "privacy")
    website, name = AUTHORITIES[firm]
    assert name in section(page, "authority")
    assert any(website in link.attrs.get("href", "") for link in page.find("article").find_all("a"))


# The AWS region and its place, in each language: firm.toml's Dublin, the other firm's Frankfurt.
PLACES = {
    "site": {"en": ("eu-west-1", "Dublin", "Ireland"), "fr": ("eu-west-1", "Dublin", "Irlande"),
             "it": ("eu-west-1", "Dublino", "Irlanda")},
    "other_firm_site": {"en": ("eu-central-1", "Frankfurt", "Germany"),
                        "fr": ("eu-central-1", "Francfort", "Allemagne"),
                        "it": ("eu-central-1", "Francoforte", "Germania")},
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("firm", sorted(PLACES))
def test_the_notice_says_where_the_data_is_processed(request: pytest.FixtureRequest, firm: str, language: str) -> None:
    """The region the stages deploy to (firm.toml's aws_region), with its city and country in words."""
    built: BuiltSite = request.getfixturevalue(firm)
    text = section(built.page(language, "privacy"), "transfers")
    assert all(words in text for words in PLACES[firm][language]), text
