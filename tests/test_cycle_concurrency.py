"""Two people (or a person and the calendar) move one cycle at the same moment: one move wins.

These run outside a test transaction, on PostgreSQL, so that each thread has its own connection
and the row lock taken by `cohorts.services.move` is what decides.
"""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from cohorts.models import Cycle, Stage, Transition
from cohorts.services import Refused, move
from tests.conftest import require
from tests.cycle_helpers import STEPS, walk_to
from website.outbox import Outbox

pytestmark = pytest.mark.django_db(transaction=True)


def race(*attempts):
    """Run each attempt in its own thread, released together; returns what each gave or raised."""
    barrier = threading.Barrier(len(attempts))
    results = [None] * len(attempts)

    def run(index, attempt):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # each thread has its own active language
                results[index] = attempt()
        except Exception as error:
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_coordinators_record_the_training_at_once_and_one_wins(cycle_a, coordinator, staff_of_a):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL")
    at = STEPS["start_training"]
    results = race(*[lambda: move(cycle_a, "start_training", coordinator, expected_stage=Stage.JOINED, now=at)] * 2)

    winners = [r for r in results if isinstance(r, Transition)]
    losers = [r for r in results if isinstance(r, Refused)]
    assert (len(winners), len(losers)) == (1, 1), results
    # The loser waited for the winner's row lock, then saw the cycle as it had become.
    assert losers[0].message.startswith("This cycle has moved on since the page was opened")
    assert Cycle.objects.get(pk=cycle_a.pk).stage == Stage.TRAINING
    assert Transition.objects.filter(cycle=cycle_a).count() == 1


def test_staff_and_the_calendar_open_a_phase_at_once_and_one_row_is_written(cycle_a, coordinator, staff_of_a):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL")
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    at = STEPS["open_phase_one"]
    results = race(lambda: move(cycle, "open_phase_one", staff_of_a, now=at),
                   lambda: move(cycle, "open_phase_one", None, now=at))

    assert sum(isinstance(r, Transition) for r in results) == 1, results
    [loser] = [r for r in results if isinstance(r, Refused)]
    assert loser.message == "Already done: this cycle is at “Phase one: collecting ideas”."
    assert Transition.objects.filter(cycle=cycle, name="open_phase_one").count() == 1
    assert Outbox.objects.filter(key=f"phase:{cycle.pk}:phase_one:opens").count() == 1
