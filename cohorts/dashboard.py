"""The coordinators' dashboard: who is late, and on what (DESIGN §4.4; issue 3, point 4).

Everything here is computed from the data, in the same number of queries whatever the number of
members: the rows come from one annotated query and one prefetch, the figures from aggregates.

A member is late when one of the stages of its current cycle is, by the late rule of
`cohorts.standing` (its planned end month is over and the cycle has not moved past it).

Figures that need later work (ideas online and in person, consultation comments, projects, answer
rate) are not computed here and never shown as zeros: they join when that work lands.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.extensions import DASHBOARD_COLUMNS, DashboardColumn
from cohorts.models import (
    Adoption,
    Cohort,
    CohortMembership,
    Cycle,
    PlannedStage,
    ProgrammeVersion,
    Stage,
    month_end,
)
from cohorts.standing import STAGE_ORDER, current_cycles, is_late, reached_dates, with_join_dates
from communes.models import JOINABLE_LEVELS, Level, Member, Territory
from website.dates import month_span
from website.extensions import gather, ordered
from website.text import fold

# The national plan 2024–2027: a collectivity that joined from its first day is a new member.
PLAN_STARTS_ON = date(2024, 1, 1)
PLAN_ENDS_ON = date(2027, 12, 31)
PER_PAGE = 50  # as the Members listing

SORTS = {
    "late": _("Most overdue first"),
    "name": _("Name"),
    "stage": _("Stage, furthest behind first"),
    "-stage": _("Stage, furthest ahead first"),
    "since": _("In this stage since, oldest first"),
    "-since": _("In this stage since, newest first"),
}
DEFAULT_SORT = "late"


# Which rows -----------------------------------------------------------------------------------

def cohorts_with_counts() -> list[Cohort]:
    """Every cohort, with `members`: its current (not withdrawn) members."""
    return list(Cohort.objects.annotate(members=Count(
        "memberships", filter=Q(memberships__member__isnull=False)
        & ~Q(memberships__status=CohortMembership.Status.WITHDRAWN),
    )).order_by("number"))


def default_cohort(cohorts: list[Cohort]) -> Cohort | None:
    """The most recent cohort with members, or the most recent one."""
    with_members = [cohort for cohort in cohorts if cohort.members]
    candidates = with_members or cohorts
    return max(candidates, key=lambda cohort: (cohort.intake_year, cohort.number), default=None)


# Filters --------------------------------------------------------------------------------------

def region_choices() -> list[tuple[str, str]]:
    regions = Territory.objects.filter(level=Level.REGION).order_by("code").only("code", "name_fr", "name_ar")
    return [(region.code, region.name) for region in regions]


class DashboardFilterForm(forms.Form):
    """The query string of the dashboard: which cohort, which rows, in which order."""

    cohort = forms.TypedChoiceField(
        label=_("Cohort"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("There is no cohort “%(value)s” to show: here is the latest one.")})
    region = forms.ChoiceField(
        label=_("Region"), required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a region's code: every region is shown.")})
    level = forms.ChoiceField(
        label=_("Level"), required=False,
        choices=[("", _("All levels")), *[(level.value, level.label) for level in Level if level in JOINABLE_LEVELS]],
        error_messages={"invalid_choice": _("“%(value)s” is not a level: every level is shown.")})
    stage = forms.ChoiceField(
        label=_("Current stage"), required=False, choices=[("", _("All stages")), *Stage.choices],
        error_messages={"invalid_choice": _("“%(value)s” is not a stage: every stage is shown.")})
    late = forms.BooleanField(label=_("Late members only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=list(SORTS.items()),
        error_messages={"invalid_choice": _("“%(value)s” is not a way to sort: most overdue first.")})

    def __init__(self, data, *, cohorts: list[Cohort], regions: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["cohort"].choices = [(cohort.number, str(cohort)) for cohort in cohorts]
        self.fields["region"].choices = [("", _("All regions")), *regions]
        # The checkbox sends late=1; any other word than those is a mistake to say (clean_late).
        self.fields["late"].widget.attrs["value"] = "1"
        self.late_error = None
        raw = (data or {}).get("late", "")
        if raw not in ("", "0", "1", "on", "true", "false"):
            self.late_error = raw

    def clean_late(self):
        if self.late_error is not None:
            raise forms.ValidationError(_("“%(value)s” is not a choice for late members: every member is shown."),
                                        params={"value": self.late_error})
        return self.cleaned_data["late"]

    def value(self, name: str):
        """The field's value if it was valid, else its default (the filter is left out)."""
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


# Rows -----------------------------------------------------------------------------------------

