"""Phases gate participation by their dates, in Morocco's time, and the calendar moves cycles on.

`phase_state` is what the idea and comment forms ask (DESIGN §4.5): open from the first day at
00:00 to the last day at 23:59:59 in Africa/Casablanca, whose offset is +1 most of the year and
0 during Ramadan. `run_calendar` records the moves the dates call for, each once, with one outbox
row per (cycle, phase, event) whoever made the move.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from cohorts.cycle import PHASE_ONE, PHASE_TWO, phase_state
from cohorts.models import Cycle, Stage, Transition
from cohorts.services import PHASE_EVENT, Refused, enqueue_phase_event, move, record_draft, run_calendar
from tests.cycle_helpers import PHASE_ONE_DATES, PHASE_TWO_DATES, place, walk_to
from tests.helpers import CASABLANCA, casablanca
from website.outbox import Outbox

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def utc(year, month, day, hour=0, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def state(cycle, phase, now):
    return phase_state(cycle, phase, now).state


# Gating by dates ------------------------------------------------------------------------------

def test_a_phase_without_dates_is_unscheduled(cycle_a):
    assert phase_state(cycle_a, PHASE_ONE, casablanca(2030, 3, 10)).state == "unscheduled"
    cycle = place(cycle_a, Stage.TRAINING, phase_one=(date(2030, 3, 10), None))
    assert phase_state(cycle, PHASE_ONE, casablanca(2030, 3, 10)).state == "unscheduled"


@pytest.mark.parametrize("stage", [Stage.JOINED, Stage.TRAINING, Stage.PHASE_ONE])
def test_a_phase_is_open_from_its_first_day_at_midnight_to_its_last_day_at_midnight(cycle_a, stage):
    """Before the calendar records it the dates alone open the phase; recorded, they close it."""
    cycle = place(cycle_a, stage, phase_one=PHASE_ONE_DATES)
    before = casablanca(2030, 3, 9, 23, 59, 59)
    assert state(cycle, PHASE_ONE, before) == ("open" if stage == Stage.PHASE_ONE else "upcoming")
    assert state(cycle, PHASE_ONE, casablanca(2030, 3, 10, 0, 0)) == "open"
    assert state(cycle, PHASE_ONE, casablanca(2030, 4, 10, 23, 59, 59)) == "open"
    assert state(cycle, PHASE_ONE, casablanca(2030, 4, 11, 0, 0)) == "closed"
    shown = phase_state(cycle, PHASE_ONE, casablanca(2030, 4, 11, 0, 0))
    assert (shown.opens_on, shown.closes_on, shown.is_open) == (*PHASE_ONE_DATES, False)


def test_a_phase_ending_at_midnight_closes_while_utc_still_shows_its_last_day(cycle_a):
    cycle = place(cycle_a, Stage.PHASE_ONE, phase_one=PHASE_ONE_DATES)
    # In April 2030 Morocco is at UTC+1: local midnight is 23:00 UTC on the phase's last day.
    assert casablanca(2030, 4, 10).utcoffset() == timedelta(hours=1)
    midnight = utc(2030, 4, 10, 23, 0)
    assert midnight.date() == PHASE_ONE_DATES[1]
    assert midnight.astimezone(CASABLANCA) == casablanca(2030, 4, 11, 0, 0)
    assert state(cycle, PHASE_ONE, midnight) == "closed"
    assert state(cycle, PHASE_ONE, midnight - timedelta(seconds=1)) == "open"
    # And it opened at 23:00 UTC on the day before its first day.
    not_yet_recorded = place(cycle, Stage.TRAINING, phase_one=PHASE_ONE_DATES)
    assert state(not_yet_recorded, PHASE_ONE, utc(2030, 3, 9, 23, 0)) == "open"
    assert state(not_yet_recorded, PHASE_ONE, utc(2030, 3, 9, 22, 59)) == "upcoming"


def test_during_ramadan_2026_morocco_is_at_utc_and_the_phase_closes_at_utc_midnight(cycle_a):
    """The same UTC clock reading closes one phase and not another: Morocco's offset moves."""
    assert casablanca(2026, 3, 5).utcoffset() == timedelta(0)  # Ramadan 2026
    assert casablanca(2026, 4, 15).utcoffset() == timedelta(hours=1)  # after it

    in_ramadan = place(cycle_a, Stage.PHASE_ONE, phase_one=(date(2026, 2, 20), date(2026, 3, 5)))
    assert state(in_ramadan, PHASE_ONE, utc(2026, 3, 5, 23, 30)) == "open"  # 23:30 in Casablanca
    assert state(in_ramadan, PHASE_ONE, utc(2026, 3, 6, 0, 0)) == "closed"  # midnight in Casablanca
    assert state(in_ramadan, PHASE_ONE, casablanca(2026, 3, 6, 0, 0)) == "closed"

    after = place(cycle_a, Stage.PHASE_ONE, phase_one=(date(2026, 3, 30), date(2026, 4, 15)))
    assert state(after, PHASE_ONE, utc(2026, 4, 15, 23, 30)) == "closed"  # 00:30 on the 16th there
    assert state(after, PHASE_ONE, utc(2026, 4, 15, 22, 59)) == "open"


