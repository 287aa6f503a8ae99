"""Public pages of the cohorts: every cohort with where its members stand, each cohort's calendar
and members, and the consultation page of a member's draft programme (open in phase two only).

Each page runs a fixed number of queries, whatever the number of members.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cohorts.cycle import PHASE_TWO, today
from cohorts.models import Cohort, CohortMembership, Cycle, PlannedStage, Stage
from cohorts.phase_gates import require_open_phase
from cohorts.standing import current_cycles
from communes.models import Member, MemberPage
from website.blocks import BodyBlock

# A member of a cohort, for the public: admitted and not withdrawn, and still in the network.
MEMBER_STATUSES = (CohortMembership.Status.ADMITTED, CohortMembership.Status.ACTIVE)


def _memberships(cohorts):
    return CohortMembership.objects.filter(
        cohort__in=cohorts, status__in=MEMBER_STATUSES, member__isnull=False, member__status=Member.Status.ACTIVE,
    )


def _current_cycles(cohorts, member_ids=None) -> dict[tuple[int, int], Cycle]:
    """(cohort id, member id) → the member's current cycle, when it is in that cohort, in one query."""
    cycles = current_cycles().filter(cohort__in=cohorts)
    if member_ids is not None:
        cycles = cycles.filter(member_id__in=member_ids)
    return {(cycle.cohort_id, cycle.member_id): cycle for cycle in cycles}


# The calendar -----------------------------------------------------------------------------------

@dataclass
class PlanRow:
    """One planned stage, placed on the calendar's month axis (in months from its first January)."""

    planned: PlannedStage
    x: int
    width: int
    is_now: bool

    @property
    def same_month(self) -> bool:
        return self.planned.starts_in == self.planned.ends_in


@dataclass
class Calendar:
    """One cycle's planned stages, on an axis of whole years."""

    cycle_number: int
    rows: list[PlanRow] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    today_x: float | None = None

    @property
    def months(self) -> int:
        return 12 * len(self.years)


def calendars(planned: list[PlannedStage], day: date) -> list[Calendar]:
    by_cycle: dict[int, list[PlannedStage]] = {}
    for row in planned:
        by_cycle.setdefault(row.cycle_number, []).append(row)
    result = []
    for number, rows in sorted(by_cycle.items()):
        rows.sort(key=lambda r: (r.starts_in, Stage.order(r.stage)))
        first = min(r.starts_in.year for r in rows)
        last = max(r.ends_in.year for r in rows)
        calendar = Calendar(number, years=list(range(first, last + 1)))
        for row in rows:
            x = (row.starts_in.year - first) * 12 + row.starts_in.month - 1
            end = (row.ends_in.year - first) * 12 + row.ends_in.month - 1
            calendar.rows.append(PlanRow(row, x, end - x + 1, row.first_day <= day <= row.last_day))
        if first <= day.year <= last:
            calendar.today_x = (day.year - first) * 12 + day.month - 1 + (day.day - 0.5) / 31
        result.append(calendar)
    return result


def on_the_calendar(planned: list[PlannedStage], day: date) -> dict:
    """Where a cohort's calendar stands today: the stage planned now, or when it starts or ended."""
    if not planned:
        return {"state": "unplanned"}
    now = [row for row in planned if row.first_day <= day <= row.last_day]
    if now:
        return {"state": "now", "planned": max(now, key=lambda r: (r.starts_in, Stage.order(r.stage)))}
    first = min(planned, key=lambda r: r.starts_in)
    if day < first.first_day:
        return {"state": "starts", "planned": first}
    return {"state": "between" if any(r.first_day > day for r in planned) else "ended",
            "planned": max((r for r in planned if r.last_day < day), key=lambda r: r.ends_in)}


# Pages ----------------------------------------------------------------------------------------

def cohort_index(request):
    """Every cohort: its number and name, intake year, members, and where they stand."""
    cohorts = list(Cohort.objects.prefetch_related("planned_stages"))
    memberships = list(_memberships(cohorts).values_list("cohort_id", "member_id"))
    cycles = _current_cycles(cohorts)
    stages: dict[int, Counter] = {cohort.pk: Counter() for cohort in cohorts}
    for cohort_id, member_id in memberships:
        cycle = cycles.get((cohort_id, member_id))
        if cycle:
            stages[cohort_id][cycle.stage] += 1
    day = today()
    rows = []
    for cohort in cohorts:
        counts = stages[cohort.pk]
        rows.append({
            "cohort": cohort,
            "members": sum(1 for cohort_id, _member in memberships if cohort_id == cohort.pk),
            "stages": [(label, counts[value]) for value, label in Stage.choices if counts[value]],
            "calendar": on_the_calendar(list(cohort.planned_stages.all()), day),
        })
    return render(request, "cohorts/cohort_index.html", {
        "rows": rows, "page_title": _("Cohorts"), "any_demo": any(c.is_demo for c in cohorts),
    })


def cohort_detail(request, number: int):
    """A cohort's calendar, its members and each member's current stage with its dates."""
    cohort = get_object_or_404(Cohort, number=number)
    memberships = list(
        _memberships([cohort]).select_related("member__territory__region", "member__territory__province")
    )
    member_ids = [m.member_id for m in memberships]
    cycles = _current_cycles([cohort], member_ids)
    pages = {
        page.member_id: page
        for page in MemberPage.objects.live().filter(member_id__in=member_ids, locale__language_code=get_language())
    }
    members = sorted(
        ({"membership": m, "member": m.member, "territory": m.member.territory, "page": pages.get(m.member_id),
          "cycle": cycles.get((cohort.pk, m.member_id))} for m in memberships),
        key=lambda row: row["territory"].name,
    )
    day = today()
    planned = list(cohort.planned_stages.all())
    stage_counts = Counter(row["cycle"].stage for row in members if row["cycle"])
    return render(request, "cohorts/cohort_detail.html", {
        "cohort": cohort,
        "calendars": calendars(planned, day),
        "calendar_now": on_the_calendar(planned, day),
        "members": members,
        "stages": [(label, stage_counts[value]) for value, label in Stage.choices if stage_counts[value]],
        "any_demo": cohort.is_demo or any(row["member"].is_demo or (row["cycle"] and row["cycle"].is_demo)
                                          for row in members),
        "page_title": str(cohort),
    })


@require_open_phase(PHASE_TWO)
def consultation(request, cycle_id: int):
    """The draft programme put to consultation, and how to comment on it while phase two is open.

    The comment form arrives with the Programmes issue and will live here, behind the same guard.
    """
    found = request.phase_gate
    member = found.member
    draft = found.cycle.versions.latest_draft()
    member_page = member.page_in()
    sections = list(member_page.get_children().live().order_by("path")) if member_page else []
    return render(request, "cohorts/consultation.html", {
        "gate": found,
        "member": member,
        "member_page": member_page,
        "sections": sections,
        "draft": draft,
        "draft_body": BodyBlock().to_python(draft.body) if draft else None,
        "page_title": _("Comment on the draft programme"),
    })
