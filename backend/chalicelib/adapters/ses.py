"""Sends email through Amazon SES v2 as simple content: the project renders its own templates."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..emails.message import EmailMessage
from .ports import MailUnavailable


class SesMailer:
    def __init__(self, client: Any, sender: str, configuration_set: str | None = None):
        self.client = client  # a boto3 "sesv2" client
        self.sender = sender
        self.configuration_set = configuration_set

    def send(self, message: EmailMessage) -> str:
        request: dict[str, Any] = {
            "FromEmailAddress": self.sender,
            "Destination": {"ToAddresses": list(message.to), "CcAddresses": list(message.cc)},
            "ReplyToAddresses": list(message.reply_to or (self.sender,)),
            "Content": {
                "Simple": {
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": message.text, "Charset": "UTF-8"},
                        "Html": {"Data": message.html, "Charset": "UTF-8"},
                    },
                }
            },
            "EmailTags": [{"Name": name, "Value": value} for name, value in message.tags.items()],
        }
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        try:
            response = self.client.send_email(**request)
        except (ClientError, BotoCoreError) as error:
            raise MailUnavailable(type(error).__name__) from error
        return str(response["MessageId"])
