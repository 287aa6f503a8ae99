"""Bad input to the cycle: each gets a clear reason and changes nothing.

Calendars whose end precedes their start, overlapping phases, dates outside the cohort's window
or in the past, an open phase's opening date, a member admitted twice, a move posted twice or
out of order, a move forged by another member's staff.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cohorts.models import Cohort, CohortMembership, Cycle, PlannedStage, Stage, Transition
from cohorts.services import Refused, admit, apply, move, set_phase_dates, withdraw
from cohorts.standing import current_cycle
from communes.models import Member, Territory
from tests.cycle_helpers import PHASE_ONE_DATES, PHASE_TWO_DATES, STEPS, state_of, walk_to
from tests.helpers import casablanca

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BOTH = {"phase_one": PHASE_ONE_DATES, "phase_two": PHASE_TWO_DATES}
SET_AT = casablanca(2030, 1, 20)


def refused(call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    return caught.value


# Phase dates ----------------------------------------------------------------------------------

BAD_DATES = [
    ({"phase_one": (date(2030, 3, 20), date(2030, 3, 12))},
     "Phase one cannot close (12 March 2030) before it opens (20 March 2030).", "phase_one_closes_on"),
    ({"phase_one": (date(2030, 3, 20), None)}, "Give both dates of phase one.", "phase_one_opens_on"),
    ({"phase_one": (date(2030, 3, 10), date(2030, 5, 10)), "phase_two": (date(2030, 5, 5), date(2030, 5, 25))},
     "The phases overlap: phase two must open after phase one closes (10 May 2030).", "phase_two_opens_on"),
    ({"phase_one": (date(2030, 3, 10), date(2030, 5, 5)), "phase_two": (date(2030, 5, 5), date(2030, 5, 25))},
     "The phases overlap: phase two must open after phase one closes (5 May 2030).", "phase_two_opens_on"),
    ({"phase_one": (date(2030, 5, 26), date(2030, 5, 30)), "phase_two": (date(2030, 5, 5), date(2030, 5, 25))},
     "The phases overlap: phase two must open after phase one closes (30 May 2030).", "phase_two_opens_on"),
    ({"phase_one": (date(2030, 2, 20), date(2030, 4, 10))},
     ("The cohort's calendar plans phase one between 1 March 2030 and 31 May 2030: choose dates inside that "
      "window."), "phase_one_opens_on"),
    ({"phase_two": (date(2030, 6, 1), date(2030, 7, 1))},
     ("The cohort's calendar plans phase two between 1 May 2030 and 30 June 2030: choose dates inside that "
      "window."), "phase_two_opens_on"),
    ({"phase_one": (date(2030, 1, 10), date(2030, 3, 20))},
     "Phase one cannot open in the past; to open it today, use its open button.", "phase_one_opens_on"),
]


@pytest.mark.parametrize(("dates", "reason", "field"), BAD_DATES, ids=[r for _d, r, _f in BAD_DATES])
def test_bad_phase_dates_are_refused_and_change_nothing(cycle_a, staff_of_a, dates, reason, field):
    before = state_of(cycle_a)
    error = refused(set_phase_dates, cycle_a, staff_of_a, dates, now=SET_AT)
    assert (error.message, error.field) == (reason, field)
    assert state_of(cycle_a) == before


def test_good_phase_dates_are_kept_and_posting_them_again_changes_nothing(cycle_a, staff_of_a):
    set_phase_dates(cycle_a, staff_of_a, BOTH, now=SET_AT)
    cycle = Cycle.objects.get(pk=cycle_a.pk)
    assert (cycle.phase_dates("phase_one"), cycle.phase_dates("phase_two")) == (PHASE_ONE_DATES, PHASE_TWO_DATES)
    # Phases back to back (two opens the day after one closes), and the cohort window's edges.
    set_phase_dates(cycle, staff_of_a, {"phase_one": (date(2030, 3, 1), date(2030, 5, 4)),
                                        "phase_two": (date(2030, 5, 5), date(2030, 6, 30))}, now=SET_AT)
    set_phase_dates(cycle, staff_of_a, {"phase_one": (date(2030, 3, 1), date(2030, 5, 4))}, now=SET_AT)
    assert Cycle.objects.get(pk=cycle.pk).phase_dates("phase_two") == (date(2030, 5, 5), date(2030, 6, 30))


def test_dates_are_set_by_the_members_people_only(cycle_a, staff_of_b, resident, coordinator):
    before = state_of(cycle_a)
    for outsider in (staff_of_b, resident):
        error = refused(set_phase_dates, cycle_a, outsider, BOTH, now=SET_AT)
        assert error.message == "Only this member's staff and the network's coordinators may change its cycle."
    assert state_of(cycle_a) == before
    set_phase_dates(cycle_a, coordinator, BOTH, now=SET_AT)
    assert Cycle.objects.get(pk=cycle_a.pk).phase_dates("phase_one") == PHASE_ONE_DATES


def test_an_open_phase_keeps_its_opening_date_and_may_run_longer(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    during = casablanca(2030, 3, 20)
    before = state_of(cycle)
    error = refused(set_phase_dates, cycle, staff_of_a, {"phase_one": (date(2030, 3, 25), date(2030, 4, 10))},
                    now=during)
    assert (error.message, error.field) == ("Phase one is open: its opening date cannot change.", "phase_one_opens_on")
    error = refused(set_phase_dates, cycle, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 3, 19))},
                    now=during)
    assert error.message == "To close phase one now, use its close button, with a note."
    assert state_of(cycle) == before

    set_phase_dates(cycle, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 4, 20))}, now=during)
    assert Cycle.objects.get(pk=cycle.pk).phase_one_closes_on == date(2030, 4, 20)


def test_a_phase_open_on_its_dates_before_the_calendar_ran_is_an_open_phase(cycle_a, staff_of_a, coordinator):
    """Residents see it open from midnight; the calendar may record that later in the day."""
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    first_morning = casablanca(2030, 3, 10, 0, 30)
    before = state_of(cycle)
    error = refused(set_phase_dates, cycle, staff_of_a, {"phase_one": (date(2030, 3, 17), date(2030, 4, 10))},
                    now=first_morning)
    assert error.message == "Phase one is open: its opening date cannot change."
    assert state_of(cycle) == before
    set_phase_dates(cycle, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 4, 15))}, now=first_morning)
    assert Cycle.objects.get(pk=cycle.pk).phase_one_closes_on == date(2030, 4, 15)


def test_a_phase_that_is_over_keeps_its_dates(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    # Its last day passed at midnight, before the calendar recorded the closing.
    error = refused(set_phase_dates, cycle, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 4, 30))},
                    now=casablanca(2030, 4, 11, 0, 10))
    assert error.message == "Phase one is over: its dates are part of the record."
    cycle = walk_to(cycle, Stage.DRAFTING, coordinator)
    before = state_of(cycle)
    error = refused(set_phase_dates, cycle, staff_of_a, {"phase_one": (date(2030, 3, 10), date(2030, 4, 30))},
                    now=casablanca(2030, 4, 20))
    assert error.message == "Phase one is over: its dates are part of the record."
    assert state_of(cycle) == before


def test_phases_run_back_to_back_on_one_day_stay_on_the_record(cycle_a, staff_of_a, coordinator):
    """Phase one closed early and phase two opened early the same day: phase two may still run longer."""
    from cohorts.services import record_draft

    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    day = casablanca(2030, 4, 2, 9)
    move(cycle, "close_phase_one", staff_of_a, note="Enough ideas.", now=day)
    record_draft(cycle, title="Draft", body=[])
    move(cycle, "open_phase_two", staff_of_a, note="Draft ready the same day.", now=day.replace(hour=17))
    cycle.refresh_from_db()
    assert cycle.phase_one_closes_on == cycle.phase_two_opens_on == date(2030, 4, 2)
    set_phase_dates(cycle, staff_of_a, {"phase_two": (date(2030, 4, 2), date(2030, 6, 1))}, now=day.replace(hour=18))
    assert Cycle.objects.get(pk=cycle.pk).phase_two_closes_on == date(2030, 6, 1)


def test_a_phase_whose_dates_passed_unopened_gets_new_dates(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    later = casablanca(2030, 4, 15)
    set_phase_dates(cycle, staff_of_a, {"phase_one": (date(2030, 4, 16), date(2030, 4, 30))}, now=later)
    assert Cycle.objects.get(pk=cycle.pk).phase_dates("phase_one") == (date(2030, 4, 16), date(2030, 4, 30))


def test_dates_of_a_member_that_left_are_frozen(cycle_a, staff_of_a):
    from communes.services import leave_network

    leave_network(cycle_a.member)
    error = refused(set_phase_dates, cycle_a, staff_of_a, BOTH, now=SET_AT)
    assert error.message == "This member has left the network: its cycle is frozen."


# Calendars ------------------------------------------------------------------------------------

def test_a_planned_stage_that_ends_before_it_starts_is_invalid(cohort):
    plan = PlannedStage(cohort=cohort, cycle_number=2, stage=Stage.PHASE_ONE,
                        starts_in=date(2032, 5, 1), ends_in=date(2032, 3, 1))
    with pytest.raises(ValidationError) as invalid:
        plan.full_clean()
    assert invalid.value.message_dict == {"ends_in": ["The planned end comes before the planned start."]}
    # Within one month the days do not matter: the plan counts in months.
    PlannedStage(cohort=cohort, cycle_number=2, stage=Stage.PHASE_ONE,
                 starts_in=date(2032, 3, 20), ends_in=date(2032, 3, 5)).full_clean()
    # And the database refuses it too, whatever bypasses the form.
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedStage.objects.filter(cohort=cohort, stage=Stage.PHASE_ONE).update(ends_in=date(2030, 1, 1))


def test_a_cohort_whose_call_closes_before_it_opens_is_invalid(db):
    cohort = Cohort(number=9, intake_year=2031, call_opens_on=date(2030, 10, 1), call_closes_on=date(2030, 9, 1))
    with pytest.raises(ValidationError) as invalid:
        cohort.full_clean()
    assert invalid.value.message_dict == {"call_closes_on": ["The call cannot close before it opens."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        cohort.save()
    assert not Cohort.objects.filter(number=9).exists()


def test_a_cycle_whose_phase_closes_before_it_opens_is_refused_by_the_database(cycle_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.filter(pk=cycle_a.pk).update(phase_two_opens_on=date(2030, 5, 20),
                                                   phase_two_closes_on=date(2030, 5, 10))


# Admission ------------------------------------------------------------------------------------

@pytest.fixture
def other_cohort(db):
    return Cohort.objects.create(number=8, name="Other cohort", intake_year=2031)


def admission_state(code):
    return (list(CohortMembership.objects.filter(territory__code=code).values_list("cohort_id", "status")),
            list(Cycle.objects.filter(member__territory__code=code).values_list("cohort_id", "number", "stage")))


@pytest.mark.parametrize("second", ["same", "other"])
def test_a_member_admitted_twice_is_refused(cycle_a, cohort, other_cohort, second):
    code = cycle_a.member.territory.code
    before = admission_state(code)
    target = cohort if second == "same" else other_cohort
    error = refused(admit, target, code, joined_on=date(2030, 2, 1))
    assert error.message == f"“{cycle_a.member.territory.name}” is already admitted into Test cohort."
    assert error.field == "territory"
    assert admission_state(code) == before


def test_an_applicant_is_admitted_where_it_applied(cohort, other_cohort):
    code = "09.001.01.01"
    membership = apply(cohort, code, applied_on=date(2029, 10, 15))
    error = refused(apply, other_cohort, code)
    assert error.message.endswith("is already in Test cohort.")
    error = refused(admit, other_cohort, code)
    assert error.message.endswith("applied to Test cohort: admit it there, or withdraw its application.")
    assert not Member.objects.filter(territory__code=code).exists()

    # Admitting a collectivity makes it a network member through the Foundation's join.
    admitted = admit(cohort, code, joined_on=date(2030, 1, 15))
    assert admitted.pk == membership.pk
    assert (admitted.status, admitted.joined_on, admitted.applied_on) == (
        CohortMembership.Status.ADMITTED, date(2030, 1, 15), date(2029, 10, 15))
    member = Member.objects.get(territory__code=code)
    assert member.page_in("ar") is not None and member.staff_group_id and member.collection_id
    cycle = current_cycle(member)
    assert (cycle.number, cycle.cohort, cycle.stage, cycle.stage_since) == (1, cohort, Stage.JOINED, date(2030, 1, 15))


def test_after_a_withdrawal_a_collectivity_may_be_admitted_again(cycle_a, other_cohort):
    membership = CohortMembership.objects.get(member=cycle_a.member)
    withdraw(membership)
    assert refused(withdraw, membership).message == "Already withdrawn."
    again = admit(other_cohort, cycle_a.member.territory.code, joined_on=date(2031, 1, 10))
    assert again.pk != membership.pk and again.status == CohortMembership.Status.ADMITTED
    assert CohortMembership.objects.filter(territory=Territory.objects.get(code=cycle_a.member.territory.code),
                                           status=CohortMembership.Status.WITHDRAWN).count() == 1


# Moves posted twice, out of order, or forged ---------------------------------------------------

def test_a_move_posted_twice_is_refused_the_second_time(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    at = STEPS["open_phase_one"]
    move(cycle, "open_phase_one", staff_of_a, expected_stage=Stage.TRAINING, now=at)
    before = state_of(cycle)
    error = refused(move, cycle, "open_phase_one", staff_of_a, expected_stage=Stage.TRAINING, now=at)
    assert error.message == ("This cycle has moved on since the page was opened: it is now at "
                             "“Phase one: collecting ideas”. Nothing was changed.")
    error = refused(move, cycle, "open_phase_one", staff_of_a, now=at)
    assert error.message == "Already done: this cycle is at “Phase one: collecting ideas”."
    assert state_of(cycle) == before
    assert Transition.objects.filter(cycle=cycle, name="open_phase_one").count() == 1


def test_a_form_opened_before_someone_else_moved_the_cycle_is_refused(cycle_a, staff_of_a, coordinator):
    """Staff open the page at "training"; a coordinator records phase one; staff then post "close"."""
    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    before = state_of(cycle)
    error = refused(move, cycle, "close_phase_one", staff_of_a, expected_stage=Stage.TRAINING, note="Done",
                    now=casablanca(2030, 3, 20))
    assert error.message.startswith("This cycle has moved on since the page was opened")
    assert state_of(cycle) == before


def test_a_move_out_of_order_is_refused(cycle_a, coordinator):
    before = state_of(cycle_a)
    error = refused(move, cycle_a, "close_phase_two", coordinator, now=STEPS["close_phase_two"])
    assert error.message == "Not yet: this cycle is at “Joined”, and “Close phase two” comes later."
    assert state_of(cycle_a) == before


def test_a_move_forged_by_another_members_staff_is_refused_before_anything_else(cycle_a, staff_of_b, coordinator):
    """Even with a stale stage or a move out of order, a forger learns nothing but that it is not theirs."""
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    before = state_of(cycle)
    for name, expected in [("open_phase_one", Stage.TRAINING), ("open_phase_one", Stage.JOINED),
                           ("adopt", None), ("start_training", None)]:
        error = refused(move, cycle, name, staff_of_b, expected_stage=expected, note="forged",
                        now=STEPS["open_phase_one"])
        assert error.message == "Only this member's staff and the network's coordinators may change its cycle."
    assert state_of(cycle) == before