@dataclass
class StageCell:
    """One stage of one member's cycle: planned months against the date it was reached."""

    stage: str
    plan: PlannedStage | None
    reached_on: date | None
    status: str  # "done" (moved past), "current", "skipped", "ahead" (not reached yet)
    late: bool = False

    @property
    def label(self) -> str:
        return Stage(self.stage).label

    @property
    def overdue_since(self) -> date | None:
        return self.plan.last_day if self.late and self.plan else None


@dataclass
class Row:
    cycle: Cycle
    member: Member
    territory: Territory
    region: Territory | None
    joined_on: date | None
    stages: list[StageCell]
    draft_on: date | None
    adoption: Adoption | None
    today: date
    late_stages: list[StageCell] = field(default_factory=list)
    extra: list = field(default_factory=list)  # the added columns' values, None where not recorded

    @property
    def name(self) -> str:
        return self.territory.name

    @property
    def is_late(self) -> bool:
        return bool(self.late_stages)

    @property
    def first_late(self) -> StageCell | None:
        return self.late_stages[0] if self.late_stages else None

    @property
    def days_overdue(self) -> int:
        return (self.today - self.first_late.plan.last_day).days if self.is_late else 0

    @property
    def stage_label(self) -> str:
        return self.cycle.get_stage_display()

    @property
    def has_left(self) -> bool:
        return not self.member.is_active


def rows_query(cohort: Cohort, *, members: QuerySet | None = None, region: str | None = None,
               level: str | None = None, stage: str | None = None) -> QuerySet:
    """The cohort's current cycles with all the row needs, in one query plus one prefetch."""
    latest_draft = ProgrammeVersion.objects.filter(cycle=OuterRef("pk")).drafts().newest_first()
    cycles = (
        with_join_dates(current_cycles(still_in_cohort=True).filter(cohort=cohort))
        .select_related("member__territory__region", "adoption")
        .annotate(draft_taken_at=Subquery(latest_draft.values("taken_at")[:1]))
    )
    if members is not None:
        cycles = cycles.filter(member__in=members)
    if region:
        cycles = cycles.filter(Q(member__territory__region__code=region) | Q(member__territory__code=region))
    if level:
        cycles = cycles.filter(member__territory__level=level)
    if stage:
        cycles = cycles.filter(stage=stage)
    return cycles


def plans_by_cycle_number(cohort: Cohort) -> dict[int, dict[str, PlannedStage]]:
    """The cohort's calendar by cycle number and stage; each plan carries its months as words,
    written once here rather than in every row that shows them."""
    plans: dict[int, dict[str, PlannedStage]] = defaultdict(dict)
    for plan in PlannedStage.objects.filter(cohort=cohort):
        plan.months_label = month_span(plan.starts_in, plan.ends_in)
        plans[plan.cycle_number][plan.stage] = plan
    return plans


def stage_columns(plans: dict[int, dict[str, PlannedStage]], cycle_numbers) -> list[str]:
    """The stages the cohort's calendar plans for the cycles shown, in the cycle's order."""
    planned = {stage for number in cycle_numbers for stage in plans.get(number, {})}
    return [stage for stage in STAGE_ORDER if stage in planned]


def build_row(cycle: Cycle, plans: dict[str, PlannedStage], columns: list[str], today: date,
              reached: dict[str, date]) -> Row:
    current = STAGE_ORDER[cycle.stage]
    member = cycle.member
    stages = []
    for stage in columns:
        order = STAGE_ORDER[stage]
        if order < current:
            status = "done" if reached.get(stage) else "skipped"
        elif order == current:
            status = "current"
        else:
            status = "ahead"
        plan = plans.get(stage)
        late = is_late(stage, cycle.stage, plan, today, has_left=not member.is_active)
        stages.append(StageCell(stage, plan, reached.get(stage) if order <= current else None, status, late))
    draft_at = cycle.draft_taken_at
    return Row(
        cycle=cycle, member=member, territory=member.territory,
        region=member.territory if member.territory.level == Level.REGION else member.territory.region,
        joined_on=reached.get(Stage.JOINED), stages=stages,
        draft_on=timezone.localdate(draft_at) if draft_at else None, adoption=_adoption(cycle),
        today=today, late_stages=[cell for cell in stages if cell.late],
    )


def _adoption(cycle: Cycle) -> Adoption | None:
    try:
        return cycle.adoption  # fetched with the row (select_related)
    except Adoption.DoesNotExist:
        return None


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    by_name = sorted(rows, key=lambda row: (fold(row.name), row.territory.code))
    if sort == "name":
        return by_name
    if sort in ("stage", "-stage"):
        return sorted(by_name, key=lambda row: STAGE_ORDER[row.cycle.stage], reverse=sort == "-stage")
    if sort in ("since", "-since"):
        return sorted(by_name, key=lambda row: row.cycle.stage_since, reverse=sort == "-since")
    return sorted(by_name, key=lambda row: -row.days_overdue if row.is_late else 1)


