"""Staff reminders before the dates that concern them, written to the outbox once each.

A daily job (`write_reminders`, in CELERY_BEAT_SCHEDULE) looks at every current cycle and writes
one outbox row per (cycle, what, date, offset):

- the member's own phase dates (a phase opens, or has its last day): 7 days and 1 day before;
- the planned start of the member's next stage in its cohort's calendar, which is in months:
  once, from the first day of the month before.

The row's key is made of those four parts, so the job may run any number of times a day, or
miss a day: a missed reminder is written on the next run if its date is still ahead (only the
nearest offset, so nobody gets two reminders of one date on the same day). The row's handler
(cohorts.notifications) checks that the reminder still holds, then writes one e-mail row per
staff member.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from cohorts.cycle import PHASE_STAGE, PHASES, today
from cohorts.models import Cycle, PlannedStage, Stage
from cohorts.services import STAFF_REMINDER
from cohorts.standing import current_cycles
from communes.models import Member
from website.outbox import Outbox

PHASE_OFFSETS = (7, 1)  # days before a phase date
MONTH_BEFORE = "month"  # planned stages: from the first day of the month before
PLANNED = "planned_"


@dataclass(frozen=True)
class Reminder:
    """One reminder of one date to one cycle's staff."""

    cycle_id: int
    what: str  # "<phase>_opens", "<phase>_closes" or "planned_<stage>"
    on: date  # the date reminded of; for a planned stage, the first day of its month
    offset: str  # days before ("7", "1"), or MONTH_BEFORE

    @property
    def key(self) -> str:
        return f"reminder:{self.cycle_id}:{self.what}:{self.on.isoformat()}:{self.offset}"

    @property
    def planned_stage(self) -> str | None:
        return self.what.removeprefix(PLANNED) if self.what.startswith(PLANNED) else None

    @property
    def phase_event(self) -> tuple[str, str] | None:
        """(phase, event) for a phase date, e.g. ("phase_one", "opens")."""
        if self.planned_stage:
            return None
        phase, event = self.what.rsplit("_", 1)
        return phase, event

    def payload(self) -> dict:
        return {"cycle": self.cycle_id, "what": self.what, "on": self.on.isoformat(), "offset": self.offset}

    @classmethod
    def from_payload(cls, payload: dict) -> "Reminder":
        return cls(payload["cycle"], payload["what"], date.fromisoformat(payload["on"]), payload["offset"])


def cycles_to_remind():
    """Current cycles of active members still in their cohort. Demo cycles are left out: demo
    progress on a real member must not send its real staff reminders of made-up dates."""
    return current_cycles(still_in_cohort=True).filter(member__status=Member.Status.ACTIVE, is_demo=False)


def phase_dates_ahead(cycle: Cycle) -> list[tuple[str, date]]:
    """The phase dates still to come for this cycle's stage: ("phase_one_opens", date), …"""
    order = Stage.order(cycle.stage)
    dates = []
    for phase in PHASES:
        opens_on, closes_on = cycle.phase_dates(phase)
        if opens_on is None or closes_on is None:
            continue
        phase_order = Stage.order(PHASE_STAGE[phase])
        if order < phase_order:
            dates.append((f"{phase}_opens", opens_on))
        if order <= phase_order:
            dates.append((f"{phase}_closes", closes_on))
    return dates


def next_planned_stage(cycle: Cycle, plans: list[PlannedStage], day: date) -> PlannedStage | None:
    """The cycle's next stage in the calendar: the first, from its own stage on, whose planned
    month is still ahead (a member waiting for its council's session is at "council" before the
    month planned for it). A phase with the member's own dates has its own reminders instead."""
    order = Stage.order(cycle.stage)
    ahead = [plan for plan in plans if Stage.order(plan.stage) >= order and plan.first_day > day]
    plan = min(ahead, key=lambda plan: Stage.order(plan.stage), default=None)
    if plan is None:
        return None
    phase = next((phase for phase, stage in PHASE_STAGE.items() if stage == plan.stage), None)
    if phase and all(cycle.phase_dates(phase)):
        return None
    return plan


def month_before(first_day: date) -> date:
    return (first_day - timedelta(days=1)).replace(day=1)


def nearest_offset(on: date, day: date) -> int | None:
    """The smallest offset whose day has come, while the date is still ahead."""
    return next((days for days in sorted(PHASE_OFFSETS) if on - timedelta(days=days) <= day < on), None)


def due_reminders(now=None) -> list[Reminder]:
    """Every reminder due today (Africa/Casablanca), written or not."""
    day = today(now)
    cycles = list(cycles_to_remind())
    plans: dict[tuple[int, int], list[PlannedStage]] = defaultdict(list)
    for plan in PlannedStage.objects.filter(cohort__in={cycle.cohort_id for cycle in cycles}):
        plans[plan.cohort_id, plan.cycle_number].append(plan)
    due = []
    for cycle in cycles:
        for what, on in phase_dates_ahead(cycle):
            offset = nearest_offset(on, day)
            if offset is not None:
                due.append(Reminder(cycle.pk, what, on, str(offset)))
        plan = next_planned_stage(cycle, plans[cycle.cohort_id, cycle.number], day)
        if plan and month_before(plan.first_day) <= day:
            due.append(Reminder(cycle.pk, f"{PLANNED}{plan.stage}", plan.first_day, MONTH_BEFORE))
    return due


def write_reminders(now=None) -> list[Reminder]:
    """Write the reminders due today that were not written before; returns those it wrote."""
    due = due_reminders(now)
    written_before = set(Outbox.objects.filter(key__in=[reminder.key for reminder in due])
                         .values_list("key", flat=True))
    written = []
    for reminder in due:
        if reminder.key not in written_before:
            Outbox.enqueue(STAFF_REMINDER, reminder.key, reminder.payload())
            written.append(reminder)
    return written


def still_due(reminder: Reminder, cycle: Cycle, day: date) -> bool:
    """Whether a written reminder still says something true: its date is ahead, unchanged, and
    the cycle has not reached it (the handler runs later, maybe after an outage)."""
    if reminder.on < day:
        return False
    if reminder.planned_stage:
        plans = list(PlannedStage.objects.filter(cohort_id=cycle.cohort_id, cycle_number=cycle.number))
        plan = next_planned_stage(cycle, plans, min(day, reminder.on - timedelta(days=1)))
        return plan is not None and plan.stage == reminder.planned_stage and plan.first_day == reminder.on
    phase, event = reminder.phase_event
    return (f"{phase}_{event}", reminder.on) in phase_dates_ahead(cycle)
