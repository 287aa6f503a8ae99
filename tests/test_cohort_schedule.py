"""The cycle's scheduled jobs: phases open and close by themselves (Celery beat, or the embedded
relay's beat), and staff reminders are written to the outbox exactly once."""

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from cohorts import reminders
from cohorts.models import CohortMembership, Cycle, Stage, Transition
from cohorts.services import (
    PHASE_EVENT,
    STAFF_REMINDER,
    Refused,
    move,
    record_draft,
    run_calendar,
    set_phase_dates,
    withdraw,
)
from tests.conftest import require
from tests.cycle_helpers import place
from tests.helpers import casablanca, database_url_for_subprocess, today
from website.outbox import Outbox
from website.relay import EmbeddedBeat


def phase_rows(cycle) -> list[str]:
    return sorted(Outbox.objects.filter(kind=PHASE_EVENT, payload__cycle=cycle.pk).values_list("key", flat=True))


def reminder_keys() -> list[str]:
    return sorted(Outbox.objects.filter(kind=STAFF_REMINDER).values_list("key", flat=True))


@pytest.fixture
def planned_phases(cycle_a, staff_of_a):
    """Agadir's own dates: phase one 2–31 March 2030, phase two 10 May–20 June 2030."""
    return set_phase_dates(cycle_a, staff_of_a, {
        "phase_one": (date(2030, 3, 2), date(2030, 3, 31)),
        "phase_two": (date(2030, 5, 10), date(2030, 6, 20)),
    }, now=casablanca(2030, 2, 1))


# The beat schedule ------------------------------------------------------------------------------

def test_beat_schedule__runs_the_calendar_every_five_minutes_and_the_reminders_daily():
    from celery.schedules import crontab

    from website.celery import app

    app.loader.import_default_modules()
    calendar = settings.CELERY_BEAT_SCHEDULE["cohorts-run-calendar"]
    daily = settings.CELERY_BEAT_SCHEDULE["cohorts-staff-reminders"]

    assert calendar["task"] in app.tasks and daily["task"] in app.tasks
    assert calendar["schedule"] <= 5 * 60  # a phase opens within minutes of local midnight
    assert isinstance(daily["schedule"], crontab)


def test_embedded_beat__opens_the_phase_of_today_with_the_real_schedule(tmp_path, cycle_a):
    # The beat job runs at the real time, so this phase opens on the real today.
    day = today()
    place(cycle_a, phase_one=(day, today(30)))
    # The calendar's entry as configured (the daily one would fall due at 07:00 of the real day).
    entry = {"cohorts-run-calendar": settings.CELERY_BEAT_SCHEDULE["cohorts-run-calendar"]}
    beat = EmbeddedBeat(entry, tmp_path / "beat.json")
    start = timezone.now()

    assert beat.tick(start) == []  # first sight: each entry runs one interval later, like Celery beat
    assert beat.tick(start + timedelta(minutes=4)) == []
    assert beat.tick(start + timedelta(minutes=5, seconds=1)) == ["cohorts-run-calendar"]

    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.PHASE_ONE
    opening = Transition.objects.get(cycle=cycle_a, name="open_phase_one")
    assert (opening.actor, opening.happened_on) == (Transition.Actor.CALENDAR, day)
    assert phase_rows(cycle_a) == [f"phase:{cycle_a.pk}:phase_one:opens"]
    # The next run finds nothing left to do.
    assert beat.tick(start + timedelta(minutes=10, seconds=2)) == ["cohorts-run-calendar"]
    assert Transition.objects.filter(cycle=cycle_a).count() == 1


