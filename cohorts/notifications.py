"""E-mails about the cycle: followers told when a phase opens or closes, staff reminded of dates.

Each e-mail is one outbox row for one person, keyed by the event and the person, so it is
written once and sent once. An event's row (PHASE_EVENT, written by cohorts.services with the
move; STAFF_REMINDER, written by cohorts.reminders) fans out into these rows; each person's row
renders the message in their language and hands it to the delivery backend itself. Sending
through EMAIL_BACKEND instead would only write a second row: this way an SMTP failure fails the
person's own row, which keeps the error and its attempts and is retried (with back-off) until the
server is back, and a mail that went out is not sent again, since its row is then done. (A crash
between the server's acceptance and the row's commit is the one window where a mail could go
twice; none is ever lost.)

Language: a person's preferred language, where they chose one (Wagtail's user profile, which
staff set in the admin); otherwise the message is bilingual, Arabic then French, the two
languages of Moroccan administration. Deleted (anonymised) and inactive accounts get nothing.
"""

from collections.abc import Callable, Iterable
from datetime import date
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from cohorts import reminders
from cohorts.cycle import OPENS, PHASE_LABELS, PHASE_ONE, PHASE_STAGE, PHASE_TWO, move_into, move_out_of, today
from cohorts.models import Cycle, ProgrammeVersion, Stage
from cohorts.services import PHASE_EVENT, STAFF_REMINDER
from communes.permissions import is_staff_of, staff_of
from website.languages import LANGUAGE_CODES, RTL_LANGUAGES
from website.mail import send_email
from website.outbox import Outbox, handler

# One e-mail to one person: payload {"mail": <a key of MESSAGES>, "user": id, …}.
PERSONAL_MAIL = "cohorts.mail"
# Without a stored preference: both languages of the administration, Arabic first.
BILINGUAL = ("ar", "fr")


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


@handler(PHASE_EVENT)
def tell_followers(payload: dict) -> None:
    """A phase of a member opened or closed: one e-mail row per follower."""
    cycle = Cycle.objects.filter(pk=payload["cycle"], is_demo=False).first()
    if cycle is None:  # demo progress is not announced to real people
        return
    phase, event = payload["phase"], payload["event"]
    followers = recipients(get_user_model().objects.filter(follows__member_id=cycle.member_id))
    fan_out(f"phase:{cycle.pk}:{phase}:{event}",
            {"mail": "phase_event", "cycle": cycle.pk, "phase": phase, "event": event,
             "on": event_date(cycle, phase, event).isoformat()},
            followers.values_list("pk", flat=True))


def event_date(cycle: Cycle, phase: str, event: str) -> date:
    """The day the phase opened, or its last day, as the move recorded it."""
    name = (move_into(phase) if event == OPENS else move_out_of(phase)).name
    transition = cycle.transitions.filter(name=name).first()
    if transition:
        return transition.happened_on
    opens_on, closes_on = cycle.phase_dates(phase)
    return (opens_on if event == OPENS else closes_on) or today()


@handler(STAFF_REMINDER)
def remind_staff(payload: dict) -> None:
    """A date is near: one e-mail row per member of the cycle's staff, if it still holds."""
    reminder = reminders.Reminder.from_payload(payload)
    cycle = reminders.cycles_to_remind().select_related("member").filter(pk=reminder.cycle_id).first()
    if cycle is None or not reminders.still_due(reminder, cycle, today()):
        return
    staff = recipients(staff_of(cycle.member))
    fan_out(reminder.key, {"mail": "staff_reminder", **reminder.payload()}, staff.values_list("pk", flat=True))


@handler(PERSONAL_MAIL)
def send_personal_mail(payload: dict) -> dict | None:
    """Render one person's e-mail and send it with the delivery backend (an error is retried);
    the row then keeps the subject and address only (website.mail.sent_record)."""
    user = recipients(get_user_model().objects.filter(pk=payload["user"])).first()
    if user is None:
        return None
    message = MESSAGES[payload["mail"]](payload, user)
    return send_email(message) if message is not None else None


# Messages -------------------------------------------------------------------------------------

def languages_for(user) -> tuple[str, ...]:
    """The person's chosen language, or Arabic and French (nothing else tells us which they read)."""
    from wagtail.users.models import UserProfile

    preferred = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    return (preferred,) if preferred in LANGUAGE_CODES else BILINGUAL


