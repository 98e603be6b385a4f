"""The letters name the customer's country in the letter's language, from a table generated from
Babel (CLDR): Babel builds the site but is not in the Lambda package, so the table is committed.

Run `.venv/bin/python -m tests.unit.test_country_names` to regenerate the table after a Babel upgrade."""

from __future__ import annotations

import json

import pytest
from babel import Locale
from chalicelib import i18n
from chalicelib.domain.complaint import LANGUAGES
from chalicelib.domain.countries import COUNTRY_CODES

TABLE = i18n.CATALOGUE_DIR / "countries.json"


def babel_names() -> dict[str, dict[str, str]]:
    return {
        language: {code: Locale.parse(language).territories[code] for code in sorted(COUNTRY_CODES)}
        for language in LANGUAGES
    }


def test_the_country_table_matches_babel() -> None:
    """Every country the form accepts, named as CLDR names it in English, French and Italian."""
    assert json.loads(TABLE.read_text(encoding="utf-8")) == babel_names()


@pytest.mark.parametrize(("language", "name"), [("en", "Lithuania"), ("fr", "Lituanie"), ("it", "Lituania")])
def test_a_code_is_named_in_each_language(language: str, name: str) -> None:
    """LT is Lithuania, Lituanie, Lituania."""
    assert i18n.country_name(language, "LT") == name


if __name__ == "__main__":
    TABLE.write_text(json.dumps(babel_names(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
