"""The co-creation cycle as data: every move, who may make it, what it needs first, and the phases
it opens and closes.

`cohorts.services.move` carries a move out; this module only declares them, so that the admin's
buttons, the calendar job, the public timeline and the tests read one table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Adoption, SelfEvaluation, Stage, Transition

Actor = Transition.Actor
PEOPLE = frozenset({Actor.STAFF, Actor.COORDINATOR})
ANYONE = frozenset({Actor.STAFF, Actor.COORDINATOR, Actor.CALENDAR})

PHASE_ONE = "phase_one"
PHASE_TWO = "phase_two"
PHASES = (PHASE_ONE, PHASE_TWO)
OPENS, CLOSES = "opens", "closes"


@dataclass(frozen=True)
class Requirement:
    """A record a move needs on the cycle before it is made, and what people are told without it."""

    met: Callable[[object], bool]  # takes the cycle
    missing: str


NEEDS_DRAFT = Requirement(
    lambda cycle: cycle.versions.drafts().exists(),
    _("Phase two needs a published draft programme: publish the draft first."))
NEEDS_ADOPTION = Requirement(
    lambda cycle: Adoption.objects.filter(cycle=cycle).exists(),
    _("Implementation needs the council's adoption, recorded first."))
NEEDS_SELF_EVALUATION = Requirement(
    lambda cycle: SelfEvaluation.objects.filter(cycle=cycle).exists(),
    _("A cycle closes with a published self-evaluation: publish it first."))


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    actors: frozenset
    # For the moves that open or close a participation phase: which, and what happens to it.
    phase: str | None = None
    event: str | None = None
    # What must be on the record first.
    requires: Requirement | None = None
    # The move records the council's adoption (session, deliberation, vote, PDF), which it is made with.
    records_adoption: bool = False
    # The move ends the cycle and starts the member's next one, in the same cohort.
    opens_next_cycle: bool = False


MOVES = (
    Move("start_training", _("Record the training"), (Stage.JOINED,), Stage.TRAINING,
         frozenset({Actor.COORDINATOR})),
    # The calendar does not wait for the training to be recorded: phase one opens on its date.
    Move("open_phase_one", _("Open phase one"), (Stage.JOINED, Stage.TRAINING), Stage.PHASE_ONE, ANYONE,
         PHASE_ONE, OPENS),
    Move("close_phase_one", _("Close phase one and start drafting"), (Stage.PHASE_ONE,), Stage.DRAFTING, ANYONE,
         PHASE_ONE, CLOSES),
    Move("open_phase_two", _("Open phase two"), (Stage.DRAFTING,), Stage.PHASE_TWO, ANYONE, PHASE_TWO, OPENS,
         requires=NEEDS_DRAFT),
    Move("close_phase_two", _("Close phase two"), (Stage.PHASE_TWO,), Stage.COUNCIL, ANYONE, PHASE_TWO, CLOSES),
    Move("adopt", _("Record the council's adoption"), (Stage.COUNCIL,), Stage.ADOPTED, PEOPLE,
         records_adoption=True),
    Move("start_implementation", _("Start implementation"), (Stage.ADOPTED,), Stage.IMPLEMENTATION, PEOPLE,
         requires=NEEDS_ADOPTION),
    Move("start_evaluation", _("Start the self-evaluation"), (Stage.IMPLEMENTATION,), Stage.EVALUATION, PEOPLE),
    Move("close_cycle", _("Close the cycle and open the next one"), (Stage.EVALUATION,), Stage.CLOSED, PEOPLE,
         requires=NEEDS_SELF_EVALUATION, opens_next_cycle=True),
)
MOVES_BY_NAME = {move.name: move for move in MOVES}

# The stage a phase is: open while the cycle is in it (or before it, on its dates).
PHASE_STAGE = {PHASE_ONE: Stage.PHASE_ONE, PHASE_TWO: Stage.PHASE_TWO}
PHASE_LABELS = {PHASE_ONE: _("phase one"), PHASE_TWO: _("phase two")}


def move_into(phase: str) -> Move:
    return next(m for m in MOVES if m.phase == phase and m.event == OPENS)


def move_out_of(phase: str) -> Move:
    return next(m for m in MOVES if m.phase == phase and m.event == CLOSES)


def today(now=None) -> date:
    """Today in Africa/Casablanca (TIME_ZONE), whatever the offset of the day (Ramadan included)."""
    return timezone.localdate(now)


@dataclass(frozen=True)
class PhaseState:
    """What a phase means for residents right now."""

    phase: str
    state: str  # "unscheduled", "upcoming", "open", "closed"
    opens_on: date | None
    closes_on: date | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def phase_state(cycle, phase: str, now=None, *, has_draft: bool | None = None) -> PhaseState:
    """Open while opens_on ≤ today ≤ closes_on, checked now, and the cycle has not moved past it.

    Before the calendar job records the opening, the dates alone open the phase; phase two also
    needs the draft put to consultation. Closing early moves the cycle on, which closes it at once.
    """
    opens_on, closes_on = cycle.phase_dates(phase)
    if opens_on is None or closes_on is None:
        return PhaseState(phase, "unscheduled", opens_on, closes_on)
    day = today(now)
    stage_order, phase_order = Stage.order(cycle.stage), Stage.order(PHASE_STAGE[phase])
    if stage_order > phase_order or day > closes_on:
        return PhaseState(phase, "closed", opens_on, closes_on)
    if stage_order == phase_order:
        # Opened by its move (early, perhaps): open until its last day.
        return PhaseState(phase, "open", opens_on, closes_on)
    if day < opens_on or cycle.stage not in move_into(phase).sources:
        # Not its day yet, or its day came while the cycle is not ready (phase one still running).
        return PhaseState(phase, "upcoming", opens_on, closes_on)
    if phase == PHASE_TWO:
        if has_draft is None:
            has_draft = cycle.versions.drafts().exists()
        if not has_draft:
            return PhaseState(phase, "upcoming", opens_on, closes_on)
    return PhaseState(phase, "open", opens_on, closes_on)
