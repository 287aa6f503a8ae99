"""E-mail through the outbox: allauth's and Wagtail's mails are rows first, messages later.

Once a mail is sent its row keeps the subject and the addresses only (`sent_record`): the body
holds the links that confirm an address or reset a password, and is not kept. Subjects carry no
secret (allauth's say "Password Reset", "Sign-In Code"; Wagtail's and ours name a page or a
member), so a person's data can say "a mail titled X was sent to you on D".
"""

import uuid
from email.utils import getaddresses

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMultiAlternatives
from django.db.models import Q

from website.outbox import EMAIL, Outbox, handler


def account_for(addresses: list[str]) -> int | None:
    """The id of the account the first address belongs to (its login or another of its
    addresses), or None. The platform's mails go to one person each (allauth's, Wagtail's, ours)."""
    parsed = [address for _name, address in getaddresses(addresses) if address]
    if not parsed:
        return None
    address = parsed[0].lower()  # accounts and allauth store addresses in lower case
    return (get_user_model().objects.filter(Q(email=address) | Q(emailaddress__email=address))
            .values_list("pk", flat=True).first())


class OutboxEmailBackend(BaseEmailBackend):
    """Stores each message as an outbox row; the relay sends it with the delivery backend."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            Outbox.enqueue(
                EMAIL,
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
                recipient_id=account_for([*message.to, *message.cc, *message.bcc]),
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


def sent_record(payload: dict) -> dict:
    """What a sent mail's row keeps: its subject and addresses, not its body or headers."""
    return {field: payload.get(field) or [] for field in ("to", "cc", "bcc")} | {"subject": payload["subject"]}


@handler(EMAIL)
def send_email(payload: dict) -> dict:
    """Send one stored message with the delivery backend (attachments are not stored); returns
    what its row keeps."""
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
    return sent_record(payload)
