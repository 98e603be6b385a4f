"""What a customer submits, and the complaint the firm records from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .attachments import Attachment, AttachmentRef
from .profiles import Complexity, CustomerType, Service
from .schedule import Deadlines
from .value import frozen

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
    "awaiting_approval",  # a final response drafted, waiting for a supervisor (four eyes, seed 004 §24)
    "resolved",
    "referred",
    "closed",
]


@frozen
class Money:
    """An amount in dispute, as the customer wrote it."""

    value: str  # a decimal string: amounts are never floats
    currency: str


@frozen
class Representative:
    """Someone filing for the customer; the power of attorney is asked for afterwards."""

    name: str
    email: str
    capacity: str


@frozen
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
    attachments: tuple[AttachmentRef, ...] = ()  # files uploaded beforehand, by id

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict with the contract's field names."""
        record = asdict(self)
        record["incident_date"] = self.incident_date.isoformat()
        record["transaction_ids"] = list(self.transaction_ids)
        record["ticket_ids"] = list(self.ticket_ids)
        record["attachments"] = [asdict(ref) for ref in self.attachments]
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
        values["attachments"] = tuple(AttachmentRef(**ref) for ref in values.get("attachments") or ())
        return cls(**values)


AckState = Literal["pending", "sending", "sent", "not_required"]
Severity = Literal["minor", "serious"]  # seed 000 §4.1.4-4.1.5
Authority = Literal["not_needed", "missing", "received"]  # a representative's power of attorney, seed 004 §12
Outcome = Literal["upheld", "partially_upheld", "rejected"]  # seed 004 §26
OUTCOMES: tuple[Outcome, ...] = ("upheld", "partially_upheld", "rejected")


@frozen
class DeadlineChange:
    """A re-grade at triage that moved respond_by: kept so the register shows both dates."""

    at: datetime
    actor: str
    respond_by_before: datetime
    respond_by_after: datetime
    cause: str  # "complexity" or "service"
    grade_before: str  # e.g. "simple", or "payments"
    grade_after: str


@frozen
class Triage:
    """A handler's first assessment of the complaint."""

    admissible: bool | None = None  # None: not yet assessed
    inadmissible_reasons: str | None = None
    severity: Severity | None = None
    complexity: Complexity | None = None
    urgent: bool = False
    authority: Authority = "not_needed"
    service: Service | None = None  # bank-it: None while the category tells it
    deadline_changes: tuple[DeadlineChange, ...] = ()


@frozen
class HoldingReply:
    """PSD2 Art 101(2): the reason for the delay and the date of the final answer."""

    reason: str
    until: datetime
    sent_at: datetime


@frozen
class FinalResponse:
    """The firm's reasoned final answer, as sent to the customer."""

    outcome: Outcome
    reasons: str
    redress: str | None
    basis: str | None  # the contract terms or law the decision rests on
    apology: str | None
    sent_at: datetime
    comment: str | None = None  # the short comment for the register (seed 004 §38)
    drafted_by: str | None = None
    approved_by: str | None = None  # the supervisor who agreed it, where the firm asks for four eyes


@frozen
class Referral:
    """The customer took the complaint to the ADR body or the regulator."""

    body: str  # a remedy code of the profile
    referred_at: datetime
    result: str | None = None
    result_at: datetime | None = None


@frozen
class CorrectiveAction:
    """Seed 000 §4.1.5, §4.2.6: what caused a serious complaint and what stops it recurring."""

    root_cause: str
    immediate_action: str
    preventive_action: str
    owner: str
    due_on: date
    recorded_at: datetime
    recorded_by: str
    done_on: date | None = None


@frozen
class Draft:
    """A final response awaiting a supervisor's approval, kept as written; a returned one says why."""

    response: FinalResponse
    drafted_by: str
    drafted_at: datetime
    returned_by: str | None = None
    returned_reason: str | None = None


@frozen
class LegalHold:
    """A court case or investigation: the records are kept whatever the retention period."""

    reason: str
    placed_by: str
    placed_at: datetime


@frozen
class Supervision:
    """The supervisors' controls on one complaint: the draft under approval, a legal hold, and the
    deadlines management was told of ("<deadline>@<ISO time>"), each once."""

    draft: Draft | None = None
    legal_hold: LegalHold | None = None
    management_alerts: tuple[str, ...] = ()
    first_handler: str | None = None  # while escalated: who may not conclude the internal review


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
    """A complaint as stored: the customer's submission, its deadlines, its handling and history."""

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
    triage: Triage = field(default_factory=Triage)
    assigned_to: str | None = None
    investigation_started_at: datetime | None = None
    holding_reply: HoldingReply | None = None
    final_response: FinalResponse | None = None
    escalated_to: str | None = None  # "management" or "legal" while escalated
    referral: Referral | None = None
    closed_at: datetime | None = None
    corrective_actions: tuple[CorrectiveAction, ...] = ()
    attachments: tuple[Attachment, ...] = ()  # the files checked and kept, with those refused
    expires_at: datetime | None = None  # set while closed: the end of the retention period
    supervision: Supervision = field(default_factory=Supervision)

    @property
    def language(self) -> str:
        return self.submission.language

    @property
    def customer_type(self) -> CustomerType:
        return self.submission.customer_type

    @property
    def deadline_changes(self) -> tuple[DeadlineChange, ...]:
        return self.triage.deadline_changes

    @property
    def respond_by_initial(self) -> datetime:
        """The answer date the customer was first given, whatever re-grades came after."""
        changes = self.triage.deadline_changes
        return changes[0].respond_by_before if changes else self.deadlines.respond_by

    @property
    def answer_due(self) -> datetime:
        """When the final answer is due: the holding reply's date if one moved it."""
        return self.holding_reply.until if self.holding_reply else self.deadlines.respond_by
