"""An email ready to send: addresses checked, content rendered."""

from __future__ import annotations

from dataclasses import field

from ..domain.value import frozen


@frozen
class EmailMessage:
    """One email, rendered and ready for the mail service."""

    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    cc: tuple[str, ...] = ()
    reply_to: tuple[str, ...] = ()
    # SES message tags, e.g. {"kind": "acknowledgement", "reference": "K7M2-QX9P"}; never personal data
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Defence in depth: validation already refuses line breaks in single-line fields.
        for value in (self.subject, *self.to, *self.cc, *self.reply_to):
            if "\r" in value or "\n" in value:
                raise ValueError("line break in an email header")
