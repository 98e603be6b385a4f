"""Each profile's out-of-court (ADR) body is named with its postal address and website (CMF L316-1,
Code de la consommation L612-1 ff., RTS 2025/294), and a configuration without one does not load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from chalicelib.config.firm import FIRM_FILE, load_firm
from chalicelib.domain.firm import IncompleteAdrBody, MissingAdrBody
from chalicelib.domain.profiles import PROFILES, get_profile

# The bodies the law designates: their public details, as they publish them.
STATUTORY = {
    "payments-lt": ("Bank of Lithuania", "Totorių g. 4, LT-01121 Vilnius", "https://www.lb.lt"),
    "exchange-eu": ("Financial Services and Pensions Ombudsman", "D02 VH29", "https://www.fspo.ie"),
    "exchange-fr": ("Médiateur de l'AMF", "17 place de la Bourse, 75082 Paris Cedex 02", "https://www.amf-france.org"),
    "bank-it": (
        "Arbitro Bancario Finanziario",
        "via Nazionale 91, 00184 Roma",
        "https://www.arbitrobancariofinanziario.it",
    ),
}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_shipped_configuration_names_an_adr_body_with_contact_details_for_every_profile(name: str) -> None:
    """Whichever profile a deployment picks, its ADR body has a name, a postal address and a website."""
    profile = get_profile(name)
    assert profile.adr is not None, "every profile the product ships has an ADR route (CONTRACT.md section 3)"
    body = replace(load_firm(), profile=name).adr_body(profile)
    assert body is not None
    assert body.name.strip() and body.postal_address.strip() and body.website.startswith("https://")


@pytest.mark.parametrize("name", sorted(STATUTORY))
def test_a_body_fixed_by_law_carries_its_real_public_details(name: str) -> None:
    body = load_firm().adr_bodies.get(name)
    assert body is not None
    expected_name, expected_address, expected_website = STATUTORY[name]
    assert expected_name in body.name
    assert expected_address in body.postal_address
    assert body.website == expected_website


def _without_section(tmp_path: Path, profile: str) -> Path:
    """The shipped firm.toml with one profile's ADR section taken out."""
    lines = FIRM_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    header = f"[adr_bodies.{profile}]"
    start = next(i for i, line in enumerate(lines) if line.strip() == header)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    path = tmp_path / "firm.toml"
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return path


def test_a_configuration_whose_profile_has_no_adr_body_does_not_load(tmp_path: Path) -> None:
    """The check that fails `make test` (and a deployment) when a firm forgets its mediator."""
    configured = load_firm().profile
    with pytest.raises(MissingAdrBody, match=configured):
        load_firm(_without_section(tmp_path, configured))


def test_switching_to_a_profile_without_an_adr_body_is_refused(tmp_path: Path) -> None:
    """POLICY_PROFILE picks the profile at run time: the same check applies to the profile it picks."""
    firm = load_firm(_without_section(tmp_path, "bank-fr"))  # the configured profile still has its body
    with pytest.raises(MissingAdrBody, match="bank-fr"):
        replace(firm, profile="bank-fr")


def test_an_adr_body_without_an_address_or_website_does_not_load(tmp_path: Path) -> None:
    text = FIRM_FILE.read_text(encoding="utf-8")
    path = tmp_path / "firm.toml"
    path.write_text(text.replace('website = "https://www.lb.lt"', 'website = ""'), encoding="utf-8")
    with pytest.raises(IncompleteAdrBody, match="website"):
        load_firm(path)
