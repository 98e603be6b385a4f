"""Deadlines and remedies on the pages are the policy profile's, read from the backend's configuration.

The site is built under three profiles with different rules; the pages must follow each one.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.site.built_site import LANGUAGES, BuiltSite, build, expected_context

# 15/35 business days and the Bank of Lithuania; 5/15/15 (30 after a holding reply) and a mediator;
# 15/35 business days for payments, 60 calendar days otherwise, and the ABF.
PROFILES = ["payments-lt", "bank-fr", "bank-it"]
PAGES_WITH_DEADLINES = ["what-happens-next", "policy"]


@pytest.fixture(scope="module", params=PROFILES)
def profile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuiltSite]:
    """The site built with POLICY_PROFILE set to each profile in turn."""
    profile: str = request.param
    return profile, build(tmp_path_factory.mktemp(profile), POLICY_PROFILE=profile)


def expected_periods(policy: dict[str, Any]) -> list[str]:
    """Every deadline a customer may meet under the profile, in the backend's own words."""
    if policy["by_service"]:
        keys = ["acknowledge", "urgent_investigation", "respond_payments", "respond_payments_extended"]
        return [policy[key] for key in [*keys, "respond_banking"] if policy[key]]
    keys = ["acknowledge", "urgent_investigation", "respond", "respond_complex", "respond_exceptional"]
    keys += ["respond_exceptional_extended", "respond_extended"]
    keys += ["respond_business" if policy["business_differs"] else ""]
    return [policy[key] for key in keys if key and policy[key]]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES_WITH_DEADLINES)
def test_the_deadlines_table_shows_the_profiles_deadlines(
    profile_site: tuple[str, BuiltSite], language: str, page: str
) -> None:
    """Each row of the deadlines table states one of the profile's periods, and each period has a row."""
    profile, site = profile_site
    expected = expected_periods(expected_context(language, profile)["policy"])
    table = site.page(language, page).find("div", class_="deadlines")
    periods = [row.find_all("td")[1].text for row in table.find_all("tr") if row.find_all("td")]
    assert len(periods) == len(expected)
    assert all(any(period in cell for cell in periods) for period in expected), (periods, expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_routes_after_a_refusal_are_the_profiles_remedies(
    profile_site: tuple[str, BuiltSite], language: str
) -> None:
    """The page for customers who disagree lists the profile's remedies, in order, with their time limits."""
    profile, site = profile_site
    remedies = expected_context(language, profile)["policy"]["remedies"]
    items = site.page(language, "if-you-disagree").find("div", class_="remedies").find_all("li")
    assert [item.find("strong").text for item in items] == [remedy["name"] for remedy in remedies]
    for item, remedy in zip(items, remedies, strict=True):
        assert remedy["limit"] in item.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_adr_body_is_named_with_its_postal_address_and_website(
    profile_site: tuple[str, BuiltSite], language: str
) -> None:
    """CMF L316-1, Code de la consommation L612-1 ff.: the mediator's name and contact details, from firm.toml."""
    profile, site = profile_site
    body = expected_context(language, profile)["policy"]["adr_body"]
    remedies = site.page(language, "if-you-disagree").find("div", class_="remedies").text
    for part in (body.name, body.postal_address, body.website):
        assert part in remedies


def test_the_profiles_give_different_pages() -> None:
    """A guard on the test itself: the profiles chosen above differ in what a customer reads."""
    policies = [expected_context("en", profile)["policy"] for profile in PROFILES]
    assert len({tuple(expected_periods(policy)) for policy in policies}) == len(PROFILES)
    assert len({policy["adr"]["name"] for policy in policies}) == len(PROFILES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_firm_details_on_the_pages_are_the_backends(site: BuiltSite, language: str) -> None:
    """The firm's name, addresses and phone numbers come from backend/chalicelib/config/firm.toml."""
    firm = expected_context(language)["firm"]
    home = site.page(language, "index").text
    for value in (firm.complaints_email, firm.postal_address, firm.phone, firm.urgent_phone):
        assert value in home
    privacy = site.page(language, "privacy").text
    assert firm.legal_name in privacy and firm.privacy_email in privacy
