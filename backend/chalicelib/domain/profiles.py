"""Policy profiles: how one firm counts its deadlines and where a customer can turn next.

The four names and their rules are fixed by CONTRACT.md section 3; the sources are the seed
documents and the rules cited beside each profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo

from .deadlines import Period

Complexity = Literal["simple", "complex", "exceptional"]
COMPLEXITIES: tuple[Complexity, ...] = ("simple", "complex", "exceptional")
CustomerType = Literal["consumer", "business"]
CUSTOMER_TYPES: tuple[CustomerType, ...] = ("consumer", "business")
RemedyKind = Literal["internal", "adr", "regulator", "courts"]


@dataclass(frozen=True)
class TimeLimit:
    """How long a customer has to use a remedy, and from which event it runs."""

    months: int
    runs_from: Literal["complaint", "final_response", "facts"]


@dataclass(frozen=True)
class Remedy:
    """A route open to a customer who disagrees with the firm's answer.

    `code` names the body in the message catalogues (i18n/*.json, key `remedies`).
    """

    code: str
    kind: RemedyKind
    time_limit: TimeLimit | None = None
    consumers_only: bool = False
    url: str | None = None


def _single(period: Period) -> Mapping[Complexity, Period]:
    return MappingProxyType({"simple": period})


@dataclass(frozen=True)
class PolicyProfile:
    name: str
    country: str  # ISO 3166-1 alpha-2: the public-holiday calendar
    time_zone: str
    acknowledge: Period | None
    respond: Mapping[Complexity, Period]  # consumers; one entry unless graded by complexity
    respond_extended: Period | None  # the furthest a holding reply may push a consumer's answer
    respond_business: Mapping[Complexity, Period] | None  # None: as for consumers
    urgent_investigation: Period | None  # investigation start for unauthorised transactions
    remedies: tuple[Remedy, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def graded_by_complexity(self) -> bool:
        return len(self.respond) > 1

    def respond_period(self, customer_type: CustomerType, complexity: Complexity | None) -> Period:
        table = self.respond_business if customer_type == "business" and self.respond_business else self.respond
        return table.get(complexity or "simple", table["simple"])

    def extended_period(self, customer_type: CustomerType) -> Period | None:
        # PSD2 Art 101(2) allows the holding reply for payment service users who are consumers;
        # the non-consumer period of payments-lt (seed 004 §37) has no extension.
        return self.respond_extended if customer_type == "consumer" else None

    @property
    def adr(self) -> Remedy | None:
        return next((r for r in self.remedies if r.kind == "adr"), None)


_INTERNAL = Remedy("internal_review", "internal")
_COURTS = Remedy("courts", "courts")

PROFILES: Mapping[str, PolicyProfile] = MappingProxyType(
    {
        "payments-lt": PolicyProfile(
            name="payments-lt",
            country="LT",
            time_zone="Europe/Vilnius",
            acknowledge=Period(1),  # seed 004 §35
            respond=_single(Period(15)),  # seed 004 §36, PSD2 Art 101(2)
            respond_extended=Period(35),
            respond_business=_single(Period(30, "calendar")),  # seed 004 §37
            urgent_investigation=Period(1),  # seed 004 §34
            remedies=(
                _INTERNAL,
                Remedy(
                    "bank_of_lithuania",
                    "adr",
                    TimeLimit(12, "complaint"),  # seed 004 §28.2
                    consumers_only=True,
                    url="https://www.lb.lt",
                ),
                _COURTS,
            ),
            sources=("PSD2 Art 101", "seed 004 §34-37"),
        ),
        "exchange-eu": PolicyProfile(
            name="exchange-eu",
            country="IE",
            time_zone="Europe/Dublin",
            acknowledge=Period(2),  # seeds 001/003
            respond=_single(Period(7)),
            respond_extended=None,
            respond_business=None,
            urgent_investigation=None,
            remedies=(
                _INTERNAL,
                Remedy("fspo", "adr", TimeLimit(72, "facts"), url="https://www.fspo.ie"),
                Remedy("central_bank_of_ireland", "regulator", url="https://www.centralbank.ie"),
                _COURTS,
            ),
            sources=("MiCA Art 71", "RTS (EU) 2025/294", "seeds 001/003"),
        ),
        "exchange-fr": PolicyProfile(
            name="exchange-fr",
            country="FR",
            time_zone="Europe/Paris",
            acknowledge=None,
            respond=_single(Period(7)),  # seed 000 §4.2.7: the initial response
            respond_extended=None,
            respond_business=None,
            urgent_investigation=None,
            remedies=(
                Remedy("managing_director", "internal"),  # seed 000 §9
                # Code de la consommation L612-2: mediation within one year of the written complaint.
                Remedy(
                    "amf_mediator",
                    "adr",
                    TimeLimit(12, "complaint"),
                    consumers_only=True,
                    url="https://www.amf-france.org",
                ),
                Remedy("amf", "regulator", url="https://www.amf-france.org"),
                _COURTS,
            ),
            sources=("MiCA Art 71", "seed 000 §4.2.7, §9"),
        ),
        "bank-fr": PolicyProfile(
            name="bank-fr",
            country="FR",
            time_zone="Europe/Paris",
            acknowledge=Period(1),  # seed 002: within 24 business hours
            respond=MappingProxyType({"simple": Period(5), "complex": Period(15), "exceptional": Period(30)}),
            respond_extended=None,
            respond_business=None,
            urgent_investigation=None,
            remedies=(
                _INTERNAL,
                Remedy("banking_mediator", "adr", TimeLimit(12, "complaint"), consumers_only=True),
                Remedy("acpr", "regulator", url="https://acpr.banque-france.fr"),
                _COURTS,
            ),
            sources=("ACPR 2022-R-01", "seed 002 §4, §6"),
        ),
    }
)


class UnknownProfile(KeyError):
    pass


def get_profile(name: str) -> PolicyProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownProfile(name) from None
