"""One contract for the mailer, run against the in-memory twin and SES v2 (moto)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from chalicelib.adapters.memory import MemoryMailer
from chalicelib.adapters.ports import MailUnavailable
from chalicelib.adapters.ses import SesMailer
from chalicelib.config.firm import load_firm
from chalicelib.emails.message import EmailMessage

from tests.integration.conftest import sent_messages

MESSAGE = EmailMessage(
    to=("ana@example.com",),
    cc=("jonas@example.com",),
    subject="We have received your complaint K7M2-QX9P",
    text="Plain text",
    html="<p>HTML</p>",
    tags={"kind": "acknowledgement"},
)


def refuse(**_: Any) -> None:
    raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "SendEmail")


class MailerContract:
    @pytest.fixture
    def mailer(self) -> Any:
        raise NotImplementedError

    def outage(self, mailer: Any) -> None:
        raise NotImplementedError

    def sent(self, mailer: Any) -> list[Any]:
        raise NotImplementedError

    def test_a_message_is_sent_and_gets_an_id(self, mailer: Any) -> None:
        """The mail service's message id is what the complaint records."""
        assert mailer.send(MESSAGE)
        assert len(self.sent(mailer)) == 1

    def test_an_outage_raises_mail_unavailable_and_sends_nothing(self, mailer: Any) -> None:
        """The service turns every failure into one exception the services understand."""
        self.outage(mailer)
        with pytest.raises(MailUnavailable):
            mailer.send(MESSAGE)
        assert self.sent(mailer) == []


class TestMemoryMailer(MailerContract):
    @pytest.fixture
    def mailer(self) -> Any:
        return MemoryMailer()

    def outage(self, mailer: Any) -> None:
        mailer.unavailable = True

    def sent(self, mailer: Any) -> list[Any]:
        return mailer.sent


class TestSesMailer(MailerContract):
    @pytest.fixture
    def mailer(self, aws: None) -> Any:
        return SesMailer(boto3.client("sesv2"), load_firm().complaints_email)

    def outage(self, mailer: Any) -> None:
        mailer.client.meta.events.register("before-call.sesv2.SendEmail", refuse)

    def sent(self, mailer: Any) -> list[Any]:
        return sent_messages()

    def test_the_message_reaches_ses_with_its_subject_and_recipients(self, mailer: Any) -> None:
        """From the firm's verified sender, to the customer, copy to the representative."""
        mailer.send(MESSAGE)
        message = sent_messages()[0]
        assert message.subject == MESSAGE.subject
        assert message.destinations["ToAddresses"] == ["ana@example.com"]
        assert message.destinations["CcAddresses"] == ["jonas@example.com"]
        assert message.source == load_firm().complaints_email

    def test_an_unverified_sender_is_refused_as_unavailable(self, aws: None) -> None:
        """A misconfigured sender is retried later, not lost."""
        with pytest.raises(MailUnavailable):
            SesMailer(boto3.client("sesv2"), "nobody@unverified.example").send(MESSAGE)


def test_a_line_break_cannot_reach_an_email_header() -> None:
    """Defence in depth behind validation: a header with CR/LF never becomes a message."""
    with pytest.raises(ValueError, match="line break"):
        EmailMessage(to=("a@example.com\r\nBcc: b@example.com",), subject="s", text="t", html="h")
    with pytest.raises(ValueError, match="line break"):
        EmailMessage(to=("a@example.com",), subject="Hello\nBcc: b@example.com", text="t", html="h")
