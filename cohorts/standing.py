"""Where a member stands in its cycle: its current cycle, the day it reached each stage, whether it is
late against its cohort's calendar, and its timeline.

One rule each, read by the admin's cycle page, the coordinators' dashboard and its exports, the
public pages, the API and the reminders. Each comes in a single-member form and a batch form that
runs the same number of queries whatever the number of members.

**The late rule.** A stage of a cycle is *late* when the last day of its planned end month (the
cohort's calendar for that cycle number) is past and the cycle has not moved past that stage: it
is in that stage, or in an earlier one. Being in a stage during its planned months is on time; the
day after the end month, it is late. A member that has left the network (its cycle is frozen) is
never late.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Exists, OuterRef, QuerySet, Subquery, When

from cohorts.cycle import PHASE_STAGE
from cohorts.models import CohortMembership, Cycle, PlannedStage, Stage, Transition
from communes.models import Member

# Stage.order() builds the list of values on every call: read once, for the dashboard's rows.
STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


# The current cycle ----------------------------------------------------------------------------

def current_cycle(member: Member) -> Cycle | None:
    """The member's cycle in progress (its highest number), with its cohort and `joined_on`."""
    return with_join_dates(member.cycles.select_related("cohort")).order_by("-number").first()


def current_cycles(*, still_in_cohort: bool = False) -> QuerySet:
    """Every member's cycle in progress, in one query: the batch form of `current_cycle`.

    `still_in_cohort` keeps only the members that have not withdrawn from that cycle's cohort.
    """
    later = Cycle.objects.filter(member=OuterRef("member"), number__gt=OuterRef("number"))
    cycles = Cycle.objects.filter(~Exists(later))
    if still_in_cohort:
        cycles = cycles.filter(Exists(CohortMembership.objects.filter(
            cohort=OuterRef("cohort"), member=OuterRef("member"),
        ).exclude(status=CohortMembership.Status.WITHDRAWN)))
    return cycles


# The day a cycle reached each stage -----------------------------------------------------------

def with_join_dates(cycles: QuerySet) -> QuerySet:
    """The cycles, each with `joined_on`: the day it started (reached "joined"), in the same query.

    No move enters "joined": a first cycle starts when the member is admitted into its cohort, a
    later one when the previous cycle closes.
    """
    admitted = CohortMembership.objects.filter(
        member=OuterRef("member"), cohort=OuterRef("cohort"), joined_on__isnull=False,
    ).order_by("joined_on").values("joined_on")[:1]
    previous_closed = Transition.objects.filter(
        cycle__member=OuterRef("member"), cycle__number=OuterRef("number") - 1, name="close_cycle",
    ).values("happened_on")[:1]
    return cycles.annotate(joined_on=Case(When(number=1, then=Subquery(admitted)),
                                          default=Subquery(previous_closed)))


def reached_dates(cycles: Iterable[Cycle]) -> dict[int, dict[str, date]]:
    """Cycle id → stage → the day the cycle reached it, for cycles from `with_join_dates`: one
    query for all of them ("joined" from the annotation, the others from the moves into them)."""
    cycles = list(cycles)
    reached: dict[int, dict[str, date]] = defaultdict(dict)
    rows = Transition.objects.filter(cycle__in=[cycle.pk for cycle in cycles]).order_by()
    for cycle_id, stage, happened_on in rows.values_list("cycle_id", "to_stage", "happened_on"):
        reached[cycle_id][stage] = happened_on
    for cycle in cycles:
        reached[cycle.pk][Stage.JOINED] = cycle.joined_on
    return reached


def reached_on(cycle: Cycle, transitions: Iterable[Transition] | None = None) -> dict[str, date]:
    """Stage → the day this cycle reached it: the single-cycle form of `reached_dates`. Pass its
    history if the caller has it; a cycle not from `with_join_dates` costs one query more."""
    if transitions is None:
        transitions = cycle.transitions.all()
    reached = {t.to_stage: t.happened_on for t in transitions}
    if not hasattr(cycle, "joined_on"):
        cycle.joined_on = with_join_dates(Cycle.objects.filter(pk=cycle.pk)).values_list(
            "joined_on", flat=True).first()
    reached[Stage.JOINED] = cycle.joined_on
    return reached


