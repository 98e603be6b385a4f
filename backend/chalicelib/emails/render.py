"""Renders the letters to customers from the project's Jinja2 templates, one per language.

HTML templates are autoescaped; plain-text templates are not HTML and are not escaped.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .. import i18n
from ..domain.complaint import Complaint, Submission
from ..domain.firm import Firm
from ..domain.profiles import PolicyProfile, service_of
from ..i18n.dates import date_and_time, long_date
from .message import EmailMessage

TEMPLATE_DIR = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(kind: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) of a letter; the subject is the text template's first line."""
    environment = _environment()
    text = environment.get_template(f"{kind}.{language}.txt").render(context)
    html = environment.get_template(f"{kind}.{language}.html").render(context)
    subject, _, body = text.partition("\n")
    return subject.removeprefix("Subject: ").strip(), body.lstrip("\n"), html


def tracking_url(firm_site_url: str, language: str, reference: str, token: str | None = None) -> str:
    # The token rides in the fragment: browsers never send it to a server or in a Referer.
    prefix = "" if language == "en" else f"{language}/"
    url = f"{firm_site_url.rstrip('/')}/{prefix}track/?reference={reference}"
    return f"{url}#token={token}" if token else url


def local_moment(language: str, profile: PolicyProfile, moment: datetime | None) -> str:
    """A deadline or event time as the customer reads it, in the firm's time zone."""
    return date_and_time(language, moment.astimezone(profile.zone)) if moment else ""


def _amount(submission: Submission) -> str:
    money = submission.amount_disputed
    return f"{money.value} {money.currency}" if money else ""


def submission_rows(complaint: Complaint, firm: Firm) -> list[tuple[str, str]]:
    """The customer's submission as (label, value) rows, for the copy in the acknowledgement."""
    language = complaint.language
    texts = i18n.catalogue(language)
    s = complaint.submission
    values = {
        "email": s.email,
        "has_account": texts["words"]["yes"] if s.has_account else texts["words"]["no"],
        "account_id": s.account_id or "",
        "full_name": s.full_name,
        "country": s.country,
        "customer_type": texts["customer_types"][s.customer_type],
        "category": i18n.category_label(language, s.category, firm.extra_categories),
        "incident_date": long_date(language, s.incident_date),
        "incident_time": s.incident_time or "",
        "description": s.description,
        "transaction_ids": ", ".join(s.transaction_ids),
        "ticket_ids": ", ".join(s.ticket_ids),
        "people_involved": s.people_involved or "",
        "desired_resolution": s.desired_resolution,
        "actions_taken": s.actions_taken or "",
        "amount_disputed": _amount(s),
        "phone": s.phone or "",
        "address": s.address or "",
        "representative": f"{s.representative.name} ({s.representative.capacity}), {s.representative.email}"
        if s.representative
        else "",
    }
    return [(i18n.field_label(language, name), value) for name, value in values.items() if value]


def remedy_entries(language: str, firm: Firm, profile: PolicyProfile) -> list[dict[str, Any]]:
    """The routes open to a customer who disagrees; the ADR route carries its body (name, postal
    address, website) as the firm's configuration names it, so no letter says "on request"."""
    body = firm.adr_body(profile)
    entries: list[dict[str, Any]] = []
    for remedy in i18n.remedy_texts(language, profile):
        adr = body if remedy["kind"] == "adr" else None
        entries.append({**remedy, "body": adr, "url": adr.website if adr else remedy["url"]})
    return entries


def letter_context(complaint: Complaint, firm: Firm, profile: PolicyProfile, token: str | None) -> dict[str, Any]:
    """What every letter to the customer can say: who writes, the reference, how to follow it."""
    language = complaint.language
    remedies = remedy_entries(language, firm, profile)
    return {
        "firm": firm,
        "reference": complaint.reference,
        "received_at": local_moment(language, profile, complaint.received_at),
        "time_zone": profile.time_zone,
        "tracking_url": tracking_url(firm.site_url, language, complaint.reference, token),
        "token": token or "",
        "remedies": remedies,
        # Our own review is not independent of us: final letters list it apart from the outside bodies.
        "internal_remedies": [r for r in remedies if r["kind"] == "internal"],
        "outside_remedies": [r for r in remedies if r["kind"] != "internal"],
        "representative": complaint.submission.representative,
    }


