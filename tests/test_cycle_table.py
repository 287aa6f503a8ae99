"""The cycle's guards are read from `cohorts.cycle.MOVES`: what a move needs on the record first,
whether it records the council's adoption, whether it opens the next cycle; and the one way the
guards and pages find a cycle's drafts."""

import pytest

from cohorts.cycle import MOVES, Actor
from cohorts.models import Cycle, ProgrammeVersion
from cohorts.services import check_move
from tests.cycle_helpers import place
from tests.helpers import casablanca, today

NEEDING = [move for move in MOVES if move.requires]
pytestmark = pytest.mark.usefixtures("english")


def test_the_table_declares_the_records_the_moves_need():
    assert {move.name for move in NEEDING} == {"open_phase_two", "start_implementation", "close_cycle"}
    assert [move.name for move in MOVES if move.records_adoption] == ["adopt"]
    assert [move.name for move in MOVES if move.opens_next_cycle] == ["close_cycle"]


@pytest.mark.parametrize("move", NEEDING, ids=lambda move: move.name)
def test_a_move_without_the_record_it_requires_is_refused_with_the_tables_reason(cycle_a, move):
    phase_dates = {move.phase: (today(-1), today(10))} if move.phase else {}
    cycle = place(cycle_a, move.sources[0], **phase_dates)
    actor = Actor.COORDINATOR if Actor.COORDINATOR in move.actors else next(iter(move.actors))

    check = check_move(Cycle.objects.select_related("member").get(pk=cycle.pk), move, actor, day=today())

    assert not move.requires.met(cycle)
    assert (check.allowed, check.reason) == (False, str(move.requires.missing))


def test_the_latest_draft_is_the_last_published_and_the_first_draft_the_earliest(cycle_a):
    assert cycle_a.versions.latest_draft() is None and cycle_a.versions.first_draft() is None
    at = casablanca(2030, 5, 1)
    first, second = (ProgrammeVersion.objects.create(cycle=cycle_a, kind=ProgrammeVersion.Kind.DRAFT, title=title,
                                                     taken_at=at) for title in ("First", "Second"))
    ProgrammeVersion.objects.create(cycle=cycle_a, kind=ProgrammeVersion.Kind.ADOPTED, title="Adopted")

    assert (cycle_a.versions.first_draft(), cycle_a.versions.latest_draft()) == (first, second)  # same time: by id
    assert list(cycle_a.versions.drafts().newest_first()) == [second, first]
