"""The form and the track page as built: controls named after the API's fields in every language,
their data for the script, and the size budget of the form's own script and styles."""

from __future__ import annotations

import gzip
import json
import re

import pytest
import yaml

from tests.conftest import BACKEND
from tests.site.built_site import LANGUAGES, ROOT, BuiltSite
from tests.site.dom import Element

FORM_ASSETS = ROOT / "docs" / "assets" / "form"
# The form's own script and styles, gzipped (the site issue's budget: 15 KB). Raised to 17 KB by
# issue 12 for the styled step indicator, file picker, confirmation panel and track page after an
# answer: mostly CSS; the script grew by the dates in the reader's language and the answer's outcome.
BUDGET_BYTES = 17 * 1024
# The API's fields (CONTRACT.md section 2) that the customer answers; `language` is a hidden input.
API_FIELDS = {
    *("language", "email", "has_account", "account_id", "full_name", "country", "customer_type", "category"),
    *("description", "incident_date", "incident_time", "transaction_ids", "ticket_ids", "people_involved"),
    *("desired_resolution", "actions_taken", "amount_disputed.value", "amount_disputed.currency", "phone"),
    *("address", "representative.name", "representative.email", "representative.capacity", "consent"),
}


def raw_text(element: Element) -> str:
    return "".join(child for child in element.children if isinstance(child, str))


def test_the_forms_own_script_and_styles_stay_within_their_gzipped_budget() -> None:
    sizes = {path.name: len(gzip.compress(path.read_bytes(), 9)) for path in sorted(FORM_ASSETS.iterdir())}
    assert sum(sizes.values()) < BUDGET_BYTES, sizes


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_forms_controls_carry_the_apis_field_names(site: BuiltSite, language: str) -> None:
    form = site.page(language, "complaint-form").find("form", id="complaint-form")
    names = {control.attrs.get("name") for control in form.iter() if control.tag in ("input", "select", "textarea")}
    assert names >= API_FIELDS
    assert form.find("input", name="language").attrs["value"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_offers_every_category_of_the_backend_in_the_pages_language(site: BuiltSite, language: str) -> None:
    page = site.page(language, "complaint-form")
    data = json.loads(raw_text(page.find("script", id="form-data")))
    catalogue = json.loads((BACKEND / "chalicelib" / "i18n" / f"{language}.json").read_text(encoding="utf-8"))
    offered = {radio.attrs["value"] for radio in page.find_all("input", name="category")}
    assert offered == set(data["categories"]) and "unauthorised_transaction" in offered
    assert data["errors"] == catalogue["errors"] and data["language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_checks_answers_with_the_apis_own_patterns_and_limits(site: BuiltSite, language: str) -> None:
    from chalicelib.domain.validation import EARLIEST_INCIDENT, JS_PATTERNS, MAX_LENGTH

    for page_name in ("complaint-form", "track"):
        rules = json.loads(raw_text(site.page(language, page_name).find("script", id="form-data")))["rules"]
        assert rules["patterns"] == JS_PATTERNS and rules["max_length"] == MAX_LENGTH
        assert rules["earliest_incident"] == EARLIEST_INCIDENT.isoformat()


def test_no_pattern_or_limit_is_written_in_the_forms_scripts() -> None:
    """An anchored pattern or a counted repeat in a script would be a second copy of the API's rules."""
    own_rule = re.compile(r"/\^|\{\d+(,\d*)?\}")
    found = {path.name: own_rule.findall(path.read_text()) for path in FORM_ASSETS.glob("*.js")}
    assert {name: rules for name, rules in found.items() if rules} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_track_page_asks_for_the_reference_and_the_code(site: BuiltSite, language: str) -> None:
    page = site.page(language, "track")
    for name in ("reference", "token"):
        assert page.find("input", name=name).attrs["required"] is not None
    assert any(script.attrs.get("src", "").endswith("assets/form/track.js") for script in page.find_all("script"))


def test_every_word_of_the_form_is_translated() -> None:
    def keys(tree: dict[str, object], prefix: str = "") -> set[str]:
        return {
            name
            for key, value in tree.items()
            for name in (keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key})
        }

    folder = ROOT / "overrides" / "form_text"
    texts = {language: yaml.safe_load((folder / f"{language}.yml").read_text()) for language in LANGUAGES}
    for language in LANGUAGES:
        assert keys(texts[language]) == keys(texts["en"]), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_currency_is_chosen_from_the_backends_list_named_in_the_pages_language(
    site: BuiltSite, language: str
) -> None:
    from chalicelib.config.site_context import CURRENCIES

    select = site.page(language, "complaint-form").find("select", name="amount_disputed.currency")
    options = select.find_all("option")
    assert [option.attrs["value"] for option in options] == list(CURRENCIES)
    euro = {"en": "Euro (EUR)", "fr": "Euro (EUR)", "it": "Euro (EUR)"}[language]
    assert options[0].text.strip() == euro and options[0].text != options[1].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_amounts_and_labels_are_written_as_the_language_writes_them(site: BuiltSite, language: str) -> None:
    """French and Italian write 125,50; French puts a no-break space before a colon ("État : Clôturée")."""
    hint = site.page(language, "complaint-form").find("p", id="f-amount_disputed-value-hint").text
    assert ("125.50" if language == "en" else "125,50") in hint
    html = site.file(site.url_path(language, "track")).read_text(encoding="utf-8")
    label = re.search(r'id="cf-status-title"[^>]*>([^<:]*):', html).group(1)  # type: ignore[union-attr]
    assert label.endswith("\u00a0") if language == "fr" else not label.endswith((" ", "\u00a0"))
