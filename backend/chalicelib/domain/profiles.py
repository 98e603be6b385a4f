"""Policy profiles: how one firm counts its deadlines and where a customer can turn next.

The five names and their rules are fixed by CONTRACT.md section 3; where a seed and the law
disagree, a profile follows whichever protects the customer more (REGULATION.md). The sources
are cited beside each rule; design/rules.md maps every rule to its code and its test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo

from .deadlines import Period
from .value import frozen

Complexity = Literal["simple", "complex", "exceptional"]
COMPLEXITIES: tuple[Complexity, ...] = ("simple", "complex", "exceptional")
CustomerType = Literal["consumer", "business"]
CUSTOMER_TYPES: tuple[CustomerType, ...] = ("consumer", "business")
Service = Literal["payments", "banking"]
SERVICES: tuple[Service, ...] = ("payments", "banking")
DEFAULT_SERVICE: Service = "banking"
RemedyKind = Literal["internal", "adr", "regulator", "courts"]

# Categories that concern a payment service (PSD2 Annex I: payments and transfers, their fees
# and statements, and the payment account they run on, including access to it and its blocking,
# PSD2 Art 68, 97). A handler corrects the service at triage when the category misleads.
PAYMENT_CATEGORIES = frozenset(
    {"payment_delay", "unauthorised_transaction", "fees_statement", "account_access", "account_restriction"}
)


def service_of(category: str | None) -> Service:
    """The service a complaint concerns, as far as its category tells."""
    return "payments" if category in PAYMENT_CATEGORIES else DEFAULT_SERVICE


@frozen
class TimeLimit:
    """How long a customer has to use a remedy, and from which event it runs."""

    months: int
    runs_from: Literal["complaint", "final_response", "facts"]


@frozen
class Remedy:
    """A route open to a customer who disagrees with the firm's answer.

    `code` names the body in the message catalogues (i18n/*.json, key `remedies`).
    """

    code: str
    kind: RemedyKind
    time_limit: TimeLimit | None = None
    consumers_only: bool = False
    url: str | None = None


@frozen
class Answer:
    """How long the firm has to answer, and the furthest date a holding reply sent in time may set."""

    respond: Period
    extended: Period | None = None


def _single(answer: Answer) -> Mapping[Complexity, Answer]:
    return MappingProxyType({"simple": answer})


@frozen
class PolicyProfile:
    """One firm type's complaint rules: its calendar, deadlines, remedies and their sources."""

    name: str
    country: str  # ISO 3166-1 alpha-2: the public-holiday calendar
    time_zone: str
    acknowledge: Period | None
    answers: Mapping[Complexity, Answer]  # one entry unless graded by complexity (bank-fr)
    urgent_investigation: Period | None  # investigation start for unauthorised transactions
    remedies: tuple[Remedy, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)
    service_answers: Mapping[Service, Answer] | None = None  # bank-it: by the service complained about

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def graded_by_complexity(self) -> bool:
        return len(self.answers) > 1

    @property
    def by_service(self) -> bool:
        return self.service_answers is not None

    def answer(self, complexity: Complexity | None = None, service: Service | None = None) -> Answer:
        if self.service_answers is not None:
            return self.service_answers[service or DEFAULT_SERVICE]
        return self.answers.get(complexity or "simple", self.answers["simple"])

    # Consumers and businesses count alike under every shipped profile: PSD2 Art 101(2) has no
    # derogation for business users, MiCA's RTS Art 6 none for any client. The parameter stays so
    # a deployment's profile could differ without changing the callers.
    def respond_period(
        self, customer_type: CustomerType, complexity: Complexity | None, service: Service | None = None
    ) -> Period:
        return self.answer(complexity, service).respond

    def extended_period(
        self, customer_type: CustomerType, complexity: Complexity | None = None, service: Service | None = None
    ) -> Period | None:
        return self.answer(complexity, service).extended

    @property
    def respond(self) -> Mapping[Complexity, Period]:
        """The answer period of each complexity grade (the site lists them)."""
        return MappingProxyType({grade: answer.respond for grade, answer in self.answers.items()})

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
            # Seed 004 §36, PSD2 Art 101(2); seed 004 §37's 30 calendar days for businesses would
            # breach Art 101(2), which Art 61(1) does not let a firm waive for business users.
            answers=_single(Answer(Period(15), Period(35))),
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
            sources=("PSD2 Art 101, Art 61(1)", "seed 004 §34-37"),
        ),
        "exchange-eu": PolicyProfile(
            name="exchange-eu",
            country="IE",
            time_zone="Europe/Dublin",
            acknowledge=Period(2),  # seeds 001/003
            # Seeds 001/003: 7 business days; RTS 2025/294 Art 6: reasons and a date within 2 months.
            answers=_single(Answer(Period(7), Period(2, "months"))),
            urgent_investigation=None,
            remedies=(
                _INTERNAL,
                Remedy("fspo", "adr", TimeLimit(72, "facts"), url="https://www.fspo.ie"),
                Remedy("central_bank_of_ireland", "regulator", url="https://www.centralbank.ie"),
                _COURTS,
            ),
            sources=("MiCA Art 71", "RTS (EU) 2025/294 Art 4, 6", "seeds 001/003"),
        ),
        "exchange-fr": PolicyProfile(
            name="exchange-fr",
            country="FR",
            time_zone="Europe/Paris",
            acknowledge=None,
            # Seed 000 §4.2.7: 7 business days; RTS 2025/294 Art 6: a holding reply up to 2 months.
            answers=_single(Answer(Period(7), Period(2, "months"))),
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
            sources=("MiCA Art 71", "RTS (EU) 2025/294 Art 6", "seed 000 §4.2.7, §9"),
        ),
        "bank-fr": PolicyProfile(
            name="bank-fr",
            country="FR",
            time_zone="Europe/Paris",
            acknowledge=Period(1),  # seed 002: within 24 business hours
            # Seed 002 §6: 5 / 15 / 30 business days; CMF L133-45 (PSD2 Art 101(2)) caps the answer
            # at 15 unless a holding reply goes by then: the exceptional tier may then reach the 30th.
            answers=MappingProxyType(
                {
                    "simple": Answer(Period(5)),
                    "complex": Answer(Period(15)),
                    "exceptional": Answer(Period(15), Period(30)),
                }
            ),
            urgent_investigation=Period(1),  # CMF L133-18 (PSD2 Art 73): refund by the next business day
            remedies=(
                _INTERNAL,
                Remedy("banking_mediator", "adr", TimeLimit(12, "complaint"), consumers_only=True),
                Remedy("acpr", "regulator", url="https://acpr.banque-france.fr"),
                _COURTS,
            ),
            sources=("ACPR 2022-R-01", "CMF L133-18, L133-45", "seed 002 §4, §6"),
        ),
        "bank-it": PolicyProfile(
            name="bank-it",
            country="IT",
            time_zone="Europe/Rome",
            acknowledge=Period(2),
            answers=_single(Answer(Period(60, "calendar"))),  # unused: bank-it counts by service
            service_answers=MappingProxyType(
                {
                    "payments": Answer(Period(15), Period(35)),  # PSD2 Art 101(2), D.Lgs. 11/2010
                    "banking": Answer(Period(60, "calendar")),  # Banca d'Italia, transparency rules
                }
            ),
            urgent_investigation=Period(1),  # PSD2 Art 73: refund by the next business day
            remedies=(
                _INTERNAL,
                # The ABF hears a complaint filed with the firm within the previous 12 months.
                Remedy("abf", "adr", TimeLimit(12, "complaint"), url="https://www.arbitrobancariofinanziario.it"),
                Remedy("banca_d_italia", "regulator", url="https://www.bancaditalia.it"),
                _COURTS,
            ),
            sources=("Banca d'Italia transparency rules", "PSD2 Art 73, Art 101", "ABF"),
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