def test_embedded_beat__writes_the_reminders_every_morning_at_seven_local_time(tmp_path):
    entry = settings.CELERY_BEAT_SCHEDULE["cohorts-staff-reminders"]
    beat = EmbeddedBeat({"reminders": entry}, tmp_path / "beat.json")

    assert beat.tick(casablanca(2030, 2, 25, 6, 0)) == []
    assert beat.tick(casablanca(2030, 2, 25, 6, 59)) == []
    assert beat.tick(casablanca(2030, 2, 25, 7, 1)) == ["reminders"]
    assert beat.tick(casablanca(2030, 2, 25, 18, 0)) == []
    assert beat.tick(casablanca(2030, 2, 26, 7, 0)) == ["reminders"]


@pytest.mark.django_db(transaction=True)
def test_embedded_relay_process__finds_and_runs_the_calendar_task(tmp_path, cohort, member_a):
    """A fresh process, as `make run` starts the relay: it must register the cohorts' tasks itself."""
    require(connection.vendor == "postgresql", "the relay process shares the test database: set DATABASE_URL")
    from cohorts.services import admit
    from cohorts.standing import current_cycle

    admit(cohort, member_a.territory.code, joined_on=date(2030, 1, 15))
    cycle = current_cycle(member_a)
    day = today()
    place(cycle, phase_one=(day, today(30)))
    state = tmp_path / "beat.json"
    state.write_text(json.dumps({"cohorts-run-calendar": (timezone.now() - timedelta(minutes=6)).isoformat()}))
    script = (
        "import django, sys; django.setup()\n"
        "from django.conf import settings\n"
        "from website.relay import EmbeddedBeat\n"
        "print(EmbeddedBeat(settings.CELERY_BEAT_SCHEDULE, sys.argv[1]).tick())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test",
           "DATABASE_URL": database_url_for_subprocess(), "CELERY_BROKER_URL": ""}

    done = subprocess.run([sys.executable, "-c", script, str(state)], cwd=Path(settings.BASE_DIR), env=env,
                          capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    assert "['cohorts-run-calendar']" in done.stdout
    assert "unknown task" not in done.stderr
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PHASE_ONE
    assert phase_rows(cycle) == [f"phase:{cycle.pk}:phase_one:opens"]


# Phases open and close at local midnight ---------------------------------------------------------

def test_run_calendar__opens_at_local_midnight_not_utc_midnight(planned_phases):
    cycle = planned_phases

    # 23:58 on 1 March in Casablanca (UTC+1): still the day before.
    assert run_calendar(now=casablanca(2030, 3, 1, 23, 58)) == []
    # 00:03 on 2 March in Casablanca is 23:03 UTC on 1 March: the phase opens.
    opened = run_calendar(now=datetime(2030, 3, 1, 23, 3, tzinfo=UTC))

    assert [(t.cycle_id, t.name, t.happened_on) for t in opened] == [
        (cycle.pk, "open_phase_one", date(2030, 3, 2))]
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PHASE_ONE


def test_run_calendar__a_phase_ending_on_the_31st_closes_after_midnight(planned_phases):
    cycle = planned_phases
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))

    assert run_calendar(now=casablanca(2030, 3, 31, 23, 59)) == []  # its last day, to the end
    closed = run_calendar(now=casablanca(2030, 4, 1, 0, 4))

    assert [(t.name, t.happened_on) for t in closed] == [("close_phase_one", date(2030, 3, 31))]
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DRAFTING


def test_run_calendar__during_ramadan_morocco_is_on_utc(cycle_a):
    # Morocco sets its clocks to UTC+0 during Ramadan (January 2030): midnight is 00:00 UTC.
    place(cycle_a, phase_one=(date(2030, 1, 20), date(2030, 2, 20)))

    assert run_calendar(now=datetime(2030, 1, 19, 23, 30, tzinfo=UTC)) == []
    assert [t.name for t in run_calendar(now=datetime(2030, 1, 20, 0, 3, tzinfo=UTC))] == ["open_phase_one"]


