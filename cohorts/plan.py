"""The national plan's cohorts as product data, and the real members placed in them.

Commitment 12 of Morocco's National Action Plan for Open Government 2024–2027
(data/nap-2024-2027.yaml; its README says what is source text and what is a reading) dates the
cohorts' stages in months. `read_plan` turns its activities into cohorts and planned stages and
explains each reading in English; `load_plan` writes them without overwriting what a coordinator
changed; `place_real_members` admits the members known from public sources into their cohort.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import translation

from cohorts.models import Cohort, CohortMembership, PlannedStage, Stage, month_end
from cohorts.services import admit
from website.dates import long_month, month_span, partial_date

PLAN_FILE = settings.BASE_DIR / "data" / "nap-2024-2027.yaml"
EVIDENCE_FILE = settings.BASE_DIR / "data" / "morocco" / "remacto_member_evidence.csv"
COMMITMENT = 12
README = "data/nap-2024-2027.README.md"

# The plan's activity kinds that date a stage of a cohort's cycle.
KIND_STAGES = {
    "cohort_joins": Stage.JOINED,
    "network_expansion": Stage.JOINED,
    "training_workshops": Stage.TRAINING,
    "co_creation_phase_1": Stage.PHASE_ONE,
    "co_creation_phase_2": Stage.PHASE_TWO,
    "approval_of_openness_programmes": Stage.COUNCIL,
    "implementation_start": Stage.IMPLEMENTATION,
    "report_on_implementation": Stage.EVALUATION,
    "report_on_second_year_implementation": Stage.EVALUATION,
}
# Rows that name no cohort but belong to one: placed in the cohort of the year's intake.
PLACED_BY_YEAR = {"network_expansion", "training_workshops"}
# A report dates the stage loosely: the plan does not say it is the end-of-cycle self-evaluation.
REPORTS = {"report_on_implementation", "report_on_second_year_implementation"}
# The rows whose cohort the extraction reads from the table's order only (README §3.6, and the
# note of `calendar_by_cohort`).
COHORT_BY_POSITION = {"12.7"}
SECOND_CYCLE = "second_cycle_preparation"
CALL = "call_for_new_collectivities"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PlanError(Exception):
    """The plan file cannot be read as expected: nothing was loaded."""


@dataclass
class PlannedRow:
    cycle_number: int
    stage: str
    starts_in: date
    ends_in: date
    uncertain: bool
    sources: list[str]
    notes: list[str]

    @property
    def source(self) -> str:
        return ", ".join(self.sources)

    @property
    def note(self) -> str:
        return " ".join(self.notes)

    def values(self) -> dict:
        return {"starts_in": self.starts_in, "ends_in": self.ends_in, "uncertain": self.uncertain,
                "source": self.source, "note": self.note}


@dataclass
class CohortPlan:
    number: int
    intake_year: int = 0
    call_opens_on: date | None = None
    call_closes_on: date | None = None
    call_source: str = ""
    source_note: str = ""
    rows: dict[tuple[int, str], PlannedRow] = field(default_factory=dict)

    def values(self) -> dict:
        return {"intake_year": self.intake_year, "call_opens_on": self.call_opens_on,
                "call_closes_on": self.call_closes_on, "source_note": self.source_note}


# Reading the plan ------------------------------------------------------------------------------

def _month(value, where: str) -> date:
    found = MONTH.match(str(value or ""))
    if not found or not 1 <= int(found[2]) <= 12:
        raise PlanError(f"{where}: “{value}” is not a month written YYYY-MM.")
    return date(int(found[1]), int(found[2]), 1)


def _say(month: date) -> str:
    """A month in the notes, which are written in English like the plan's other annotations."""
    with translation.override("en"):
        return long_month(month)


def _span(start: date, end: date) -> str:
    with translation.override("en"):
        return month_span(start, end)


