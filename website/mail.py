"""E-mail through the outbox: allauth's and Wagtail's mails are rows first, messages later."""

import uuid

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMultiAlternatives

from website.outbox import Outbox, handler


class OutboxEmailBackend(BaseEmailBackend):
    """Stores each message as an outbox row; the relay sends it with the delivery backend."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            Outbox.enqueue(
                "email",
                f"email:{uuid.uuid4()}",
                {
                    "subject": message.subject,
                    "body": message.body,
                    "from_email": message.from_email,
                    "to": list(message.to),
                    "cc": list(message.cc),
                    "bcc": list(message.bcc),
                    "reply_to": list(message.reply_to),
                    "headers": dict(message.extra_headers),
                    "alternatives": [
                        [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
                    ],
                },
            )
        return len(email_messages)


def delivery_connection():
    """The real backend (SMTP or console), from EMAIL_URL."""
    config = settings.OUTBOX_EMAIL_DELIVERY
    return get_connection(
        backend=config["EMAIL_BACKEND"],
        host=config.get("EMAIL_HOST"),
        port=config.get("EMAIL_PORT"),
        username=config.get("EMAIL_HOST_USER"),
        password=config.get("EMAIL_HOST_PASSWORD"),
        use_tls=config.get("EMAIL_USE_TLS", False),
        use_ssl=config.get("EMAIL_USE_SSL", False),
        timeout=10,
    )


@handler("email")
def send_email(payload: dict) -> None:
    """Send one stored message with the delivery backend (attachments are not stored)."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload.get("cc"),
        bcc=payload.get("bcc"),
        reply_to=payload.get("reply_to"),
        headers=payload.get("headers"),
        connection=delivery_connection(),
    )
    for content, mimetype in payload.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    message.send()
