"""The audit log is written by the services that act, whoever calls them: an admin view, the
calendar's scheduled job, a command. Each action is on the record once, with who did it (nobody
for the calendar: the system)."""

from datetime import date

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cohorts import tasks
from cohorts.models import Stage
from cohorts.services import (
    ADMITTED,
    APPLIED,
    MOVED,
    PHASE_DATES_SET,
    WITHDRAWN,
    admit,
    apply,
    move,
    set_phase_dates,
    withdraw,
)
from cohorts.standing import current_cycle
from communes.models import Member
from communes.services import JOINED_NETWORK, LEFT_NETWORK, join_network, leave_network
from tests.cycle_helpers import place
from tests.helpers import casablanca, login_to_admin, today

TIZNIT = "09.581.01.07"  # a commune of Souss-Massa, not a member in these tests


def entries(instance, action=None) -> list[ModelLogEntry]:
    logs = ModelLogEntry.objects.for_instance(instance).order_by("timestamp", "pk")
    return list(logs.filter(action=action) if action else logs)


@pytest.fixture
def as_coordinator(client, coordinator):
    return login_to_admin(client, coordinator)


# The calendar -----------------------------------------------------------------------------------

def test_a_calendar_move_made_by_the_scheduled_job_is_logged_with_no_user(cycle_a):
    place(cycle_a, Stage.TRAINING, phase_one=(today(0), today(20)))

    assert tasks.run_calendar() == 1

    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.PHASE_ONE
    [entry] = entries(cycle_a, MOVED)
    assert entry.user is None
    assert entry.data == {"move": "open_phase_one", "from": Stage.TRAINING, "to": Stage.PHASE_ONE}


def test_running_the_calendar_again_logs_nothing_more(cycle_a):
    place(cycle_a, Stage.TRAINING, phase_one=(today(0), today(20)))
    tasks.run_calendar()

    assert tasks.run_calendar() == 0

    assert len(entries(cycle_a, MOVED)) == 1


def test_a_move_by_a_person_is_logged_with_that_person(cycle_a, coordinator):
    move(cycle_a, "start_training", coordinator, now=timezone.now())

    [entry] = entries(cycle_a, MOVED)
    assert entry.user == coordinator
    assert entry.data == {"move": "start_training", "from": Stage.JOINED, "to": Stage.TRAINING}


def test_phase_dates_are_logged_by_the_service(cycle_a, staff_of_a):
    set_phase_dates(cycle_a, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 4, 10))},
                    now=casablanca(2030, 1, 20))

    [entry] = entries(cycle_a, PHASE_DATES_SET)
    assert entry.user == staff_of_a
    assert entry.data == {"phase_one_opens_on": "2030-03-10", "phase_one_closes_on": "2030-04-10",
                          "phase_two_opens_on": None, "phase_two_closes_on": None}


# Joining and admissions -------------------------------------------------------------------------

def test_an_admission_logs_the_joining_on_the_member_and_the_admission_on_the_cohort(cohort):
    membership = admit(cohort, TIZNIT, joined_on=date(2030, 1, 20))

    member = Member.objects.get(territory__code=TIZNIT)
    assert [entry.action for entry in entries(member)] == [JOINED_NETWORK]
    [admitted] = entries(cohort, ADMITTED)
    assert admitted.data == {"code": TIZNIT, "name_fr": membership.territory.name_fr,
                             "name_ar": membership.territory.name_ar}
    assert current_cycle(member).stage == Stage.JOINED


def test_admitting_a_member_already_in_the_network_logs_no_second_joining(cohort, member_a):
    before = len(entries(member_a, JOINED_NETWORK))

    admit(cohort, member_a.territory.code)

    assert len(entries(member_a, JOINED_NETWORK)) == before == 1
    assert len(entries(cohort, ADMITTED)) == 1


def test_an_admission_through_the_admin_is_logged_once_each_by_the_coordinator(as_coordinator, coordinator,
                                                                               cohort):
    response = as_coordinator.post(f"/admin/cohorts/admit/{cohort.pk}/", {"code": TIZNIT, "admit": "1"})

    assert response.status_code == 302
    member = Member.objects.get(territory__code=TIZNIT)
    [joined] = entries(member, JOINED_NETWORK)
    [admitted] = entries(cohort, ADMITTED)
    assert joined.user == admitted.user == coordinator


def test_an_application_and_a_withdrawal_are_logged_on_the_cohort(cohort):
    membership = apply(cohort, TIZNIT, applied_on=date(2029, 10, 15))
    withdraw(membership)

    assert [entry.action for entry in entries(cohort)] == [APPLIED, WITHDRAWN]
    assert not Member.objects.filter(territory__code=TIZNIT).exists()  # applying joins nothing


# Joining and leaving from the members admin -----------------------------------------------------

def test_joining_from_the_members_admin_logs_exactly_once(as_coordinator, coordinator):
    response = as_coordinator.post("/admin/members/new/", {"code": TIZNIT})

    assert response.status_code == 302
    [joined] = entries(Member.objects.get(territory__code=TIZNIT), JOINED_NETWORK)
    assert joined.user == coordinator


def test_joining_a_member_again_logs_nothing(as_coordinator, member_a):
    as_coordinator.post("/admin/members/new/", {"code": member_a.territory.code})
    join_network(member_a.territory.code)

    assert len(entries(member_a, JOINED_NETWORK)) == 1


def test_archiving_and_rejoining_from_the_members_admin_log_once_each(as_coordinator, coordinator, member_a):
    as_coordinator.post(f"/admin/members/archive/{member_a.pk}/")
    as_coordinator.post(f"/admin/members/rejoin/{member_a.pk}/")

    actions = [(entry.action, entry.user) for entry in entries(member_a)]
    assert actions == [(JOINED_NETWORK, None), (LEFT_NETWORK, coordinator), (JOINED_NETWORK, coordinator)]


def test_leaving_twice_logs_once(member_a):
    leave_network(member_a)
    leave_network(member_a)

    assert len(entries(member_a, LEFT_NETWORK)) == 1