def _commitment(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as error:
        raise PlanError(f"Cannot read {path}: {error.strerror}.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise PlanError(f"{path.name} is not valid YAML{where}: {problem}.") from None
    commitments = data.get("commitments") if isinstance(data, dict) else None
    found = [c for c in commitments or [] if isinstance(c, dict) and c.get("number") == COMMITMENT]
    if not found:
        raise PlanError(f"{path.name} has no commitment {COMMITMENT}.")
    commitment = found[0]
    for key in ("activities", "calendar_by_cohort", "context_facts"):
        if not commitment.get(key):
            raise PlanError(f"{path.name}, commitment {COMMITMENT}: “{key}” is missing.")
    return commitment


def _activities(commitment: dict, name: str) -> list[dict]:
    """The activities, checked: ids, months in order, cohorts that agree with calendar_by_cohort."""
    activities = []
    for index, raw in enumerate(commitment["activities"], start=1):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("kind"):
            raise PlanError(f"{name}, commitment {COMMITMENT}: activity number {index} has no id or kind.")
        where = f"{name}, activity {raw['id']}"
        start, end = _month(raw.get("start"), f"{where}, start"), _month(raw.get("end"), f"{where}, end")
        if end < start:
            raise PlanError(f"{where}: it ends ({raw['end']}) before it starts ({raw['start']}).")
        cohort = raw.get("cohort")
        if cohort is not None and (not isinstance(cohort, int) or cohort < 1):
            raise PlanError(f"{where}: cohort “{cohort}” is not a cohort number.")
        activities.append({**raw, "start": start, "end": end})
    by_id = {a["id"]: a for a in activities}
    for key, rows in commitment["calendar_by_cohort"].items():
        found = re.fullmatch(r"cohort_(\d+)", key)
        if not found:
            continue
        for row in rows or []:
            activity = by_id.get(row.get("activity"))
            if activity is None or activity.get("cohort") != int(found[1]):
                raise PlanError(f"{name}: calendar_by_cohort puts {row.get('activity')} in cohort {found[1]}, "
                                f"the activities do not.")
    return activities


def read_plan(path: Path = PLAN_FILE) -> list[CohortPlan]:
    """The cohorts of commitment 12 with their planned stages and notes; PlanError if unreadable."""
    with translation.override("en"):  # the notes are in English, whatever the command's language
        return _read_plan(Path(path))


def _read_plan(path: Path) -> list[CohortPlan]:
    commitment = _commitment(path)
    activities = _activities(commitment, path.name)
    launched = _month((commitment["context_facts"].get("programme") or {}).get("launched"),
                      f"{path.name}, context_facts.programme.launched")
    numbers = sorted({a["cohort"] for a in activities if a.get("cohort")} | {1})
    plans = {number: CohortPlan(number) for number in numbers}

    def add(number: int, cycle_number: int, stage: str, start: date, end: date, source: str,
            uncertain: bool, notes: list[str]) -> None:
        stage = Stage(stage).value
        row = plans[number].rows.get((cycle_number, stage))
        if row is None:
            plans[number].rows[(cycle_number, stage)] = PlannedRow(cycle_number, stage, start, end, uncertain,
                                                                   [source], notes)
            return
        row.starts_in, row.ends_in = min(row.starts_in, start), max(row.ends_in, end)
        row.uncertain = row.uncertain or uncertain
        row.sources.append(source)
        row.notes += notes

    # Cohort 1 started with the programme: the plan dates the launch, not the intake.
    add(1, 1, Stage.JOINED, launched, launched, "context_facts.programme.launched", True,
        [(f"The plan dates the programme's launch ({_say(launched)}), not cohort 1's intake: read as the month "
          "cohort 1 joined.")])

    # A cohort's intake year is the year of the first row that names it (cohort 1: the launch);
    # rows that name no cohort go to the cohort that comes in their year.
    first_month = {1: launched}
    for activity in activities:
        if activity.get("cohort"):
            number = activity["cohort"]
            first_month[number] = min(first_month.get(number, activity["start"]), activity["start"])
    intake = {number: month.year for number, month in first_month.items()}

    for activity in activities:
        kind, number, start, end = activity["kind"], activity.get("cohort"), activity["start"], activity["end"]
        text = (activity.get("text_en_translation") or "").rstrip(".")
        ident = activity["id"]
        if kind == SECOND_CYCLE and number:
            add(number, 2, Stage.JOINED, start, end, ident, True,
                [(f"{ident} ({_say(start)}): “{text}”. Read as the start of cohort {number}'s second cycle; the "
                  "plan gives no month for its training, phases, adoption or implementation.")])
            continue
        if kind not in KIND_STAGES:
            continue
        stage = KIND_STAGES[kind]
        notes = [f"{ident} ({_span(start, end)}): “{text}”."]
        uncertain = False
        if number is None:
            if kind not in PLACED_BY_YEAR:
                continue
            incoming = [n for n, year in intake.items() if year == start.year]
            if not incoming:
                continue
            number, uncertain = incoming[0], True
            notes.append(f"The row names no cohort: placed in cohort {number}, the cohort that comes in that year.")
        if activity.get("date_basis") == "inferred_from_layout":
            uncertain = True  # its date_note is long; the gist follows
            alternative = (commitment.get("activity_calendar_alternative_reading") or {}).get(
                f"cohort_{number}", {}).get(kind)
            note = f"Months inferred from the table's layout ({README} §3.5)"
            if alternative:
                note += (f"; the positional reading the README rejects gives "
                         f"{_span(_month(alternative['start'], ident), _month(alternative['end'], ident))}")
            notes.append(note + ".")
        elif activity.get("date_note"):
            notes.append(f"Extraction note: {activity['date_note'].rstrip('.')}.")
        if ident in COHORT_BY_POSITION:
            uncertain = True
            notes.append(f"Read as cohort {number}'s adoption by the council from its place in the table "
                         f"({README} §3.6).")
        if kind in REPORTS:
            uncertain = True
            notes.append("A report on implementation, read as the self-evaluation and report stage; the plan does "
                         "not say that it closes the cycle.")
        add(number, 1, stage, start, end, ident, uncertain, notes)

    _calls(plans, activities)
    for plan in plans.values():
        plan.intake_year = intake[plan.number]
        plan.source_note = _source_note(plan, activities, commitment)
    return [plans[n] for n in numbers]


def _calls(plans: dict[int, CohortPlan], activities: list[dict]) -> None:
    """A call for new collectivities is the call of the next cohort to join after it."""
    joins = sorted((a["start"], a["cohort"]) for a in activities if a["kind"] == "cohort_joins" and a.get("cohort"))
    for call in (a for a in activities if a["kind"] == CALL):
        following = [number for month, number in joins if month > call["end"]]
        if following:
            plan = plans[following[0]]
            plan.call_opens_on, plan.call_closes_on = call["start"], month_end(call["end"])
            plan.call_source = call["id"]


def _source_note(plan: CohortPlan, activities: list[dict], commitment: dict) -> str:
    every = {s for row in plan.rows.values() for s in row.sources}
    activities_used = sorted((s for s in every if s[0].isdigit()), key=lambda s: [int(p) for p in s.split(".")])
    facts = sorted(s for s in every if not s[0].isdigit())
    parts = [f"From commitment {COMMITMENT} of the National Action Plan for Open Government 2024–2027 "
             f"(data/nap-2024-2027.yaml): activities {', '.join(activities_used) or 'none'}"
             + (f"; {', '.join(facts)}." if facts else ".")]
    if plan.call_source:
        parts.append(f"The call for applications is {plan.call_source}, dated {_say(plan.call_opens_on)} only: "
                     f"its dates are the first and last day of that month.")
    else:
        parts.append("The plan dates no call for applications for this cohort.")
    for cycle_number in sorted({row.cycle_number for row in plan.rows.values()}):
        planned = {row.stage for row in plan.rows.values() if row.cycle_number == cycle_number}
        missing = [str(Stage(stage).label) for stage in KIND_STAGES.values() if stage not in planned]
        missing = list(dict.fromkeys(missing))
        if missing:
            parts.append(f"Cycle {cycle_number}: the plan gives no month for: {'; '.join(missing)}.")
    unplaced = [a for a in activities if a.get("cohort") == plan.number and a["kind"] not in KIND_STAGES
                and a["kind"] != SECOND_CYCLE]
    for activity in unplaced:
        parts.append(f"{activity['id']} ({_say(activity['start'])}, {activity['kind'].replace('_', ' ')}) dates no "
                     f"stage of the cycle and is not in the calendar.")
    for block in (commitment.get("unlabelled_date_cells") or {}).get("blocks") or []:
        cells = [_span(_month(c["start"], "unlabelled cell"), _month(c["end"], "unlabelled cell"))
                 for c in block.get("cells") or []]
        years = {_month(c["start"], "unlabelled cell").year for c in block.get("cells") or []}
        if years == {plan.intake_year}:
            parts.append(f"The table prints date cells with no activity after this cohort's phase two "
                         f"({', '.join(cells)}); no stage is dated from them ({README} §3.5).")
    if any(row.uncertain for row in plan.rows.values()):
        parts.append("Rows marked uncertain are readings of the plan, not printed facts: each row's note says why.")
    return " ".join(parts)


# Writing the cohorts ---------------------------------------------------------------------------

@dataclass
class LoadReport:
    cohorts_created: int = 0
    cohorts_unchanged: int = 0
    cohorts_filled: int = 0
    stages_created: int = 0
    stages_unchanged: int = 0
    stages_overwritten: int = 0
    stages_not_in_plan: int = 0
    differences: list[str] = field(default_factory=list)


def _shown(value) -> str:
    if value in (None, ""):
        return "empty"
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


@transaction.atomic
def load_plan(plans: list[CohortPlan], *, overwrite: bool = False) -> LoadReport:
    """Create the cohorts and their planned stages, or fill what is missing.

    What a coordinator changed in the admin is kept and reported as a difference, unless
    `overwrite` says to put the plan's reading back. All or nothing.
    """
    report = LoadReport()
    for plan in plans:
        cohort = Cohort.objects.select_for_update().filter(number=plan.number).first()
        if cohort is None:
            cohort = Cohort(number=plan.number, **plan.values())
            cohort.full_clean()
            cohort.save()
            report.cohorts_created += 1
        else:
            changed = []
            for name, planned in plan.values().items():
                current = getattr(cohort, name)
                if current == planned:
                    continue
                if current in (None, "") or overwrite:
                    setattr(cohort, name, planned)
                    changed.append(name)
                else:
                    report.differences.append(f"Cohort {plan.number}: {name} is {_shown(current)} here, "
                                              f"{_shown(planned)} in the plan (kept).")
            if changed:
                cohort.full_clean()
                cohort.save(update_fields=changed)
                report.cohorts_filled += 1
            else:
                report.cohorts_unchanged += 1
        existing = {(row.cycle_number, row.stage): row for row in cohort.planned_stages.all()}
        for key, row in plan.rows.items():
            current = existing.pop(key, None)
            if current is None:
                stage = PlannedStage(cohort=cohort, cycle_number=row.cycle_number, stage=row.stage, **row.values())
                stage.full_clean()
                stage.save()
                report.stages_created += 1
                continue
            different = {name: value for name, value in row.values().items() if getattr(current, name) != value}
            if not different:
                report.stages_unchanged += 1
            elif overwrite:
                for name, value in different.items():
                    setattr(current, name, value)
                current.full_clean()
                current.save()
                report.stages_overwritten += 1
            else:
                label = f"Cohort {plan.number}, cycle {row.cycle_number}, {Stage(row.stage).label}"
                report.differences += [
                    f"{label}: {name} is {_shown(getattr(current, name))} here, {_shown(value)} in the plan (kept)."
                    for name, value in different.items()
                ]
                report.stages_unchanged += 1
        report.stages_not_in_plan += len(existing)
    return report


# Real members in their cohorts -----------------------------------------------------------------

@dataclass
class PlacementReport:
    placed: int = 0
    already_in_a_cohort: int = 0
    without_intake: int = 0


def evidence_rows(path: Path = EVIDENCE_FILE) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def intake_hints(path: Path = EVIDENCE_FILE) -> dict[str, int]:
    """Territory code → the cohort public sources suggest (rows without a hint are left out)."""
    return {row["hcp_code"]: int(row["intake_hint"]) for row in evidence_rows(path) if row["intake_hint"].strip()}


@transaction.atomic
def place_real_members(path: Path = EVIDENCE_FILE) -> PlacementReport:
    """Admit each collectivity that public sources name as a member into the cohort of its intake.

    Its cycle stays at “joined”: the sources tell when it came in, not how far it went. A
    collectivity already in a cohort (placed before, or shown in the demonstration cohort) is left
    where it is.
    """
    report = PlacementReport()
    rows = evidence_rows(path)
    cohorts = {cohort.number: cohort for cohort in Cohort.objects.filter(is_demo=False)}
    missing = sorted({int(row["intake_hint"]) for row in rows if row["intake_hint"].strip()} - set(cohorts))
    if missing:
        raise PlanError(f"Cohort {', '.join(map(str, missing))} not loaded: run “manage.py load_cohorts” first.")
    placed = set(CohortMembership.objects.exclude(status=CohortMembership.Status.WITHDRAWN)
                 .values_list("territory__code", flat=True))
    for row in rows:
        hint = row["intake_hint"].strip()
        if not hint:
            report.without_intake += 1
            continue
        if row["hcp_code"] in placed:
            report.already_in_a_cohort += 1
            continue
        cohort = cohorts[int(hint)]
        admit(
            cohort, row["hcp_code"], joined_on=partial_date(row["evidence_date"]),
            source_note=(f"Placed in cohort {hint} from a public source (data/morocco/remacto_member_evidence.csv, "
                         f"intake hint {hint}; evidence dated {row['evidence_date'] or 'undated'}): inferred and "
                         f"indicative. The date is the evidence's, not necessarily the admission's."),
        )
        placed.add(row["hcp_code"])
        report.placed += 1
    return report