def test_phase_two__opens_on_its_date_only_with_a_published_draft(planned_phases):
    cycle = planned_phases
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_calendar(now=casablanca(2030, 4, 1, 0, 5))

    assert run_calendar(now=casablanca(2030, 5, 10, 0, 5)) == []  # no draft: it waits
    record_draft(cycle, title="Programme d'ouverture (projet)", body=[])
    assert [t.name for t in run_calendar(now=casablanca(2030, 5, 10, 0, 10))] == ["open_phase_two"]
    assert [t.name for t in run_calendar(now=casablanca(2030, 6, 21, 0, 5))] == ["close_phase_two"]
    assert phase_rows(cycle) == [f"phase:{cycle.pk}:{phase}:{event}" for phase, event in [
        ("phase_one", "closes"), ("phase_one", "opens"), ("phase_two", "closes"), ("phase_two", "opens")]]


# Phase events once, whoever moves first -------------------------------------------------------------

def test_phase_event__once_when_staff_open_early_and_then_the_calendar_runs(planned_phases, staff_of_a):
    cycle = planned_phases
    move(cycle, "open_phase_one", staff_of_a, note="Atelier de lancement avancé", now=casablanca(2030, 3, 1, 10))

    for hour in (0, 1, 2):
        assert run_calendar(now=casablanca(2030, 3, 2, hour, 5)) == []

    assert phase_rows(cycle) == [f"phase:{cycle.pk}:phase_one:opens"]
    assert Transition.objects.get(cycle=cycle).actor == Transition.Actor.STAFF


def test_phase_event__once_when_the_calendar_opens_first_and_staff_then_try(planned_phases, staff_of_a):
    cycle = planned_phases
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))

    with translation.override("en"), pytest.raises(Refused, match="Already done"):
        move(cycle, "open_phase_one", staff_of_a, now=casablanca(2030, 3, 2, 9))
    run_calendar(now=casablanca(2030, 3, 2, 0, 10))

    assert phase_rows(cycle) == [f"phase:{cycle.pk}:phase_one:opens"]
    assert Transition.objects.filter(cycle=cycle).count() == 1


def test_phase_event__closing_early_then_the_calendar_writes_one_closing(planned_phases, staff_of_a):
    cycle = planned_phases
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    move(cycle, "close_phase_one", staff_of_a, note="Objectif atteint", now=casablanca(2030, 3, 20, 16))

    assert run_calendar(now=casablanca(2030, 4, 1, 0, 5)) == []
    assert phase_rows(cycle) == [f"phase:{cycle.pk}:phase_one:closes", f"phase:{cycle.pk}:phase_one:opens"]
    cycle.refresh_from_db()
    assert cycle.phase_one_closes_on == date(2030, 3, 20)


# Staff reminders: written exactly once ------------------------------------------------------------

def test_reminders__phase_dates_7_and_1_days_before_each_written_once_across_days(planned_phases):
    cycle = planned_phases
    written_by_day = {}
    day = date(2030, 2, 15)
    while day <= date(2030, 3, 2):
        for hour in (7, 7, 15):  # the job runs twice in the morning (a restart) and once more later
            for reminder in reminders.write_reminders(now=casablanca(day.year, day.month, day.day, hour)):
                written_by_day.setdefault(day, []).append((reminder.what, reminder.on, reminder.offset))
        day += timedelta(days=1)

    assert written_by_day == {
        date(2030, 2, 23): [("phase_one_opens", date(2030, 3, 2), "7")],
        date(2030, 3, 1): [("phase_one_opens", date(2030, 3, 2), "1")],
    }
    assert reminder_keys() == [
        f"reminder:{cycle.pk}:phase_one_opens:2030-03-02:1",
        f"reminder:{cycle.pk}:phase_one_opens:2030-03-02:7",
    ]