def test_a_phase_closed_early_is_closed_at_once(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    moment = casablanca(2030, 3, 20, 10, 0)
    assert state(cycle, PHASE_ONE, moment) == "open"
    move(cycle, "close_phase_one", staff_of_a, note="The workshops are done.", now=moment)
    cycle.refresh_from_db()
    assert cycle.phase_one_closes_on == date(2030, 3, 20)
    assert state(cycle, PHASE_ONE, moment + timedelta(seconds=1)) == "closed"


def test_a_phase_opened_early_is_open_at_once(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    moment = casablanca(2030, 3, 3, 15, 0)
    assert state(cycle, PHASE_ONE, moment) == "upcoming"
    move(cycle, "open_phase_one", staff_of_a, note="Information sessions went well.", now=moment)
    cycle.refresh_from_db()
    assert state(cycle, PHASE_ONE, moment) == "open"


def test_phase_two_is_not_open_without_a_draft(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    first_day = casablanca(2030, 5, 5, 0, 0)
    assert state(cycle, PHASE_TWO, first_day) == "upcoming"
    assert phase_state(cycle, PHASE_TWO, first_day, has_draft=True).state == "open"
    record_draft(cycle, title="Draft", body=[])
    assert state(cycle, PHASE_TWO, first_day) == "open"
    assert phase_state(cycle, PHASE_TWO, first_day, has_draft=False).state == "upcoming"
    assert state(cycle, PHASE_ONE, first_day) == "closed"


def test_phase_two_waits_for_phase_one_to_close(cycle_a):
    """Dates reached while phase one still runs (before the calendar's run): not open yet."""
    cycle = place(cycle_a, Stage.PHASE_ONE, phase_one=(date(2030, 3, 10), date(2030, 4, 30)),
                  phase_two=(date(2030, 5, 1), date(2030, 5, 25)))
    record_draft(cycle, title="Draft", body=[])
    assert state(cycle, PHASE_TWO, casablanca(2030, 5, 1, 0, 30)) == "upcoming"
    assert state(cycle, PHASE_ONE, casablanca(2030, 5, 1, 0, 30)) == "closed"


@pytest.mark.parametrize("stage", [Stage.COUNCIL, Stage.ADOPTED, Stage.CLOSED])
def test_phases_are_closed_once_the_cycle_moved_past_them_even_within_their_dates(cycle_a, stage):
    cycle = place(cycle_a, stage, phase_one=PHASE_ONE_DATES, phase_two=PHASE_TWO_DATES)
    assert state(cycle, PHASE_ONE, casablanca(2030, 3, 15)) == "closed"
    assert state(cycle, PHASE_TWO, casablanca(2030, 5, 10)) == "closed"


# The calendar ---------------------------------------------------------------------------------

@pytest.fixture
def two_cycles(cycle_a, cycle_b, staff_of_a, staff_of_b):
    """Agadir and Tétouan in cohort 7 with their own dates: Tétouan ten days behind Agadir."""
    from cohorts.services import set_phase_dates

    set_at = casablanca(2030, 1, 20)
    set_phase_dates(cycle_a, staff_of_a, {"phase_one": PHASE_ONE_DATES, "phase_two": PHASE_TWO_DATES}, now=set_at)
    set_phase_dates(cycle_b, staff_of_b, {"phase_one": (date(2030, 3, 20), date(2030, 4, 20)),
                                          "phase_two": (date(2030, 5, 15), date(2030, 6, 5))}, now=set_at)
    return Cycle.objects.get(pk=cycle_a.pk), Cycle.objects.get(pk=cycle_b.pk)


def done(transitions):
    return sorted((t.cycle.member.territory.code, t.name, t.happened_on) for t in transitions)


def phase_rows(cycle=None):
    rows = Outbox.objects.filter(kind=PHASE_EVENT)
    if cycle is not None:
        rows = rows.filter(key__startswith=f"phase:{cycle.pk}:")
    return sorted(rows.values_list("key", flat=True))


def test_the_calendar_opens_and_closes_exactly_the_due_cycles_once(two_cycles):
    a, b = two_cycles
    agadir, tetouan = a.member.territory.code, b.member.territory.code
    assert run_calendar(casablanca(2030, 3, 9, 23, 59, 59)) == []
    assert done(run_calendar(casablanca(2030, 3, 10, 0, 0))) == [(agadir, "open_phase_one", date(2030, 3, 10))]
    assert run_calendar(casablanca(2030, 3, 10, 0, 5)) == []  # a second run does nothing
    assert done(run_calendar(casablanca(2030, 3, 20, 0, 1))) == [(tetouan, "open_phase_one", date(2030, 3, 20))]
    assert run_calendar(casablanca(2030, 4, 10, 23, 59, 59)) == []
    # Midnight in Casablanca is 23:00 UTC: the calendar reads local days too.
    assert done(run_calendar(utc(2030, 4, 10, 23, 0))) == [(agadir, "close_phase_one", date(2030, 4, 10))]
    assert done(run_calendar(casablanca(2030, 4, 21, 3))) == [(tetouan, "close_phase_one", date(2030, 4, 20))]

    # Phase two waits for the draft: the calendar tries every run and writes nothing meanwhile.
    assert run_calendar(casablanca(2030, 5, 5, 0, 0)) == []
    assert Cycle.objects.get(pk=a.pk).stage == Stage.DRAFTING
    record_draft(a, title="Agadir's draft", body=[])
    assert done(run_calendar(casablanca(2030, 5, 5, 6, 0))) == [(agadir, "open_phase_two", date(2030, 5, 5))]
    assert run_calendar(casablanca(2030, 5, 5, 6, 1)) == []

    keys = [f"phase:{a.pk}:phase_one:opens", f"phase:{b.pk}:phase_one:opens", f"phase:{a.pk}:phase_one:closes",
            f"phase:{b.pk}:phase_one:closes", f"phase:{a.pk}:phase_two:opens"]
    assert phase_rows() == sorted(keys)
    row = Outbox.objects.get(key=f"phase:{a.pk}:phase_two:opens")
    assert row.payload == {"cycle": a.pk, "phase": "phase_two", "event": "opens"}
    assert list(Transition.objects.filter(actor="calendar").values_list("by", flat=True)) == [None] * 5


def test_one_run_closes_phase_one_then_opens_phase_two_the_next_day(cycle_a, staff_of_a):
    from cohorts.services import set_phase_dates

    set_phase_dates(cycle_a, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 4, 30)),
                                          "phase_two": (date(2030, 5, 1), date(2030, 5, 25))},
                    now=casablanca(2030, 1, 20))
    run_calendar(casablanca(2030, 3, 10, 0, 0))
    record_draft(cycle_a, title="Drafted during phase one", body=[])
    moves = run_calendar(casablanca(2030, 5, 1, 0, 0))
    assert [(t.name, t.happened_on) for t in moves] == [
        ("close_phase_one", date(2030, 4, 30)), ("open_phase_two", date(2030, 5, 1))]
    assert Cycle.objects.get(pk=cycle_a.pk).stage == Stage.PHASE_TWO


