"""Phases gate participation: what residents are told, and the guard of the views that take ideas
and comments, by the phase dates in Africa/Casablanca (a phase is open through its last day)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from cohorts.cycle import PHASE_ONE, PHASE_TWO
from cohorts.models import Cycle, Stage
from cohorts.phase_gates import current_gate, gate
from cohorts.services import move, record_draft, run_calendar, set_phase_dates
from cohorts.standing import current_cycle, timeline
from tests.cycle_helpers import place
from tests.helpers import casablanca, today

DRAFT_BODY = [{"type": "heading", "value": "Projet 1 : un budget lisible", "id": "b1"},
              {"type": "rich_text", "value": "<p>Publier le budget chaque trimestre.</p>", "id": "b2"}]


# The gate's words are read in English (the site's default language is Arabic).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def planned_cycle(cycle_a, coordinator):
    """Agadir's cycle with phase one 1 March – 30 April 2030 and phase two 10 May – 15 June 2030,
    set through the service in January (inside the cohort's calendar)."""
    return set_phase_dates(cycle_a, coordinator, {
        PHASE_ONE: (date(2030, 3, 1), date(2030, 4, 30)),
        PHASE_TWO: (date(2030, 5, 10), date(2030, 6, 15)),
    }, now=casablanca(2030, 1, 20))


# The gate function, at given moments -----------------------------------------------------------

def test_phase_one__upcoming_the_day_before_with_its_date_in_plain_words(planned_cycle):
    found = gate(planned_cycle.member, PHASE_ONE, now=casablanca(2030, 2, 28, 23, 59))
    assert found.state.state == "upcoming" and not found.is_open
    assert found.title == "Phase one opens on 1 March 2030"
    assert "30 April 2030" in found.message
    assert found.action_label == ""


def test_phase_one__open_from_midnight_on_its_first_day_with_the_invitation(planned_cycle):
    found = gate(planned_cycle.member, PHASE_ONE, now=casablanca(2030, 3, 1, 0, 0))
    assert found.is_open and found.state.state == "open"
    assert found.action_label == "Propose an idea"
    assert "30 April 2030" in found.message


def test_phase_one__open_until_the_last_minute_of_its_last_day_then_closed_at_midnight(planned_cycle):
    member = planned_cycle.member
    assert gate(member, PHASE_ONE, now=casablanca(2030, 4, 30, 23, 59)).is_open
    closed = gate(member, PHASE_ONE, now=casablanca(2030, 5, 1, 0, 0))
    assert closed.state.state == "closed" and not closed.is_open
    assert closed.title == "Phase one closed on 30 April 2030."
    assert closed.next_step == "Consultation on the draft opens on 10 May 2030."


def test_phase_one__the_day_is_casablancas_not_utcs(planned_cycle):
    member = planned_cycle.member
    # 23:30 UTC on 30 April is 00:30 on 1 May in Casablanca (UTC+1 outside Ramadan): closed.
    assert gate(member, PHASE_ONE, now=datetime(2030, 4, 30, 23, 30, tzinfo=UTC)).state.state == "closed"
    # 22:59 UTC is 23:59 in Casablanca: still the last day.
    assert gate(member, PHASE_ONE, now=datetime(2030, 4, 30, 22, 59, tzinfo=UTC)).is_open


def test_phase_one__during_ramadan_casablanca_is_on_utc_so_the_same_hour_is_still_open(cycle_a):
    # Morocco moves to UTC+0 for Ramadan (January–February 2030): never a fixed offset.
    place(cycle_a, phase_one=(date(2030, 1, 20), date(2030, 2, 5)))
    assert gate(cycle_a.member, PHASE_ONE, now=datetime(2030, 2, 5, 23, 30, tzinfo=UTC)).is_open
    assert not gate(cycle_a.member, PHASE_ONE, now=datetime(2030, 2, 6, 0, 0, tzinfo=UTC)).is_open


def test_phase_one__closed_early_by_staff_says_the_real_closing_date(planned_cycle, staff_of_a):
    move(planned_cycle, "open_phase_one", None, now=casablanca(2030, 3, 1))
    move(planned_cycle, "close_phase_one", staff_of_a, note="Workshops ended early", now=casablanca(2030, 4, 20))
    found = gate(planned_cycle.member, PHASE_ONE, now=casablanca(2030, 4, 21))
    assert found.title == "Phase one closed on 20 April 2030."


def test_phase_two__waits_for_the_draft_then_opens_with_its_invitation(planned_cycle):
    run_calendar(now=casablanca(2030, 3, 1))
    run_calendar(now=casablanca(2030, 5, 1))  # phase one closes: drafting
    member = planned_cycle.member
    no_draft = gate(member, PHASE_TWO, now=casablanca(2030, 5, 10, 9))
    assert no_draft.state.state == "upcoming"
    assert no_draft.title == "Consultation on the draft opens once the draft programme is published."
    record_draft(Cycle.objects.get(pk=planned_cycle.pk), title="Programme d'ouverture", body=DRAFT_BODY)
    found = gate(member, PHASE_TWO, now=casablanca(2030, 5, 10, 9))
    assert found.is_open and found.action_label == "Comment on the draft programme"
    assert "15 June 2030" in found.message
    after = gate(member, PHASE_TWO, now=casablanca(2030, 6, 16, 0, 0))
    assert after.title == "Consultation on the draft closed on 15 June 2030."
    assert "council" in after.message


def test_current_gate__follows_the_cycle_from_ideas_to_the_consultation(planned_cycle):
    member = planned_cycle.member
    assert current_gate(member, now=casablanca(2030, 2, 1)).phase == PHASE_ONE
    assert current_gate(member, now=casablanca(2030, 3, 15)).phase == PHASE_ONE
    between = current_gate(member, now=casablanca(2030, 5, 5))
    assert between.phase == PHASE_ONE and "10 May 2030" in between.next_step
    run_calendar(now=casablanca(2030, 3, 1))
    run_calendar(now=casablanca(2030, 5, 1))
    record_draft(Cycle.objects.get(pk=planned_cycle.pk), title="Programme", body=DRAFT_BODY)
    assert current_gate(member, now=casablanca(2030, 5, 12)).phase == PHASE_TWO


def test_unscheduled_and_no_cycle__say_what_happens_next(cycle_a, member_b):
    unscheduled = gate(cycle_a.member, PHASE_ONE, now=casablanca(2030, 3, 1))
    assert unscheduled.state.state == "unscheduled"
    assert unscheduled.title == "The dates of phase one are not set yet"
    assert "announced on this page" in unscheduled.next_step
    nothing = gate(member_b, PHASE_ONE)
    assert nothing.cycle is None and nothing.state.state == "unscheduled" and not nothing.is_open
    assert "has not started a co-creation cycle" in nothing.message


def test_archived_member__takes_no_ideas_even_on_its_dates(planned_cycle):
    member = planned_cycle.member
    member.status = member.Status.ARCHIVED
    member.save(update_fields=["status"])
    found = gate(member, PHASE_ONE, now=casablanca(2030, 3, 15))
    assert found.state.state == "open" and not found.is_open
    assert "left the network" in found.message


def test_gate__writes_dates_with_moroccan_month_names_in_arabic(planned_cycle):
    with translation.override("ar"):
        found = gate(planned_cycle.member, PHASE_ONE, now=casablanca(2030, 5, 2))
    assert "30 أبريل 2030" in found.title
    assert "10 ماي 2030" in found.next_step


# The timeline ----------------------------------------------------------------------------------

def test_timeline__done_stages_carry_their_actual_dates_upcoming_ones_their_plan(planned_cycle):
    run_calendar(now=casablanca(2030, 3, 1))
    run_calendar(now=casablanca(2030, 5, 1))
    cycle = current_cycle(planned_cycle.member)
    steps = {step.stage: step for step in timeline(cycle, date(2030, 5, 2)).steps}
    assert list(steps) == list(Stage.values)
    assert steps[Stage.JOINED].status == "done" and steps[Stage.JOINED].started_on == date(2030, 1, 15)
    assert steps[Stage.JOINED].ended_on == date(2030, 3, 1)
    assert steps[Stage.TRAINING].status == "done" and steps[Stage.TRAINING].started_on is None  # not recorded
    assert (steps[Stage.PHASE_ONE].started_on, steps[Stage.PHASE_ONE].ended_on) == (date(2030, 3, 1), date(2030, 4, 30))
    assert steps[Stage.DRAFTING].is_current and steps[Stage.DRAFTING].started_on == date(2030, 4, 30)
    two = steps[Stage.PHASE_TWO]
    assert two.status == "upcoming" and (two.planned_from, two.planned_to) == (date(2030, 5, 10), date(2030, 6, 15))
    assert not two.planned_in_months  # the member's own dates, to the day
    council = steps[Stage.COUNCIL]
    assert council.planned_in_months
    assert (council.planned_from, council.planned_to) == (date(2030, 9, 1), date(2030, 10, 31))


# The guard of the views that take ideas and comments (the consultation page) -------------------

def _open_phase_two_today(cycle: Cycle) -> Cycle:
    """Phase one over, the draft published, phase two open today, moved by the calendar job."""
    place(cycle, phase_one=(today(-40), today(-20)), phase_two=(today(-2), today(10)))
    run_calendar(now=timezone.now() - timedelta(days=30))  # phase one opens…
    run_calendar()  # …and closes: drafting
    record_draft(Cycle.objects.get(pk=cycle.pk), title="Programme d'ouverture d'Agadir", body=DRAFT_BODY)
    run_calendar()
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PHASE_TWO
    return cycle


@pytest.mark.parametrize("method", ["get", "post"])
def test_require_open_phase__outside_the_phase_answers_403_with_the_phase_message(client, cycle_a, method):
    place(cycle_a, phase_one=(today(-30), today(-1)), phase_two=(today(9), today(30)))
    response = getattr(client, method)(f"/fr/cohorts/consultation/{cycle_a.pk}/")
    assert response.status_code == 403
    assert "cohorts/phase_closed.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert 'lang="fr"' in html and "<h1" in html
    assert response.context["gate"].phase == PHASE_TWO
    assert response.context["gate"].state.state == "upcoming"
    assert cycle_a.member.page_in("fr").url in html  # back to the member's page


def test_require_open_phase__lets_the_view_run_while_the_phase_is_open(client, cycle_a):
    _open_phase_two_today(cycle_a)
    response = client.get(f"/fr/cohorts/consultation/{cycle_a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme d&#x27;ouverture d&#x27;Agadir" in html
    assert "Projet 1 : un budget lisible" in html
    assert response.context["gate"].is_open


def test_require_open_phase__closed_early_by_staff_answers_403_at_once(client, cycle_a, staff_of_a):
    cycle = _open_phase_two_today(cycle_a)
    move(cycle, "close_phase_two", staff_of_a, note="Enough remarks collected")
    response = client.get(f"/ar/cohorts/consultation/{cycle_a.pk}/")
    assert response.status_code == 403
    assert response.context["gate"].state.state == "closed"
    assert 'dir="rtl"' in response.content.decode()


def test_require_open_phase__an_unknown_cycle_is_not_found(client, db):
    assert client.get("/fr/cohorts/consultation/999999/").status_code == 404
