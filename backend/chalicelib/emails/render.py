"""Renders the letters to customers from the project's Jinja2 templates, one per language.

HTML templates are autoescaped; plain-text templates are not HTML and are not escaped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..domain.complaint import Complaint, Submission
from ..domain.firm import Firm
from ..domain.profiles import PolicyProfile, service_of
from ..i18n.dates import date_and_time, long_date
from .message import EmailMessage

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR = Path(__file__).parent / "templates"
# The letters after the acknowledgement that link to the track page, each with a token of its own.
TRACKED_LETTERS = frozenset(
    {"information_request", "holding_reply", "final_response", "deadline_extended", "escalated"}
)
NARROW_NBSP = "\u202f"  # French: between thousands, and before the currency sign


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Imported on the first letter, not with the handler: a cold start that renders none skips it.
    import jinja2

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
    if "firm" in context:
        context = {**_firm_words(context["firm"], language), **context}
    text = environment.get_template(f"{kind}.{language}.txt").render(context)
    html = environment.get_template(f"{kind}.{language}.html").render(context)
    subject, _, body = text.partition("\n")
    return subject.removeprefix("Subject: ").strip(), body.lstrip("\n"), html


def _firm_words(firm: Firm, language: str) -> dict[str, Any]:
    """The footer and contacts in the letter's language, and the logo on the firm's own site."""
    return {
        "postal_address": firm.postal_address_in(language),
        "supervisor": firm.supervisor_in(language),
        "logo_url": firm.logo_url,
    }


def tracking_url(firm_site_url: str, language: str, reference: str, token: str | None = None) -> str:
    # The token rides in the fragment: browsers never send it to a server or in a Referer.
    prefix = "" if language == "en" else f"{language}/"
    url = f"{firm_site_url.rstrip('/')}/{prefix}track/?reference={reference}"
    return f"{url}#token={token}" if token else url


def local_moment(language: str, profile: PolicyProfile, moment: datetime | None) -> str:
    """A deadline or event time as the customer reads it, in the firm's time zone, named as its
    people name it: "8 décembre 2026 à 23:59 (heure de Vilnius)"."""
    if not moment:
        return ""
    zone = i18n.time_zone_name(language, profile.time_zone)
    return f"{date_and_time(language, moment.astimezone(profile.zone))} ({zone})"


def money_text(language: str, value: str, currency: str) -> str:
    """An amount as the language writes money: €1,250.00; 1 250,00 € (narrow spaces); 1.250,00 €.
    A currency other than the euro goes by its code: before the number in English, after it otherwise."""
    if not re.fullmatch(r"\d+(\.\d+)?", value):
        return f"{value} {currency}"
    whole, _, fraction = value.partition(".")
    grouped = f"{int(whole):,}".replace(",", {"en": ",", "fr": NARROW_NBSP}.get(language, "."))
    number = grouped + ({"en": "."}.get(language, ",") + fraction if fraction else "")
    if language == "en":
        return f"€{number}" if currency == "EUR" else f"{currency} {number}"
    space = NARROW_NBSP if language == "fr" else " "
    return f"{number}{space}{'€' if currency == 'EUR' else currency}"


def _amount(language: str, submission: Submission) -> str:
    money = submission.amount_disputed
    return money_text(language, money.value, money.currency) if money else ""


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
        "country": i18n.country_name(language, s.country),
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
        "amount_disputed": _amount(language, s),
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
    if body:  # named and addressed in the reader's language
        body = replace(body, name=body.name_in(language), postal_address=body.postal_address_in(language))
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
    kind: str,
    complaint: Complaint,
    firm: Firm,
    profile: PolicyProfile,
    details: dict[str, Any],
    token: str | None = None,
) -> EmailMessage:
    """The letters a handler's action sends: information_request, holding_reply, final_response,
    deadline_extended, inadmissible, escalated. Those of TRACKED_LETTERS link to the track page with
    `token`, minted for the letter (only hashes are kept, so the acknowledgement's cannot be reused)."""
    language = complaint.language
    texts = i18n.catalogue(language)
    context: dict[str, Any] = {
        **letter_context(complaint, firm, profile, token),
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
