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
from ..dates import date_and_time, long_date
from ..domain.complaint import Complaint
from ..domain.firm import Firm
from ..domain.profiles import PolicyProfile
from .message import EmailMessage

TEMPLATE_DIR = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment


def render(kind: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) of a letter; the subject is the text template's first line."""
    environment = _environment()
    text = environment.get_template(f"{kind}.{language}.txt").render(context)
    html = environment.get_template(f"{kind}.{language}.html").render(context)
    subject, _, body = text.partition("\n")
    return subject.removeprefix("Subject: ").strip(), body.lstrip("\n"), html


def tracking_url(firm_site_url: str, language: str, reference: str, token: str) -> str:
    # The token rides in the fragment: browsers never send it to a server or in a Referer.
    prefix = "" if language == "en" else f"{language}/"
    return f"{firm_site_url.rstrip('/')}/{prefix}track/?reference={reference}#token={token}"


def _local(moment: datetime | None, profile: PolicyProfile) -> datetime | None:
    return moment.astimezone(profile.zone) if moment else None


def submission_rows(complaint: Complaint, firm: Firm) -> list[tuple[str, str]]:
    """The customer's submission as (label, value) rows, for the copy in the acknowledgement."""
    language = complaint.language
    words = i18n.catalogue(language)["words"]
    s = complaint.submission
    label = lambda name: i18n.field_label(language, name)  # noqa: E731 - a short local alias
    rows = [
        (label("email"), s.email),
        (label("has_account"), words["yes"] if s.has_account else words["no"]),
        (label("account_id"), s.account_id or ""),
        (label("full_name"), s.full_name),
        (label("country"), s.country),
        (label("customer_type"), i18n.catalogue(language)["customer_types"][s.customer_type]),
        (label("category"), i18n.category_label(language, s.category, firm.extra_categories)),
        (label("incident_date"), long_date(language, s.incident_date)),
        (label("incident_time"), s.incident_time or ""),
        (label("description"), s.description),
        (label("transaction_ids"), ", ".join(s.transaction_ids)),
        (label("ticket_ids"), ", ".join(s.ticket_ids)),
        (label("people_involved"), s.people_involved or ""),
        (label("desired_resolution"), s.desired_resolution),
        (label("actions_taken"), s.actions_taken or ""),
        (label("amount_disputed"), f"{s.amount_disputed.value} {s.amount_disputed.currency}" if s.amount_disputed else ""),
        (label("phone"), s.phone or ""),
        (label("address"), s.address or ""),
    ]
    if s.representative:
        r = s.representative
        rows.append((label("representative"), f"{r.name} ({r.capacity}), {r.email}"))
    return [(name, value) for name, value in rows if value]


def acknowledgement(complaint: Complaint, token: str, firm: Firm, profile: PolicyProfile) -> EmailMessage:
    language = complaint.language
    deadlines = complaint.deadlines
    local = lambda moment: _local(moment, profile)  # noqa: E731
    when = lambda moment: date_and_time(language, local(moment)) if moment else ""  # type: ignore[arg-type]  # noqa: E731
    period = profile.respond_period(complaint.customer_type, None)
    extended = profile.extended_period(complaint.customer_type)
    context = {
        "firm": firm,
        "reference": complaint.reference,
        "received_at": when(complaint.received_at),
        "respond_by": when(deadlines.respond_by),
        "respond_period": i18n.period_text(language, period),
        "graded": profile.graded_by_complexity,
        "respond_by_extended": when(deadlines.respond_by_extended),
        "extended_period": i18n.period_text(language, extended) if extended else "",
        "investigate_by": when(deadlines.investigate_by),
        "urgent": complaint.submission.category == "unauthorised_transaction",
        "representative": complaint.submission.representative,
        "rows": submission_rows(complaint, firm),
        "tracking_url": tracking_url(firm.site_url, language, complaint.reference, token),
        "token": token,
        "remedies": i18n.remedy_texts(language, profile),
        "time_zone": profile.time_zone,
    }
    subject, text, html = render("acknowledgement", language, context)
    representative = complaint.submission.representative
    return EmailMessage(
        to=(complaint.submission.email,),
        cc=(representative.email,) if representative else (),
        reply_to=(firm.complaints_email,),
        subject=subject,
        text=text,
        html=html,
        tags={"kind": "acknowledgement"},
    )