def test_a_late_calendar_records_the_planned_dates(two_cycles):
    a, b = two_cycles
    # Down from 9 March to 25 March: Agadir's phase one opened on the 10th, Tétouan's on the 20th.
    assert done(run_calendar(casablanca(2030, 3, 25))) == sorted([
        (a.member.territory.code, "open_phase_one", date(2030, 3, 10)),
        (b.member.territory.code, "open_phase_one", date(2030, 3, 20)),
    ])


def test_the_calendar_does_not_open_a_phase_after_its_last_day(cycle_a):
    """A phase whose dates all passed before any run (the job was down): the member sets new dates."""
    cycle = place(cycle_a, Stage.TRAINING, phase_one=PHASE_ONE_DATES)
    assert run_calendar(casablanca(2030, 4, 11)) == []
    assert Cycle.objects.get(pk=cycle.pk).stage == Stage.TRAINING
    assert phase_rows() == []


def test_the_calendar_leaves_a_member_that_left_the_network(two_cycles):
    from communes.services import leave_network

    a, b = two_cycles
    leave_network(a.member)
    assert done(run_calendar(casablanca(2030, 3, 25))) == [
        (b.member.territory.code, "open_phase_one", date(2030, 3, 20))]
    assert Cycle.objects.get(pk=a.pk).stage == Stage.JOINED


def test_a_person_and_the_calendar_make_a_move_once_and_write_one_row(two_cycles, staff_of_a, coordinator):
    a, _b = two_cycles
    move(a, "open_phase_one", staff_of_a, note="Started with the council's session.", now=casablanca(2030, 3, 5))
    assert run_calendar(casablanca(2030, 3, 10, 0, 0)) == []
    assert phase_rows(a) == [f"phase:{a.pk}:phase_one:opens"]

    # The calendar closes it first; the person's close comes too late and changes nothing.
    run_calendar(casablanca(2030, 4, 11, 0, 0))
    with pytest.raises(Refused, match="Already done"):
        move(a, "close_phase_one", coordinator, note="Closing", now=casablanca(2030, 4, 11, 8))
    assert Transition.objects.filter(cycle=a, name="close_phase_one").get().actor == "calendar"
    assert phase_rows(a) == sorted([f"phase:{a.pk}:phase_one:opens", f"phase:{a.pk}:phase_one:closes"])


def test_a_phase_event_is_queued_once_per_cycle_phase_and_event(cycle_a):
    first = enqueue_phase_event(cycle_a, PHASE_ONE, "opens")
    again = enqueue_phase_event(cycle_a, PHASE_ONE, "opens")
    other = enqueue_phase_event(cycle_a, PHASE_ONE, "closes")
    assert first.pk == again.pk != other.pk
    assert Outbox.objects.filter(kind=PHASE_EVENT).count() == 2
