"""Putting a cycle at a stage, the two ways the tests need.

`walk_to` walks it there through the real moves, on the test cohort's calendar (2030): `STEPS` says
when each move of `cohorts.cycle.MOVES` is due on that calendar, at a time every actor of the move
may make it without a note (the opening moves on the phase's first day, the closing moves on the
day after its last); it makes the moves in order and meets each guard on the way (the draft, the
adoption, the self-evaluation). Use it where the moves' effects matter (history, snapshots, mail).

`place` writes the record as it would stand, with no move and no guard: a stage, phase dates
(relative to today where a page is rendered now, which the services refuse in the past), and if
asked the history of moves that led there. Use it where only where the cycle stands matters.
"""

from datetime import date

from cohorts.cycle import MOVES
from cohorts.models import Adoption, Cycle, ProgrammeVersion, SelfEvaluation, Stage, Transition
from cohorts.services import move, publish_self_evaluation, record_draft, set_phase_dates
from tests.helpers import casablanca, today, upload_pdf
from website.outbox import Outbox

# The member's own phase dates, inside cohort 7's windows (phase one March–May, two May–June).
PHASE_ONE_DATES = (date(2030, 3, 10), date(2030, 4, 10))
PHASE_TWO_DATES = (date(2030, 5, 5), date(2030, 5, 25))
DATES_SET_AT = casablanca(2030, 1, 20)

STEPS = {
    "start_training": casablanca(2030, 2, 3, 10),
    "open_phase_one": casablanca(2030, 3, 10, 9),
    "close_phase_one": casablanca(2030, 4, 11, 9),
    "open_phase_two": casablanca(2030, 5, 5, 9),
    "close_phase_two": casablanca(2030, 5, 26, 9),
    "adopt": casablanca(2030, 9, 20, 11),
    "start_implementation": casablanca(2031, 1, 10, 9),
    "start_evaluation": casablanca(2032, 1, 10, 9),
    "close_cycle": casablanca(2032, 3, 1, 9),
}
SESSION_DATE = date(2030, 9, 15)

def adoption_data(member, **overrides) -> dict:
    """What the council's adoption form gives: a session, a deliberation, a vote and its PDF."""
    data = {
        "session_date": SESSION_DATE, "deliberation_number": "D-12/2030", "votes_for": 25,
        "votes_against": 3, "abstentions": 2,
    }
    data.update(overrides)
    if "document" not in data:
        data["document"] = upload_pdf(member)
    return data


def prepare(cycle: Cycle, name: str, user) -> dict:
    """Meet the guard of a move (without making it); returns the keyword arguments it needs."""
    if cycle.phase_one_opens_on is None and cycle.stage in (Stage.JOINED, Stage.TRAINING):
        set_phase_dates(cycle, user, {"phase_one": PHASE_ONE_DATES, "phase_two": PHASE_TWO_DATES},
                        now=DATES_SET_AT)
    if name == "open_phase_two" and not cycle.versions.filter(kind=ProgrammeVersion.Kind.DRAFT).exists():
        record_draft(cycle, title="Draft programme", body=[])
    if name == "adopt":
        return {"adoption": adoption_data(cycle.member)}
    if name == "close_cycle" and cycle.stage == Stage.EVALUATION and not SelfEvaluation.objects.filter(
            cycle=cycle).exists():
        publish_self_evaluation(cycle, user, summary="What we did, with civil society.",
                                document=upload_pdf(cycle.member, "Self-evaluation", name="report.pdf"),
                                now=STEPS["start_evaluation"])
    return {}


def next_move(cycle: Cycle):
    """The move that carries the cycle forward along the main path (the first that leaves its stage)."""
    return next(m for m in MOVES if cycle.stage in m.sources)


def walk_to(cycle: Cycle, stage: str, user) -> Cycle:
    """Move the cycle forward to `stage` through the real moves, made by `user` on their dates."""
    cycle.refresh_from_db()
    while cycle.stage != stage:
        if Stage.order(cycle.stage) > Stage.order(stage):
            raise AssertionError(f"{cycle} is past {stage}")
        step = next_move(cycle)
        extra = prepare(cycle, step.name, user)
        move(cycle, step.name, user, now=STEPS[step.name], **extra)
        cycle.refresh_from_db()
    return cycle


def state_of(cycle: Cycle) -> dict:
    """Everything a refused move must leave as it was."""
    fresh = Cycle.objects.get(pk=cycle.pk)
    return {
        "stage": fresh.stage, "stage_since": fresh.stage_since,
        "dates": [fresh.phase_dates(phase) for phase in ("phase_one", "phase_two")],
        "transitions": list(Transition.objects.filter(cycle=fresh).values_list("pk", flat=True)),
        "outbox": list(Outbox.objects.values_list("key", flat=True)),
        "adoptions": Adoption.objects.filter(cycle=fresh).count(),
        "versions": fresh.versions.count(),
        "cycles": Cycle.objects.filter(member_id=fresh.member_id).count(),
    }


def place(cycle: Cycle, stage: str | None = None, *, phase_one=None, phase_two=None,
          reached: dict[str, int] | None = None) -> Cycle:
    """Write where the cycle stands, as a past calendar or a data load left it: its `stage` if given,
    the phases' (opens, closes) dates given (None in a pair clears that date), and with `reached`
    ({stage: days ago}) the moves along the main path that reached those stages, the last one
    giving the stage's `since`. The moves themselves are tested with `walk_to`."""
    fields = {}
    if stage is not None:
        fields["stage"] = stage
    for phase, dates in (("phase_one", phase_one), ("phase_two", phase_two)):
        if dates is not None:
            fields[f"{phase}_opens_on"], fields[f"{phase}_closes_on"] = dates
    if reached:
        move_into = {}
        for step in MOVES:
            move_into.setdefault(step.target, step.name)
        previous = Stage.JOINED
        for target in Stage.values:
            if target in reached:
                Transition.objects.create(cycle=cycle, name=move_into[target], from_stage=previous, to_stage=target,
                                          happened_on=today(-reached[target]), actor=Transition.Actor.COORDINATOR)
                previous = target
        if stage in reached:
            fields["stage_since"] = today(-reached[stage])
    Cycle.objects.filter(pk=cycle.pk).update(**fields)
    cycle.refresh_from_db()
    return cycle