def test_reminders__closing_reminders_while_the_phase_is_open(planned_phases):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))

    assert [(r.what, r.offset) for r in reminders.write_reminders(now=casablanca(2030, 3, 24, 7))] == [
        ("phase_one_closes", "7")]
    assert reminders.write_reminders(now=casablanca(2030, 3, 24, 8)) == []
    assert [(r.what, r.on, r.offset) for r in reminders.write_reminders(now=casablanca(2030, 3, 30, 7))] == [
        ("phase_one_closes", date(2030, 3, 31), "1")]
    assert reminders.write_reminders(now=casablanca(2030, 3, 31, 7)) == []  # the day itself: nothing new


def test_reminders__a_missed_day_is_caught_up_with_the_nearest_offset_only(planned_phases):
    # The job did not run for a week: on 1 March only the day-before reminder is written.
    assert [(r.what, r.offset) for r in reminders.write_reminders(now=casablanca(2030, 3, 1, 9))] == [
        ("phase_one_opens", "1")]
    assert [(r.what, r.offset) for r in reminders.write_reminders(now=casablanca(2030, 2, 26, 9))] == [
        ("phase_one_opens", "7")]  # a run late by four days still reminds, once


def test_reminders__new_dates_get_their_own_reminders(planned_phases, staff_of_a):
    cycle = planned_phases
    reminders.write_reminders(now=casablanca(2030, 2, 23, 7))
    set_phase_dates(cycle, staff_of_a, {"phase_one": (date(2030, 3, 9), date(2030, 3, 31))},
                    now=casablanca(2030, 2, 24))

    assert [(r.on, r.offset) for r in reminders.write_reminders(now=casablanca(2030, 3, 2, 7))] == [
        (date(2030, 3, 9), "7")]
    assert len(reminder_keys()) == 2


def test_reminders__next_planned_stage_once_in_the_month_before(cycle_a):
    # At "joined" without phase dates, the calendar's next stage is the training, planned for February.
    written = []
    for day in range(1, 32):
        written += reminders.write_reminders(now=casablanca(2030, 1, day, 7))

    assert [(r.what, r.on, r.offset) for r in written] == [("planned_training", date(2030, 2, 1), "month")]
    # Once February comes, the training's month has begun: next is phase one, planned for March.
    assert [(r.what, r.on) for r in reminders.write_reminders(now=casablanca(2030, 2, 1, 7))] == [
        ("planned_phase_one", date(2030, 3, 1))]


def test_reminders__adoption_by_the_council_planned_for_september(planned_phases):
    cycle = planned_phases
    for when in [casablanca(2030, 3, 2, 0, 5), casablanca(2030, 4, 1, 0, 5)]:
        run_calendar(now=when)
    record_draft(cycle, title="Programme d'ouverture (projet)", body=[])
    for when in [casablanca(2030, 5, 10, 0, 5), casablanca(2030, 6, 21, 0, 5)]:
        run_calendar(now=when)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.COUNCIL

    assert reminders.write_reminders(now=casablanca(2030, 7, 31, 7)) == []
    assert [(r.what, r.on) for r in reminders.write_reminders(now=casablanca(2030, 8, 1, 7))] == [
        ("planned_council", date(2030, 9, 1))]
    assert reminders.write_reminders(now=casablanca(2030, 8, 20, 7)) == []


def test_reminders__none_for_an_archived_member_a_withdrawn_one_or_a_demo_cycle(planned_phases, cycle_b, member_a):
    place(cycle_b, phase_one=(date(2030, 3, 2), date(2030, 3, 31)))
    withdraw(CohortMembership.objects.get(member=cycle_b.member))
    member_a.status = member_a.Status.ARCHIVED
    member_a.save(update_fields=["status"])

    assert reminders.write_reminders(now=casablanca(2030, 2, 23, 7)) == []

    member_a.status = member_a.Status.ACTIVE
    member_a.save(update_fields=["status"])
    Cycle.objects.filter(pk=planned_phases.pk).update(is_demo=True)
    assert reminders.write_reminders(now=casablanca(2030, 2, 23, 7)) == []
    assert reminder_keys() == []
