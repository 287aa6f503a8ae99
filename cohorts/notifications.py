"""E-mails about the cycle: followers told when a phase opens or closes, staff reminded of dates.

An event's row (PHASE_EVENT, written by cohorts.services with the move; STAFF_REMINDER, written
by cohorts.reminders) fans out into one e-mail row per person, keyed by the event and the person,
so each is written once and sent once; each person's row renders its message here, in their
language (website.notify: who is written to, in which language, and why each person's mail is
a row of its own).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from cohorts import reminders
from cohorts.cycle import OPENS, PHASE_LABELS, PHASE_ONE, PHASE_STAGE, PHASE_TWO, move_into, move_out_of, today
from cohorts.models import Cycle, Stage
from cohorts.services import PHASE_EVENT, STAFF_REMINDER
from communes.permissions import is_staff_of, staff_of
from website.notify import absolute, compose, fan_out, message, recipients
from website.outbox import handler


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


# Messages -------------------------------------------------------------------------------------

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


@message("phase_event")
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

    return compose("cohorts/email/phase_event", user, context)


@message("staff_reminder")
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
                   and not cycle.versions.drafts().exists())
    member, cohort = cycle.member, cycle.cohort

    def context() -> dict:
        return {
            "member": member.territory.name, "cohort": str(cohort), "on": reminder.on, "days": days,
            "planned_stage": Stage(reminder.planned_stage).label if reminder.planned_stage else None,
            "phase": PHASE_LABELS[phase] if phase else None, "phase_key": phase, "event": event,
            "needs_draft": needs_draft, "admin_url": cycle_admin_url(cycle), "member_url": member_url(member),
        }

    return compose("cohorts/email/staff_reminder", user, context)
