"""Mail to one person at a time, in their language, for every app.

An app's event (an outbox row of its own kind) fans out into one PERSONAL_MAIL row per person
(`fan_out`), keyed by the event and the person, so it is written once and sent once. Each
person's row renders its message in their language (`compose`, from the app's templates) and
hands it to the delivery backend itself. Sending through EMAIL_BACKEND instead would only write a
second row: this way an SMTP failure fails the person's own row, which keeps the error and its
attempts and is retried (with back-off) until the server is back, and a mail that went out is not
sent again, since its row is then done. (A crash between the server's acceptance and the row's
commit is the one window where a mail could go twice; none is ever lost.)

An app names its messages with `message(name)`: a function that takes the row's payload and the
person and returns the message (`compose`'s answer), or None when there is nothing to say any
more (the person stopped following, left the staff…).

Language: a person's preferred language, where they chose one (Wagtail's user profile, which
staff set in the admin); otherwise the message is bilingual, Arabic then French, the two
languages of Moroccan administration. Deleted (anonymised) and inactive accounts get nothing.
"""

from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from website.languages import LANGUAGE_CODES, RTL_LANGUAGES
from website.mail import send_email
from website.outbox import Outbox, handler, register_once

# One e-mail to one person: payload {"mail": <a name given to message()>, "user": id, …}.
PERSONAL_MAIL = "personal_mail"
# Without a stored preference: both languages of the administration, Arabic first.
BILINGUAL = ("ar", "fr")

# A message takes the row's payload and the person, and returns compose()'s answer or None.
Message = Callable[[dict, object], dict | None]
MESSAGES: dict[str, Message] = {}


def message(name: str):
    """Register the function that writes the messages of this name (one function per name, as
    outbox handlers: a second one is refused at import)."""
    return lambda func: register_once(MESSAGES, name, func, refusal=(
        "Message {name} is already written by {registered}; {new} needs a name of its own."))


def recipients(users):
    """People who may be written to: active accounts that were not deleted."""
    return users.filter(is_active=True, deleted_at__isnull=True).exclude(email="")


def fan_out(key: str, payload: dict, user_ids: Iterable[int]) -> None:
    """One PERSONAL_MAIL row per person, keyed `<key>:user:<id>`; rows written before are kept."""
    Outbox.objects.bulk_create(
        [Outbox(kind=PERSONAL_MAIL, key=f"{key}:user:{user_id}", payload={**payload, "user": user_id},
                recipient_id=user_id)
         for user_id in user_ids],
        batch_size=500, ignore_conflicts=True,
    )


@handler(PERSONAL_MAIL)
def send_personal_mail(payload: dict) -> dict | None:
    """Render one person's e-mail and send it with the delivery backend (an error is retried);
    the row then keeps the subject and address only (website.mail.sent_record)."""
    user = recipients(get_user_model().objects.filter(pk=payload["user"])).first()
    if user is None:
        return None
    composed = MESSAGES[payload["mail"]](payload, user)
    return send_email(composed) if composed is not None else None


def languages_for(user) -> tuple[str, ...]:
    """The person's chosen language, or Arabic and French (nothing else tells us which they read)."""
    from wagtail.users.models import UserProfile

    preferred = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    return (preferred,) if preferred in LANGUAGE_CODES else BILINGUAL


def absolute(path: str) -> str:
    """A link for an e-mail: the site's public address (WAGTAILADMIN_BASE_URL) and the path."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def compose(template: str, user, context: Callable[[], dict]) -> dict:
    """The message (as website.mail.send_email takes it) in the person's language or languages.

    `template` names the message's two templates, `<template>_subject.txt` and `<template>.txt`
    (e.g. "cohorts/email/phase_event"); the HTML part wraps their text in website/email/message.html.
    `context` is called once per language, inside it, so names and links follow the language;
    dates are formatted by the templates, with Morocco's month names in Arabic.
    """
    parts = []
    for language in languages_for(user):
        with translation.override(language):
            values = context()
            parts.append({
                "language": language,
                "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
                "subject": " ".join(render_to_string(f"{template}_subject.txt", values).split()),
                "text": render_to_string(f"{template}.txt", values).strip(),
            })
            parts[-1]["html"] = text_to_html(parts[-1]["text"])
    subject = " / ".join(part["subject"] for part in parts)
    return {
        "subject": subject,
        "body": "\n\n— — —\n\n".join(part["text"] for part in parts),
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [user.email],
        "headers": {"Auto-Submitted": "auto-generated",
                    "Content-Language": ", ".join(part["language"] for part in parts)},
        "alternatives": [[render_to_string("website/email/message.html", {"parts": parts, "subject": subject}),
                          "text/html"]],
    }


def text_to_html(text: str) -> str:
    """The plain text as paragraphs with live links; each link isolated left to right, or an
    Arabic paragraph would move a URL's trailing slash to its other end."""
    # urlize escapes the text; linebreaks then only adds the tags.
    return mark_safe(linebreaks(urlize(text, autoescape=True)).replace("<a ", '<a dir="ltr" '))
