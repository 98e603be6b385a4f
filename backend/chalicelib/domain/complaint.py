"""What a customer submits, and the complaint the firm records from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .profiles import CustomerType
from .schedule import Deadlines

LANGUAGES: tuple[str, ...] = ("en", "fr", "it")
DEFAULT_LANGUAGE = "en"

# CONTRACT.md section 2; a deployment may add codes of its own (settings: extra categories).
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "payment_delay",
    "unauthorised_transaction",
    "account_access",
    "account_restriction",
    "fees_statement",
    "security_privacy",
    "service_quality",
    "terms_rights",
    "other",
)

Status = Literal[
    "received",
    "acknowledged",
    "in_progress",
    "awaiting_customer",
    "holding_reply_sent",
    "escalated",
    "resolved",
    "referred",
    "closed",
]


@dataclass(frozen=True)
class Money:
    value: str  # a decimal string: amounts are never floats
    currency: str


@dataclass(frozen=True)
class Representative:
    """Someone filing for the customer; the power of attorney is asked for afterwards."""

    name: str
    email: str
    capacity: str


@dataclass(frozen=True)
class Submission:
    """A complaint as the customer sent it, validated and normalised."""

    language: str
    email: str
    has_account: bool
    account_id: str | None
    full_name: str
    country: str
    customer_type: CustomerType
    category: str
    description: str
    incident_date: date
    incident_time: str | None
    transaction_ids: tuple[str, ...]
    ticket_ids: tuple[str, ...]
    people_involved: str | None
    desired_resolution: str
    actions_taken: str | None
    amount_disputed: Money | None
    phone: str | None
    address: str | None
    representative: Representative | None
    consent: bool

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict with the contract's field names."""
        record = asdict(self)
        record["incident_date"] = self.incident_date.isoformat()
        record["transaction_ids"] = list(self.transaction_ids)
        record["ticket_ids"] = list(self.ticket_ids)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Submission:
        values = dict(record)
        values["incident_date"] = date.fromisoformat(values["incident_date"])
        values["transaction_ids"] = tuple(values.get("transaction_ids") or ())
        values["ticket_ids"] = tuple(values.get("ticket_ids") or ())
        if values.get("amount_disputed"):
            values["amount_disputed"] = Money(**values["amount_disputed"])
        if values.get("representative"):
            values["representative"] = Representative(**values["representative"])
        return cls(**values)


AckState = Literal["pending", "sending", "sent", "not_required"]


@dataclass
class Acknowledgement:
    """Where the acknowledgement email stands: it is sent after the complaint is stored."""

    state: AckState = "pending"
    attempts: int = 0
    sent_at: datetime | None = None
    message_id: str | None = None
    claim_expires_at: datetime | None = None


@dataclass
class Complaint:
    reference: str
    submission: Submission
    received_at: datetime
    deadlines: Deadlines
    profile: str
    # Hashes only: one for the token shown on screen, one more for each token a later email carries.
    tracking_token_hashes: tuple[str, ...]
    status: Status = "received"
    channel: str = "web_form"
    acknowledgement: Acknowledgement = field(default_factory=Acknowledgement)
    version: int = 1  # optimistic locking: every save must name the version it read

    @property
    def language(self) -> str:
        return self.submission.language

    @property
    def customer_type(self) -> CustomerType:
        return self.submission.customer_type
