"""The firm that runs the portal: who it is, how to reach its complaints team."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from datetime import date

from .profiles import PROFILES, PolicyProfile
from .value import frozen


class MissingAdrBody(ValueError):
    """The profile sends customers to an ADR body that the configuration does not name."""


class IncompleteAdrBody(ValueError):
    """An ADR body without its name, postal address or website."""


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@frozen
class Brand:
    """The firm's colours on its site ([brand] in firm.toml): `primary` carries white text (the
    header, buttons) and colours links on white; `accent` colours links under the pointer. Both need
    4.5:1 against white (WCAG 1.4.3), which tests/site/test_brand.py checks."""

    primary: str = "#1f4e79"
    accent: str = "#8a1c52"

    def __post_init__(self) -> None:
        for part in ("primary", "accent"):
            if not HEX_COLOUR.match(getattr(self, part)):
                raise ValueError(f"[brand] {part} must be a colour as #rrggbb, not {getattr(self, part)!r}")


@frozen
class AdrBody:
    """An out-of-court dispute resolution body as letters and site must name it: CMF L316-1 and
    Code de la consommation L612-1 ff. require its name and contact details, not "on request"."""

    name: str  # as the body names itself (the English, where firm.toml gives a table per language)
    postal_address: str
    website: str
    # The name and address in each letter's language; a language left out reads the plain field.
    names: Mapping[str, str] = field(default_factory=dict)
    postal_addresses: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name

    def postal_address_in(self, language: str) -> str:
        return self.postal_addresses.get(language) or self.postal_address

    def __post_init__(self) -> None:
        for part in ("name", "postal_address", "website"):
            if not str(getattr(self, part)).strip():
                raise IncompleteAdrBody(f"ADR body {self.name!r} has no {part}")
        if not self.website.startswith("https://"):
            raise IncompleteAdrBody(f"ADR body {self.name!r}: the website must be an https:// address")


@frozen
class Escalation:
    """Seed 000: management hears of a complaint whose answer deadline is close or passed, once per deadline."""

    management_email: str
    hours_before: int = 48  # how long before the deadline management is told


FRENCH_VOWELS = frozenset("aeiouyàâäéèêëîïôöûü")  # "h" left out: before an aspirated h, "de" stays

# Seed 004 §24 (Paysera, payments-lt): every final answer is agreed with the head of customer support.
FOUR_EYES_BY_DEFAULT = frozenset({"payments-lt"})


@frozen
class Firm:
    """The firm behind the portal, as firm.toml describes it."""

    name: str
    legal_name: str
    complaints_email: str  # the sender of every letter, and where replies go
    postal_address: str  # PSD2 Art 101 / RTS 2025/294 Art 3: a postal route besides the form
    phone: str
    urgent_phone: str  # fraud and unauthorised access: the line to call at once
    urgent_url: str
    privacy_email: str  # the data protection officer (GDPR Art 13(1)(b))
    supervisor: str  # the authority that licenses the firm, as its register names it
    site_url: str
    profile: str
    # How long a closed complaint's records are kept before DynamoDB's TTL deletes them: long enough
    # for the ADR bodies' and courts' time limits and for supervisors' reviews, no longer (GDPR Art 5(1)(e)).
    retention_years: int = 5
    # Where the data is stored and processed (GDPR Art 13(1)(f), 44): the stages' AWS region.
    aws_region: str = "eu-west-1"
    # The last accessibility self-assessment, as the accessibility statement dates it.
    accessibility_reviewed: date | None = None
    # Codes a deployment adds to the contract's list, with a label per language.
    extra_categories: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # A supervisor approves each final response before it is sent; None leaves it to the profile.
    four_eyes: bool | None = None
    escalation: Escalation | None = None  # who in management hears of deadlines about to be missed
    # The ADR body of each profile, by profile name (config/firm.toml, [adr_bodies.<profile>]).
    adr_bodies: Mapping[str, AdrBody] = field(default_factory=dict)
    # The postal address and licence line in each language; postal_address and supervisor hold the
    # English, which a language left out falls back to.
    postal_addresses: Mapping[str, str] = field(default_factory=dict)
    supervisors: Mapping[str, str] = field(default_factory=dict)
    # The firm's logo: a path under docs/, so the site publishes it and HTML letters show it from there.
    logo: str | None = None
    brand: Brand = field(default_factory=Brand)  # the site's colours ([brand] in firm.toml)

    def __post_init__(self) -> None:
        # Checked whenever a Firm is made, so a POLICY_PROFILE switch (dataclasses.replace) is checked too.
        profile = PROFILES.get(self.profile)
        if profile is not None:
            self.adr_body(profile)

    def postal_address_in(self, language: str) -> str:
        return self.postal_addresses.get(language) or self.postal_address

    def de_name(self, apostrophe: str = "’") -> str:
        """French "de" and the name, elided before a vowel: "d’Aurora Pay", "de Banque Nord"."""
        return f"d{apostrophe}{self.name}" if self.name[:1].lower() in FRENCH_VOWELS else f"de {self.name}"

    def supervisor_in(self, language: str) -> str:
        return self.supervisors.get(language) or self.supervisor

    @property
    def logo_url(self) -> str | None:
        """The logo on the firm's own site: no third-party host sees who opens a letter."""
        return f"{self.site_url.rstrip('/')}/{self.logo.lstrip('/')}" if self.logo else None

    def adr_body(self, profile: PolicyProfile) -> AdrBody | None:
        """The body the profile's ADR route leads to; None for a profile without one."""
        if profile.adr is None:
            return None
        body = self.adr_bodies.get(profile.name)
        if body is None:
            raise MissingAdrBody(
                f"profile {profile.name} sends customers to an ADR body: name it in config/firm.toml, "
                f"[adr_bodies.{profile.name}] with name, postal_address and website"
            )
        return body


def requires_approval(firm: Firm, profile: str) -> bool:
    """Whether a final response under `profile` waits for a supervisor (four eyes)."""
    return profile in FOUR_EYES_BY_DEFAULT if firm.four_eyes is None else firm.four_eyes
