"""The firm that runs the portal: who it is, how to reach its complaints team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Firm:
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
    # Codes a deployment adds to the contract's list, with a label per language.
    extra_categories: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