# Late against the plan ------------------------------------------------------------------------

def is_late(stage: str, cycle_stage: str, plan: PlannedStage | None, today: date, *,
            has_left: bool = False) -> bool:
    """The late rule (this module's docstring): `stage`'s planned end month is over and the cycle,
    now at `cycle_stage`, has not moved past it; never for a member that has left the network."""
    return (plan is not None and not has_left and today > plan.last_day
            and STAGE_ORDER[stage] >= STAGE_ORDER[cycle_stage])


# The timeline ---------------------------------------------------------------------------------

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


@dataclass
class Step:
    """One stage of a member's cycle: done (with its actual dates), current (since when), or
    upcoming; its line in the cohort's calendar, and the dates planned for it."""

    stage: str
    label: str
    status: str  # DONE, CURRENT, UPCOMING
    plan: PlannedStage | None = None
    started_on: date | None = None
    ended_on: date | None = None
    late: bool = False
    # Planned: the member's own phase dates (days), or the cohort's calendar (months).
    planned_from: date | None = None
    planned_to: date | None = None
    planned_in_months: bool = False
    uncertain: bool = False

    @property
    def is_current(self) -> bool:
        return self.status == CURRENT

    @property
    def is_done(self) -> bool:
        return self.status == DONE

    @property
    def same_month(self) -> bool:
        return bool(self.planned_from and self.planned_to and self.planned_from.replace(day=1)
                    == self.planned_to.replace(day=1))

    @property
    def same_day(self) -> bool:
        return bool(self.started_on and self.started_on == self.ended_on)


@dataclass
class Timeline:
    cycle: Cycle
    steps: list[Step] = field(default_factory=list)

    @property
    def current(self) -> Step | None:
        return next((step for step in self.steps if step.is_current), None)


def timeline(cycle: Cycle, today: date, *, transitions: Iterable[Transition] | None = None,
             plans: Iterable[PlannedStage] | None = None) -> Timeline:
    """Every stage in order: done ones with the days the cycle reached and left them (from its
    history), the current one since when, each with its planned dates and the late flag.

    `transitions` and `plans` (the cohort's calendar) may be passed in to keep a page's queries flat.
    """
    if transitions is None:
        transitions = list(cycle.transitions.order_by("recorded_at", "pk"))
    if plans is None:
        plans = PlannedStage.objects.filter(cohort_id=cycle.cohort_id, cycle_number=cycle.number)
    plan_of = {plan.stage: plan for plan in plans if plan.cycle_number == cycle.number}
    reached = reached_on(cycle, transitions)
    left = {t.from_stage: t.happened_on for t in transitions}
    phase_of = {stage: phase for phase, stage in PHASE_STAGE.items()}
    has_left = not cycle.member.is_active
    now_order = STAGE_ORDER[cycle.stage]
    steps = []
    for order, (stage, label) in enumerate(Stage.choices):
        status = DONE if order < now_order else CURRENT if order == now_order else UPCOMING
        plan = plan_of.get(stage)
        step = Step(stage, str(label), status, plan, late=is_late(stage, cycle.stage, plan, today, has_left=has_left))
        if status == CURRENT:
            step.started_on = reached.get(stage) or cycle.stage_since
        elif status == DONE:
            step.started_on, step.ended_on = reached.get(stage), left.get(stage)
        opens_on, closes_on = cycle.phase_dates(phase_of[stage]) if stage in phase_of else (None, None)
        if opens_on and closes_on:
            step.planned_from, step.planned_to = opens_on, closes_on
        elif plan:
            step.planned_from, step.planned_to = plan.first_day, plan.last_day
            step.planned_in_months, step.uncertain = True, plan.uncertain
        steps.append(step)
    return Timeline(cycle, steps)