@dataclass
class Table:
    cohort: Cohort
    columns: list[str]
    rows: list[Row]
    total: int  # rows of the cohort before the late filter and paging
    late: int
    extra_columns: list[DashboardColumn] = field(default_factory=list)

    @property
    def stage_labels(self) -> list[str]:
        return [Stage(stage).label for stage in self.columns]


def member_table(cohort: Cohort, today: date, *, members: QuerySet | None = None, region=None, level=None,
                 stage=None, late_only: bool = False, sort: str = DEFAULT_SORT) -> Table:
    plans = plans_by_cycle_number(cohort)
    cycles = list(rows_query(cohort, members=members, region=region, level=level, stage=stage))
    columns = stage_columns(plans, {cycle.number for cycle in cycles} or {1})
    reached = reached_dates(cycles)
    rows = [build_row(cycle, plans.get(cycle.number, {}), columns, today, reached[cycle.pk]) for cycle in cycles]
    # Columns the apps above add (cohorts.extensions.DASHBOARD_COLUMNS), each in a fixed few queries.
    extra_columns = ordered(gather(DASHBOARD_COLUMNS))
    for column in extra_columns:
        found = column.values(cycles)
        for row in rows:
            row.extra.append(found.get(row.cycle.pk))
    late = sum(1 for row in rows if row.is_late)
    total = len(rows)
    if late_only:
        rows = [row for row in rows if row.is_late]
    return Table(cohort, columns, sort_rows(rows, sort), total, late, extra_columns)


# Figures across the network -------------------------------------------------------------------

def stage_counts() -> dict[int, dict[str, int]]:
    """Current cycles per cohort (by pk) and stage, every stage listed."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Stage.values, 0))
    for row in current_cycles(still_in_cohort=True).values("cohort_id", "stage").annotate(n=Count("pk")).order_by():
        counts[row["cohort_id"]][row["stage"]] = row["n"]
    return counts


@dataclass
class Indicators:
    """The national plan's tracking indicators of commitment 12, counted from the data."""

    new_members: int
    supported: int
    programmes_prepared: int
    programmes_adopted: int


def indicators() -> Indicators:
    supported = CohortMembership.objects.filter(member=OuterRef("pk")).exclude(
        status=CohortMembership.Status.WITHDRAWN)
    adopted = Adoption.objects.filter(cycle__member=OuterRef("pk"))
    members = Member.objects.aggregate(
        new_members=Count("pk", filter=Q(joined_on__gte=PLAN_STARTS_ON, joined_on__lte=PLAN_ENDS_ON)),
        supported=Count("pk", filter=Q(Exists(supported))),
        adopted=Count("pk", filter=Q(Exists(adopted))),
    )
    prepared = Cycle.objects.filter(
        Exists(ProgrammeVersion.objects.filter(cycle=OuterRef("pk")).drafts())
    ).count()
    return Indicators(members["new_members"], members["supported"], prepared, members["adopted"])


# The calendar as a timeline -------------------------------------------------------------------

@dataclass
class TimelineBar:
    plan: PlannedStage
    start: int  # month index from the timeline's first month
    end: int  # inclusive


@dataclass
class Timeline:
    first_month: date
    months: list[date]
    cycles: list[tuple[int, list[TimelineBar]]]
    today: date
    today_offset: float | None  # 0–1 along the axis, None when today is outside it

    @property
    def years(self) -> list[tuple[int, int, int]]:
        """(year, first month index, number of months) for the axis' year labels."""
        spans: list[list[int]] = []
        for index, month in enumerate(self.months):
            if spans and spans[-1][0] == month.year:
                spans[-1][2] += 1
            else:
                spans.append([month.year, index, 1])
        return [tuple(span) for span in spans]


def _month_index(first: date, month: date) -> int:
    return (month.year - first.year) * 12 + month.month - first.month


def timeline(plans: dict[int, dict[str, PlannedStage]], today: date) -> Timeline | None:
    every = [plan for by_stage in plans.values() for plan in by_stage.values()]
    if not every:
        return None
    first = min(plan.first_day for plan in every)
    last = max(plan.ends_in for plan in every)
    months = [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
              for i in range(_month_index(first, last) + 1)]
    cycles = []
    for number in sorted(plans):
        bars = sorted(plans[number].values(), key=lambda plan: (Stage.order(plan.stage), plan.starts_in))
        cycles.append((number, [TimelineBar(plan, _month_index(first, plan.first_day),
                                            _month_index(first, plan.ends_in)) for plan in bars]))
    offset = None
    index = _month_index(first, today.replace(day=1))
    if 0 <= index < len(months):
        offset = (index + (today.day - 0.5) / month_end(today).day) / len(months)
    return Timeline(first, months, cycles, today, offset)