def absolute(path: str) -> str:
    """A link for an e-mail: the site's public address (WAGTAILADMIN_BASE_URL) and the path."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def member_url(member) -> str:
    """The member's page in the active language."""
    language = translation.get_language()
    page = member.page_in(language)
    return absolute((page.get_url() if page else None) or f"/{language}/")


def cycle_admin_url(cycle: Cycle) -> str:
    """The cycle's page in the admin (its dates, moves and buttons), or the admin's home."""
    try:
        return absolute(reverse("cohorts_cycle:detail", args=[cycle.pk]))
    except NoReverseMatch:
        return absolute("/admin/")


def compose(template: str, user, context: Callable[[], dict]) -> dict:
    """The message (as website.mail.send_email takes it) in the person's language or languages.

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
                "subject": " ".join(render_to_string(f"cohorts/email/{template}_subject.txt", values).split()),
                "text": render_to_string(f"cohorts/email/{template}.txt", values).strip(),
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
        "alternatives": [[render_to_string("cohorts/email/message.html", {"parts": parts, "subject": subject}),
                          "text/html"]],
    }


def text_to_html(text: str) -> str:
    """The plain text as paragraphs with live links; each link isolated left to right, or an
    Arabic paragraph would move a URL's trailing slash to its other end."""
    # urlize escapes the text; linebreaks then only adds the tags.
    return mark_safe(linebreaks(urlize(text, autoescape=True)).replace("<a ", '<a dir="ltr" '))


def phase_event_message(payload: dict, user) -> dict | None:
    """To a follower: a member's phase opened or closed."""
    cycle = Cycle.objects.select_related("member__territory").filter(pk=payload["cycle"]).first()
    if cycle is None or not user.follows.filter(member_id=cycle.member_id).exists():
        return None  # stopped following since
    phase, event = payload["phase"], payload["event"]
    if event == OPENS and Stage.order(cycle.stage) > Stage.order(PHASE_STAGE[phase]):
        return None  # held up (an outage) until the phase closed: its closing mail says what happened
    member = cycle.member
    opens_on, closes_on = cycle.phase_dates(phase)
    next_opens_on, next_closes_on = cycle.phase_dates(PHASE_TWO) if phase == PHASE_ONE else (None, None)

    def context() -> dict:
        page = member_url(member)
        return {
            "member": member.territory.name, "phase": PHASE_LABELS[phase], "phase_key": phase,
            "event": event, "on": date.fromisoformat(payload["on"]),
            "opens_on": opens_on, "closes_on": closes_on,
            "next_opens_on": next_opens_on, "next_closes_on": next_closes_on,
            "member_url": page, "follow_url": f"{page}#follow",
            "account_url": absolute(f"/accounts/my-data/?lang={translation.get_language()}"),
        }

    return compose("phase_event", user, context)


def staff_reminder_message(payload: dict, user) -> dict | None:
    """To a member's staff: one of its dates is near."""
    reminder = reminders.Reminder.from_payload(payload)
    cycle = Cycle.objects.select_related("member__territory", "cohort").filter(pk=reminder.cycle_id).first()
    if cycle is None or not is_staff_of(user, cycle.member):
        return None  # no longer on this member's staff
    days = (reminder.on - today()).days
    if days < 0:
        return None  # held up past its date (an outage): a reminder of the past helps nobody
    phase, event = reminder.phase_event or (None, None)
    needs_draft = (phase == PHASE_TWO and event == OPENS
                   and not cycle.versions.filter(kind=ProgrammeVersion.Kind.DRAFT).exists())
    member, cohort = cycle.member, cycle.cohort

    def context() -> dict:
        return {
            "member": member.territory.name, "cohort": str(cohort), "on": reminder.on, "days": days,
            "planned_stage": Stage(reminder.planned_stage).label if reminder.planned_stage else None,
            "phase": PHASE_LABELS[phase] if phase else None, "phase_key": phase, "event": event,
            "needs_draft": needs_draft, "admin_url": cycle_admin_url(cycle), "member_url": member_url(member),
        }

    return compose("staff_reminder", user, context)


MESSAGES: dict[str, Callable[[dict, object], dict | None]] = {
    "phase_event": phase_event_message,
    "staff_reminder": staff_reminder_message,
}