def acknowledgement(complaint: Complaint, token: str, firm: Firm, profile: PolicyProfile) -> EmailMessage:
    """RTS 2025/294 Art 4: date received, the deadline, the team's contact, a copy of the complaint."""
    language = complaint.language
    deadlines = complaint.deadlines
    # bank-it counts by the service complained about: the words must agree with the dates.
    service = complaint.triage.service or service_of(complaint.submission.category)
    extended = profile.extended_period(complaint.customer_type, None, service)
    context = {
        **letter_context(complaint, firm, profile, token),
        "respond_by": local_moment(language, profile, deadlines.respond_by),
        "respond_period": i18n.period_text(language, profile.respond_period(complaint.customer_type, None, service)),
        "graded": profile.graded_by_complexity,
        "respond_by_extended": local_moment(language, profile, deadlines.respond_by_extended),
        "extended_period": i18n.period_text(language, extended) if extended else "",
        "investigate_by": local_moment(language, profile, deadlines.investigate_by),
        "urgent": complaint.submission.category == "unauthorised_transaction",
        "rows": submission_rows(complaint, firm),
        "attachments": attachment_lines(complaint),
    }
    return _message(complaint, firm, "acknowledgement", context)


def attachment_lines(complaint: Complaint) -> list[dict[str, str]]:
    """Each file the customer sent and what became of it, in the customer's language."""
    texts = i18n.catalogue(complaint.language)
    return [
        {
            "filename": attachment.filename or attachment.upload_id[:8],
            "status": texts["attachment_statuses"][attachment.status],
            "reason": texts["attachment_refusals"].get(attachment.refusal or "", ""),
        }
        for attachment in complaint.attachments
    ]


def copied_representative(complaint: Complaint) -> tuple[str, ...]:
    """The representative is copied only once their authority is accepted (seed 004 §12): before
    that, the address is only what someone typed, and the letters hold the customer's affairs."""
    representative = complaint.submission.representative
    return (representative.email,) if representative and complaint.triage.authority == "received" else ()


def representative_notice(complaint: Complaint, firm: Firm) -> EmailMessage | None:
    """To a representative whose authority is awaited: that a complaint names them and what to send.
    Nothing of the complaint, the customer, the reference or the tracking code. None when not owed."""
    representative = complaint.submission.representative
    if representative is None or complaint.triage.authority != "missing":
        return None
    kind = "representative_notice"
    subject, text, html = render(kind, complaint.language, {"firm": firm, "name": representative.name})
    return EmailMessage(
        to=(representative.email,),
        reply_to=(firm.complaints_email,),
        subject=subject,
        text=text,
        html=html,
        tags={"kind": kind, "reference": complaint.reference},  # SES event records only, never shown
    )


def _message(complaint: Complaint, firm: Firm, kind: str, context: dict[str, Any]) -> EmailMessage:
    subject, text, html = render(kind, complaint.language, context)
    return EmailMessage(
        to=(complaint.submission.email,),
        cc=copied_representative(complaint),
        reply_to=(firm.complaints_email,),
        subject=subject,
        text=text,
        html=html,
        tags={"kind": kind, "reference": complaint.reference},  # bounce records name the complaint
    )


def handler_letter(
    kind: str, complaint: Complaint, firm: Firm, profile: PolicyProfile, details: dict[str, Any]
) -> EmailMessage:
    """The letters a handler's action sends: information_request, holding_reply, final_response,
    inadmissible, escalated. Only hashes of tracking tokens are kept, so these letters link to the
    track page with the reference and ask for the code from the acknowledgement."""
    language = complaint.language
    texts = i18n.catalogue(language)
    context: dict[str, Any] = {
        **letter_context(complaint, firm, profile, None),
        "answer_due": local_moment(language, profile, complaint.answer_due),
        "details": details,
    }
    if kind == "information_request":
        context["items"] = [texts["information_items"][item] for item in details["items"]]
        context["note"] = details.get("note") or ""
    elif kind == "holding_reply" and complaint.holding_reply:
        context["reason"] = complaint.holding_reply.reason
        limit = complaint.deadlines.respond_by_extended
        context["limit"] = local_moment(language, profile, limit)
    elif kind == "final_response" and complaint.final_response:
        response = complaint.final_response
        context.update(
            outcome=response.outcome,
            outcome_label=texts["outcomes"][response.outcome],
            reasons=response.reasons,
            redress=response.redress or "",
            basis=response.basis or "",
            apology=response.apology or "",
            justified=response.outcome in ("upheld", "partially_upheld"),  # seed 004 §29: apologise
        )
    elif kind == "escalated":
        context["target"] = texts["escalation_targets"][details["target"]]
    return _message(complaint, firm, kind, context)
