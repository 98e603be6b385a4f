"""The accessibility statement follows the EU model (Commission Implementing Decision (EU) 2018/1523):
conformance status, non-accessible content, preparation, feedback and contact, enforcement procedure."""

from __future__ import annotations

import pytest

from tests.site.built_site import LANGUAGES, BuiltSite, expected_context, section

SECTIONS = ["status", "not-accessible", "preparation", "feedback", "enforcement"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_has_every_section_of_the_eu_model(site: BuiltSite, language: str) -> None:
    """Each section of the model statement is a heading with the same anchor in every language."""
    page = site.page(language, "accessibility")
    assert all(section(page, anchor) for anchor in SECTIONS)


KEYBOARD = {"en": "keyboard", "fr": "clavier", "it": "tastiera"}
PARTIALLY = {"en": "partially compliant", "fr": "partiellement conforme", "it": "parzialmente conforme"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_conformance_status_says_what_the_checks_cover(site: BuiltSite, language: str) -> None:
    """Partially compliant with WCAG 2.2 AA, with what the automated axe and manual keyboard checks cover."""
    text = section(site.page(language, "accessibility"), "status")
    assert all(words in text for words in ("WCAG 2.2", "axe", KEYBOARD[language], PARTIALLY[language])), text


# The date of the self-assessment: firm.toml's, then the other firm's (conftest.OTHER_FIRM).
PREPARED = {
    "site": {"en": "June 20, 2025", "fr": "20 juin 2025", "it": "20 giugno 2025"},
    "other_firm_site": {"en": "November 5, 2024", "fr": "5 novembre 2024", "it": "5 novembre 2024"},
}
SELF_ASSESSMENT = {"en": "self-assessment", "fr": "auto-évaluation", "it": "autovalutazione"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("firm", sorted(PREPARED))
def test_the_statement_is_dated_from_the_firms_last_self_assessment(
    request: pytest.FixtureRequest, firm: str, language: str
) -> None:
    """The preparation section gives the method and firm.toml's accessibility_reviewed, written out."""
    built: BuiltSite = request.getfixturevalue(firm)
    text = section(built.page(language, "accessibility"), "preparation")
    assert PREPARED[firm][language] in text and SELF_ASSESSMENT[language] in text, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback_reaches_the_firms_contacts(site: BuiltSite, language: str) -> None:
    """The email, phone and postal address of firm.toml, where a barrier can be reported."""
    firm = expected_context(language)["firm"]
    text = section(site.page(language, "accessibility"), "feedback")
    assert all(value in text for value in (firm.complaints_email, firm.phone, firm.postal_address)), text


# The body to turn to after an unsatisfactory answer, by the profile's country.
ENFORCEMENT = {"site": "Valstybinė vartotojų teisių apsaugos tarnyba", "other_firm_site": "Défenseur des droits"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("firm", sorted(ENFORCEMENT))
def test_the_enforcement_procedure_names_the_body_of_the_firms_country(
    request: pytest.FixtureRequest, firm: str, language: str
) -> None:
    """Lithuania's consumer rights authority for firm.toml's profile, France's Défenseur des droits for bank-fr."""
    built: BuiltSite = request.getfixturevalue(firm)
    assert ENFORCEMENT[firm] in section(built.page(language, "accessibility"), "enforcement")
