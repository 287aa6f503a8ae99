"""The cycle's guards are read from `cohorts.cycle.MOVES`: what a move needs on the record first,
whether it records the council's adoption, whether it opens the next cycle."""

import pytest

from cohorts.cycle import MOVES, Actor
from cohorts.models import Cycle
from cohorts.services import check_move
from tests.cycle_helpers import place
from tests.helpers import today

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
