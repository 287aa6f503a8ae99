"""The cohorts' admin: coordinators' cohorts (calendar, admissions) and a member's cycle page.

Who may see what (coordinator, the member's staff, another member's staff, a resident), every
form's bad input (a clear message next to the field, nothing changed), a move posted twice, a
forged move on another member's cycle.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry

from cohorts.models import (
    Adoption,
    Cohort,
    CohortMembership,
    Cycle,
    PlannedStage,
    ProgrammeVersion,
    SelfEvaluation,
    Stage,
    Transition,
)
from cohorts.services import admit, apply
from communes.models import Member, Territory
from communes.roles import COORDINATORS
from tests.cycle_helpers import place
from tests.helpers import login_to_admin, make_user, pdf_bytes, pdf_upload, today, upload_document

COHORTS = "/admin/cohorts/"
TIZNIT = "09.581.01.07"  # a commune of Souss-Massa, not a member in these tests
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def client(client):
    """The admin in English, where these tests read its messages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def as_staff_a(client, staff_of_a):
    return login_to_admin(client, staff_of_a)


@pytest.fixture
def as_staff_b(client, staff_of_b):
    return login_to_admin(client, staff_of_b)


def cycle_url(cycle, suffix: str = "") -> str:
    return f"/admin/cohorts/cycles/{cycle.pk}/{suffix}"


def page_text(response) -> str:
    return response.content.decode()


# Cohorts: who sees them -------------------------------------------------------------------------

def test_coordinators_list_cohorts_from_the_menu(as_coordinator, cohort, cycle_a):
    response = as_coordinator.get(COHORTS)

    assert response.status_code == 200
    assert [c.number for c in response.context["object_list"]] == [7]
    assert "Test cohort" in page_text(response)
    assert f'"url": "{COHORTS}"' in as_coordinator.get("/admin/").content.decode()


def test_setup_network_grants_the_coordinators_the_cohort_permissions(db):
    from django.core.management import call_command

    call_command("setup_network", verbosity=0)
    granted = set(Group.objects.get(name=COORDINATORS).permissions.filter(
        content_type__app_label="cohorts").values_list("codename", flat=True))
    assert granted == {"add_cohort", "change_cohort", "view_cohort"}  # never delete


def test_staff_have_no_cohorts_admin_but_their_own_cycle_in_the_menu(as_staff_a, cohort, cycle_a):
    menu = as_staff_a.get("/admin/").content.decode()

    assert f'"url": "{COHORTS}"' not in menu
    assert '"url": "/admin/cohorts/cycles/ours/"' in menu
    for url in (COHORTS, f"{COHORTS}new/", f"{COHORTS}edit/{cohort.pk}/", f"{COHORTS}admit/{cohort.pk}/"):
        response = as_staff_a.get(url)
        assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin"), url
    as_staff_a.post(f"{COHORTS}admit/{cohort.pk}/", {"code": TIZNIT, "admit": "1"})
    assert not CohortMembership.objects.filter(territory__code=TIZNIT).exists()


def test_residents_are_kept_out_of_the_cohorts_admin(client, resident, cohort, cycle_a):
    client.force_login(resident)

    for url in (COHORTS, cycle_url(cycle_a), "/admin/cohorts/cycles/ours/"):
        response = client.get(url)
        assert response.status_code == 302 and not response["Location"].startswith("/admin/"), url
    client.post(cycle_url(cycle_a, "moves/start_training/"), {"start_training-expected_stage": "joined"})
    assert cycle_a.transitions.count() == 0


def test_deleting_a_cohort_is_not_offered(as_coordinator, cohort):
    response = as_coordinator.get(f"{COHORTS}delete/{cohort.pk}/")

    assert response.status_code == 302  # refused, and sent away
    assert Cohort.objects.filter(pk=cohort.pk).exists()


# Cohorts: creating and editing the calendar -----------------------------------------------------

def cohort_post(lines: list[dict], existing: int = 0, **cohort_fields) -> dict:
    data = {
        "number": "9", "name": "", "intake_year": "2031", "call_opens_on": "2030-10-01",
        "call_closes_on": "2030-11-30", "source_note": "",
        "calendar-TOTAL_FORMS": str(len(lines)), "calendar-INITIAL_FORMS": str(existing),
        "calendar-MIN_NUM_FORMS": "0", "calendar-MAX_NUM_FORMS": "1000",
    }
    data.update(cohort_fields)
    for index, line in enumerate(lines):
        defaults = {"cycle_number": "1", "uncertain": "", "source": "", "note": ""}
        for key, value in {**defaults, **line}.items():
            data[f"calendar-{index}-{key}"] = value
    return data


PLAN_2024 = [  # cohort 2's calendar in the national plan: the phases share May
    {"stage": "training", "starts_in": "2024-02", "ends_in": "2024-02"},
    {"stage": "phase_one", "starts_in": "2024-03", "ends_in": "2024-05", "source": "12.4"},
    {"stage": "phase_two", "starts_in": "2024-05", "ends_in": "2024-06", "source": "12.5"},
    {"stage": "council", "starts_in": "2024-09", "ends_in": "2024-10", "uncertain": "on"},
]


def test_a_new_cohort_is_offered_a_line_per_stage(as_coordinator):
    response = as_coordinator.get(f"{COHORTS}new/")

    formset = response.context["formset"]
    assert [form.initial.get("stage") for form in formset.forms] == [s for s in Stage.values if s != "closed"]
    assert 'type="month"' in page_text(response)


def test_creating_a_cohort_with_the_plans_calendar(as_coordinator):
    # The form's line per stage, filled in for four of them and left untouched for the others.
    planned = {line["stage"]: line for line in PLAN_2024}
    lines = [planned.get(stage, {"stage": stage, "starts_in": "", "ends_in": ""})
             for stage in Stage.values if stage != "closed"]

    response = as_coordinator.post(f"{COHORTS}new/", cohort_post(lines))

    cohort = Cohort.objects.get(number=9)
    assert response.status_code == 302 and response["Location"] == f"{COHORTS}edit/{cohort.pk}/"
    plan = {p.stage: p for p in cohort.planned_stages.all()}
    assert set(plan) == {"training", "phase_one", "phase_two", "council"}
    assert plan["phase_one"].starts_in == date(2024, 3, 1) and plan["phase_one"].last_day == date(2024, 5, 31)
    assert plan["phase_two"].source == "12.5" and plan["council"].uncertain
    assert ModelLogEntry.objects.filter(object_id=str(cohort.pk), action="wagtail.create").exists()


def test_editing_the_calendar_changes_deletes_and_adds_lines(as_coordinator, cohort):
    lines = list(cohort.planned_stages.order_by("cycle_number", "starts_in", "pk"))
    rows = []
    for line in lines:
        row = {"id": str(line.pk), "stage": line.stage, "starts_in": line.starts_in.strftime("%Y-%m"),
               "ends_in": line.ends_in.strftime("%Y-%m")}
        if line.stage == "council":
            row["ends_in"] = "2030-11"
        if line.stage == "implementation":
            row["DELETE"] = "on"
        rows.append(row)
    rows.append({"stage": "evaluation", "starts_in": "2032-11", "ends_in": "2032-12"})
    data = cohort_post(rows, existing=len(lines), number="7", name="Test cohort", intake_year="2030",
                       call_opens_on="2029-10-01", call_closes_on="2029-11-30")

    response = as_coordinator.post(f"{COHORTS}edit/{cohort.pk}/", data)

    assert response.status_code == 302, response.context and response.context["formset"].errors
    plan = {p.stage: p for p in cohort.planned_stages.all()}
    assert plan["council"].ends_in == date(2030, 11, 1)
    assert "implementation" not in plan and plan["evaluation"].starts_in == date(2032, 11, 1)


@pytest.mark.parametrize(("lines", "fields", "line_index", "field", "message"), [
    ([{"stage": "phase_one", "starts_in": "2031-05", "ends_in": "2031-03"}], {}, 0, "ends_in",
     "comes before the planned start"),
    ([{"stage": "phase_one", "starts_in": "2031-03", "ends_in": "2031-05"},
      {"stage": "phase_two", "starts_in": "2031-04", "ends_in": "2031-06"}], {}, 1, "starts_in",
     "The phases overlap"),
    ([{"stage": "phase_one", "starts_in": "2031-03", "ends_in": "2031-05"},
      {"stage": "phase_two", "starts_in": "2031-01", "ends_in": "2031-02"}], {}, 1, "starts_in",
     "The phases overlap"),
    ([{"stage": "training", "starts_in": "2031-02", "ends_in": "2031-02"},
      {"stage": "training", "starts_in": "2031-03", "ends_in": "2031-03"}], {}, 1, "stage",
     "is already planned for cycle 1"),
    ([{"stage": "training", "starts_in": "March", "ends_in": "2031-03"}], {}, 0, "starts_in",
     "Enter a month"),
    ([{"stage": "training", "starts_in": "2031-02", "ends_in": "2031-02", "cycle_number": "0"}], {}, 0,
     "cycle_number", "numbered from 1"),
])
def test_calendar_errors_are_shown_next_to_the_line_and_nothing_is_created(
        as_coordinator, lines, fields, line_index, field, message):
    response = as_coordinator.post(f"{COHORTS}new/", cohort_post(lines, **fields))

    assert response.status_code == 200
    errors = response.context["formset"].forms[line_index].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert message in page_text(response)
    assert not Cohort.objects.filter(number=9).exists()
    assert not PlannedStage.objects.filter(cohort__number=9).exists()


def test_a_call_that_closes_before_it_opens_and_a_taken_number_are_refused(as_coordinator, cohort):
    response = as_coordinator.post(f"{COHORTS}new/", cohort_post(
        PLAN_2024, number="7", call_opens_on="2030-10-01", call_closes_on="2030-09-30"))

    form = response.context["form"]
    assert "The call cannot close before it opens." in form.errors["call_closes_on"]
    assert "number" in form.errors
    assert Cohort.objects.count() == 1


def test_an_edit_that_breaks_the_calendar_changes_nothing(as_coordinator, cohort):
    lines = list(cohort.planned_stages.all())
    rows = [{"id": str(line.pk), "stage": line.stage, "starts_in": line.starts_in.strftime("%Y-%m"),
             "ends_in": line.ends_in.strftime("%Y-%m")} for line in lines]
    phase_two = next(line for line in lines if line.stage == "phase_two")
    next(row for row in rows if row["stage"] == "phase_two")["starts_in"] = "2030-02"  # before phase one
    data = cohort_post(rows, existing=len(rows), number="7", name="Renamed", intake_year="2030")

    response = as_coordinator.post(f"{COHORTS}edit/{cohort.pk}/", data)

    assert response.status_code == 200
    assert "The phases overlap" in page_text(response)
    cohort.refresh_from_db()
    phase_two.refresh_from_db()
    assert cohort.name == "Test cohort" and phase_two.starts_in == date(2030, 5, 1)


# Cohorts: members -------------------------------------------------------------------------------

def test_the_cohort_page_lists_its_members_with_their_stage_and_cycle_link(as_coordinator, cohort, cycle_a):
    response = as_coordinator.get(f"{COHORTS}edit/{cohort.pk}/")

    html = page_text(response)
    assert cycle_a.member.territory.name_fr in html and cycle_a.member.territory.code in html
    assert f'href="/admin/cohorts/cycles/{cycle_a.pk}/"' in html
    assert "Joined" in html


def test_admitting_by_hcp_code_joins_the_network_and_starts_the_cycle(as_coordinator, cohort):
    response = as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/",
                                   {"code": TIZNIT, "on": "2030-01-20", "admit": "1"})

    assert response.status_code == 302
    membership = CohortMembership.objects.get(territory__code=TIZNIT)
    assert membership.status == "admitted" and membership.joined_on == date(2030, 1, 20)
    assert Member.objects.get(territory__code=TIZNIT).is_active
    assert Cycle.objects.get(member=membership.member).stage == Stage.JOINED
    entry = ModelLogEntry.objects.get(object_id=str(cohort.pk), action="cohorts.admit")
    assert entry.data["code"] == TIZNIT
    history = as_coordinator.get(f"{COHORTS}history/{cohort.pk}/")
    assert history.status_code == 200 and "Admitted" in page_text(history)


def test_admitting_from_the_territory_chooser(as_coordinator, cohort):
    tiznit = Territory.objects.get(code=TIZNIT)

    as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/", {"territory": tiznit.pk, "admit": "1"})

    assert CohortMembership.objects.get(territory=tiznit).status == "admitted"


def test_the_admission_form_offers_the_territory_chooser(as_coordinator, cohort):
    response = as_coordinator.get(f"{COHORTS}admit/{cohort.pk}/?code={TIZNIT}")

    html = page_text(response)
    assert "/admin/territory_chooser/" in html and TIZNIT in html


def test_admitting_a_member_twice_is_refused_next_to_the_code_and_changes_nothing(as_coordinator, cohort, cycle_a):
    code = cycle_a.member.territory.code
    before = (CohortMembership.objects.count(), Cycle.objects.count(), ModelLogEntry.objects.count())

    response = as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/", {"code": code, "admit": "1"})

    assert response.status_code == 200
    assert "is already admitted into Test cohort" in " ".join(response.context["form"].errors["code"])
    assert (CohortMembership.objects.count(), Cycle.objects.count(), ModelLogEntry.objects.count()) == before


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"code": "99.999.99.99"}, "code", "Unknown code"),
    ({"code": "06.141.01.00"}, "code", "prefecture of arrondissements"),
    ({}, "code", "Give the collectivity"),
    ({"code": TIZNIT, "on": "yesterday"}, "on", "valid date"),
])
def test_admission_bad_input_gets_a_message_next_to_the_field(as_coordinator, cohort, data, field, message):
    response = as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/", {**data, "admit": "1"})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not CohortMembership.objects.exists()


def test_an_application_then_its_admission_then_a_withdrawal(as_coordinator, cohort):
    as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/", {"code": TIZNIT, "on": "2029-10-15", "apply": "1"})
    membership = CohortMembership.objects.get(territory__code=TIZNIT)
    assert membership.status == "applied" and membership.member is None
    assert not Member.objects.filter(territory__code=TIZNIT).exists()

    as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/", {"code": TIZNIT, "admit": "1"})
    membership.refresh_from_db()
    assert membership.status == "admitted" and membership.member.is_active

    confirm = as_coordinator.get(f"{COHORTS}withdraw/{membership.pk}/")
    assert confirm.status_code == 200 and "Yes, withdraw it" in page_text(confirm)
    as_coordinator.post(f"{COHORTS}withdraw/{membership.pk}/")
    membership.refresh_from_db()
    assert membership.status == "withdrawn" and membership.withdrawn_on == timezone.localdate()
    again = as_coordinator.post(f"{COHORTS}withdraw/{membership.pk}/", follow=True)
    assert any("Already withdrawn" in str(m) for m in again.context["messages"])


def test_applying_twice_is_refused(as_coordinator, cohort):
    apply(cohort, TIZNIT)

    response = as_coordinator.post(f"{COHORTS}admit/{cohort.pk}/", {"code": TIZNIT, "apply": "1"})

    assert "is already in Test cohort" in " ".join(response.context["form"].errors["code"])
    assert CohortMembership.objects.filter(territory__code=TIZNIT).count() == 1


# A member's cycle: who sees it ------------------------------------------------------------------

def test_coordinators_open_any_members_cycle(as_coordinator, cycle_a, cycle_b):
    for cycle in (cycle_a, cycle_b):
        response = as_coordinator.get(cycle_url(cycle))
        assert response.status_code == 200
        assert cycle.member.territory.name_fr in page_text(response)


def test_staff_open_their_own_cycle_and_get_404_for_another_members(as_staff_a, cycle_a, cycle_b):
    assert as_staff_a.get(cycle_url(cycle_a)).status_code == 200
    for url in (cycle_url(cycle_b), cycle_url(cycle_b, "phase-dates/"),
                f"/admin/cohorts/cycles/member/{cycle_b.member_id}/"):
        assert as_staff_a.get(url).status_code == 404, url


def test_a_forged_move_on_another_members_cycle_answers_404_and_changes_nothing(as_staff_b, cycle_a):
    place(cycle_a, Stage.PHASE_ONE, phase_one=(today(-10), today(20)))

    for suffix, data in [
        ("moves/close_phase_one/", {"close_phase_one-expected_stage": "phase_one", "close_phase_one-note": "x"}),
        ("phase-dates/", {"phase_one_closes_on": today(25).isoformat()}),
        ("self-evaluation/", {"summary": "x"}),
    ]:
        assert as_staff_b.post(cycle_url(cycle_a, suffix), data).status_code == 404, suffix

    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.PHASE_ONE and cycle_a.phase_one_closes_on == today(20)
    assert not cycle_a.transitions.exists()


def test_our_cycle_takes_staff_to_their_cycle(as_staff_a, cycle_a):
    response = as_staff_a.get("/admin/cohorts/cycles/ours/")

    assert response.status_code == 302 and response["Location"] == cycle_url(cycle_a)


def test_our_cycle_says_so_when_the_member_is_in_no_cohort(as_staff_a, member_a):
    response = as_staff_a.get("/admin/cohorts/cycles/ours/")

    assert response.status_code == 200
    assert "not in a cohort yet" in page_text(response)


def test_the_member_address_leads_to_its_current_cycle(as_coordinator, cycle_a):
    response = as_coordinator.get(f"/admin/cohorts/cycles/member/{cycle_a.member_id}/")

    assert response["Location"] == cycle_url(cycle_a)


# A member's cycle: what it shows ----------------------------------------------------------------

def test_the_cycle_page_shows_plan_timeline_history_and_the_moves(as_coordinator, staff_of_a, cycle_a):
    place(cycle_a, Stage.PHASE_ONE, phase_one=(today(-3), today(30)))
    Transition.objects.create(cycle=cycle_a, name="open_phase_one", from_stage="joined", to_stage="phase_one",
                              happened_on=today(-3), actor="staff", by=staff_of_a, note="Workshops started")

    response = as_coordinator.get(cycle_url(cycle_a))

    html = page_text(response)
    assert "Test cohort" in html and "cycle 1" in html
    steps = {step.stage: step for step in response.context["steps"]}
    assert steps["phase_one"].status == "current" and steps["phase_one"].started_on == today(-3)
    assert steps["joined"].status == "done" and steps["phase_two"].status == "upcoming"
    assert "March 2030 to May 2030" in html  # the cohort's plan for phase one
    assert 'aria-current="step"' in html
    assert "Workshops started" in html and "staff.a@example.org" in html and "The member&#x27;s staff" in html
    offers = {offer.name: offer for offer in response.context["offers"]}
    assert set(offers) == {"close_phase_one"} and offers["close_phase_one"].allowed
    assert 'name="close_phase_one-expected_stage" value="phase_one"' in html


def test_a_refused_move_is_shown_disabled_with_its_reason(as_staff_a, cycle_a):
    place(cycle_a, Stage.DRAFTING, phase_two=(today(10), today(40)))

    response = as_staff_a.get(cycle_url(cycle_a))

    offer = next(o for o in response.context["offers"] if o.name == "open_phase_two")
    assert not offer.allowed and "needs a published draft" in offer.reason
    html = page_text(response)
    assert 'disabled aria-describedby="reason-open_phase_two"' in html
    assert 'id="reason-open_phase_two"' in html


def test_staff_do_not_get_the_coordinators_move(as_staff_a, cycle_a):
    response = as_staff_a.get(cycle_url(cycle_a))
    assert "start_training" not in {o.name for o in response.context["offers"]}

    as_staff_a.post(cycle_url(cycle_a, "moves/start_training/"), {"start_training-expected_stage": "joined"})
    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.JOINED and not cycle_a.transitions.exists()


def test_the_late_flag_marks_a_stage_whose_planned_end_month_is_over(as_coordinator, cycle_a):
    """The dashboard's rule (cohorts.standing.is_late): a planned start in the past is not late yet."""
    PlannedStage.objects.filter(cohort=cycle_a.cohort, stage="training").update(
        starts_in=date(2020, 1, 1), ends_in=date(2020, 2, 1))
    PlannedStage.objects.filter(cohort=cycle_a.cohort, stage="phase_one").update(
        starts_in=date(2020, 3, 1), ends_in=today(400).replace(day=1))

    response = as_coordinator.get(cycle_url(cycle_a))

    steps = {step.stage: step for step in response.context["steps"]}
    assert steps["training"].late and not steps["phase_one"].late
    assert "Late against the plan" in page_text(response)


def test_a_member_that_left_the_network_is_never_late(as_coordinator, cycle_a):
    PlannedStage.objects.filter(cohort=cycle_a.cohort, stage="training").update(
        starts_in=date(2020, 1, 1), ends_in=date(2020, 2, 1))
    Member.objects.filter(pk=cycle_a.member_id).update(status=Member.Status.ARCHIVED)

    response = as_coordinator.get(cycle_url(cycle_a))

    assert not any(step.late for step in response.context["steps"])
    assert "Late against the plan" not in page_text(response)


def test_the_cycle_page_is_right_to_left_in_arabic(as_staff_a, cycle_a):
    arabic = as_staff_a.get(cycle_url(cycle_a), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl"' in arabic
    assert cycle_a.member.territory.name_ar in arabic


# A member's cycle: moves ------------------------------------------------------------------------

def test_staff_close_phase_one_early_with_a_note(as_staff_a, staff_of_a, cycle_a):
    place(cycle_a, Stage.PHASE_ONE, phase_one=(today(-10), today(20)))

    response = as_staff_a.post(cycle_url(cycle_a, "moves/close_phase_one/"), {
        "close_phase_one-expected_stage": "phase_one", "close_phase_one-note": "Enough ideas collected"})

    assert response.status_code == 302 and response["Location"] == cycle_url(cycle_a)
    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.DRAFTING and cycle_a.phase_one_closes_on == timezone.localdate()
    transition = cycle_a.transitions.get()
    assert (transition.by, transition.actor, transition.note) == (staff_of_a, "staff", "Enough ideas collected")
    assert ModelLogEntry.objects.filter(object_id=str(cycle_a.pk), action="cohorts.move").exists()
    page = as_staff_a.get(response["Location"])
    assert "Drafting the programme" in page_text(page) and "Enough ideas collected" in page_text(page)


def test_closing_early_without_a_note_is_refused_next_to_the_note(as_staff_a, cycle_a):
    place(cycle_a, Stage.PHASE_ONE, phase_one=(today(-10), today(20)))

    response = as_staff_a.post(cycle_url(cycle_a, "moves/close_phase_one/"),
                               {"close_phase_one-expected_stage": "phase_one", "close_phase_one-note": " "})

    assert response.status_code == 200
    offer = next(o for o in response.context["offers"] if o.name == "close_phase_one")
    assert "Say why phase one closes before its date" in " ".join(offer.form.errors["note"])
    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.PHASE_ONE and not cycle_a.transitions.exists()


def test_a_move_posted_twice_is_refused_the_second_time(as_staff_a, cycle_a):
    place(cycle_a, Stage.PHASE_ONE, phase_one=(today(-10), today(20)))
    data = {"close_phase_one-expected_stage": "phase_one", "close_phase_one-note": "Done"}

    as_staff_a.post(cycle_url(cycle_a, "moves/close_phase_one/"), data)
    second = as_staff_a.post(cycle_url(cycle_a, "moves/close_phase_one/"), data)

    assert second.status_code == 200
    assert "has moved on since the page was opened" in second.context["top_error"]
    assert 'role="alert"' in page_text(second)
    assert cycle_a.transitions.count() == 1
    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.DRAFTING


def test_a_stale_page_cannot_make_a_later_move(as_coordinator, cycle_a):
    """The page showed "joined"; someone else opened phase one meanwhile; "open phase one" from the
    stale page is refused (and so would any move of the next stage be)."""
    place(cycle_a, Stage.PHASE_ONE, phase_one=(today(-1), today(20)))

    response = as_coordinator.post(cycle_url(cycle_a, "moves/close_phase_one/"),
                                   {"close_phase_one-expected_stage": "training", "close_phase_one-note": "x"})

    assert "moved on" in response.context["top_error"]
    cycle_a.refresh_from_db()
    assert cycle_a.stage == Stage.PHASE_ONE


@pytest.mark.parametrize("data", [{}, {"open_phase_one-expected_stage": "nowhere"}])
def test_a_truncated_or_forged_move_form_changes_nothing(as_coordinator, cycle_a, data):
    response = as_coordinator.post(cycle_url(cycle_a, "moves/open_phase_one/"), data)

    assert response.status_code == 200 and "incomplete" in response.context["top_error"]
    assert not cycle_a.transitions.exists()


def test_an_unknown_move_answers_404(as_coordinator, cycle_a):
    assert as_coordinator.post(cycle_url(cycle_a, "moves/skip_to_the_end/"), {}).status_code == 404


def test_the_cycle_page_takes_no_post_of_its_own(as_coordinator, cycle_a):
    assert as_coordinator.post(cycle_url(cycle_a), {}).status_code == 405


# A member's cycle: adoption ---------------------------------------------------------------------

@pytest.fixture
def at_council(cycle_a):
    ProgrammeVersion.objects.create(cycle=cycle_a, kind="draft", title="Draft", body=[])
    return place(cycle_a, Stage.COUNCIL, phase_one=(today(-120), today(-90)), phase_two=(today(-60), today(-30)))


def adoption_post(**overrides) -> dict:
    data = {"session_date": today(-10).isoformat(), "deliberation_number": "12/2026", "votes_for": "25",
            "votes_against": "3", "abstentions": "1", "note": "Session of the council",
            "expected_stage": "council"}
    data.update(overrides)
    return {f"adopt-{key}": value for key, value in data.items() if value is not None}


def test_staff_record_the_adoption_with_the_deliberation_uploaded_into_their_collection(as_staff_a, at_council):
    response = as_staff_a.post(cycle_url(at_council, "moves/adopt/"),
                               {**adoption_post(), "adopt-upload": pdf_upload()})

    assert response.status_code == 302
    adoption = Adoption.objects.get(cycle=at_council)
    assert (adoption.deliberation_number, adoption.votes_for, adoption.votes_against) == ("12/2026", 25, 3)
    assert adoption.document.collection_id == at_council.member.collection_id
    assert adoption.document.file.name.endswith(".pdf") and adoption.document.file_size == len(pdf_bytes())
    at_council.refresh_from_db()
    assert at_council.stage == Stage.ADOPTED
    page = page_text(as_staff_a.get(cycle_url(at_council)))
    assert "12/2026" in page and "The deliberation (PDF)" in page


def test_the_deliberation_may_be_chosen_from_the_members_documents(as_staff_a, at_council):
    document = get_document_model().objects.create(
        title="Deliberation", collection=at_council.member.collection, file=pdf_upload("d.pdf"))

    as_staff_a.post(cycle_url(at_council, "moves/adopt/"), {**adoption_post(), "adopt-document": document.pk})

    assert Adoption.objects.get(cycle=at_council).document == document


@pytest.mark.parametrize(("overrides", "upload", "field", "message"), [
    ({}, pdf_upload("minutes.pdf", b"Minutes of the council"), "upload", "not a PDF"),
    ({}, pdf_upload("big.pdf", pdf_bytes(padding=10 * 1024 * 1024)), "upload", "the limit is 10"),
    ({}, None, "upload", "Attach the PDF"),
    ({"votes_for": "10", "votes_against": "12"}, pdf_upload(), "votes_for", "did not adopt"),
    ({"votes_for": "-1"}, pdf_upload(), "votes_for", "greater than or equal to 0"),
    ({"session_date": today(5).isoformat()}, pdf_upload(), "session_date", "cannot be in the future"),
    ({"session_date": "31/02/2026"}, pdf_upload(), "session_date", "valid date"),
    ({"deliberation_number": "  "}, pdf_upload(), "deliberation_number", "required"),
])
def test_adoption_bad_input_is_refused_next_to_the_field_and_stores_nothing(
        as_staff_a, at_council, overrides, upload, field, message):
    documents = get_document_model().objects.count()
    data = adoption_post(**overrides)
    if upload is not None:
        data["adopt-upload"] = upload

    response = as_staff_a.post(cycle_url(at_council, "moves/adopt/"), data)

    assert response.status_code == 200
    offer = next(o for o in response.context["offers"] if o.name == "adopt")
    assert message in " ".join(offer.form.errors[field]), offer.form.errors
    assert not Adoption.objects.exists() and get_document_model().objects.count() == documents
    at_council.refresh_from_db()
    assert at_council.stage == Stage.COUNCIL


def test_another_members_document_cannot_be_chosen(as_staff_a, at_council, member_b):
    foreign = get_document_model().objects.create(
        title="Not theirs", collection=member_b.collection, file=pdf_upload("b.pdf"))

    response = as_staff_a.post(cycle_url(at_council, "moves/adopt/"),
                               {**adoption_post(), "adopt-document": foreign.pk})

    offer = next(o for o in response.context["offers"] if o.name == "adopt")
    assert "document" in offer.form.errors and not Adoption.objects.exists()


def test_a_session_before_phase_two_is_refused_at_the_top_and_the_upload_is_rolled_back(as_staff_a, at_council):
    documents = get_document_model().objects.count()

    response = as_staff_a.post(cycle_url(at_council, "moves/adopt/"), {
        **adoption_post(session_date=today(-100).isoformat()), "adopt-upload": pdf_upload()})

    assert "after the consultation on its draft" in response.context["top_error"]
    assert get_document_model().objects.count() == documents and not Adoption.objects.exists()


# A member's cycle: phase dates and self-evaluation ----------------------------------------------

def test_staff_set_their_phase_dates_within_the_cohorts_window(as_staff_a, cycle_a):
    response = as_staff_a.post(cycle_url(cycle_a, "phase-dates/"), {
        "phase_one_opens_on": "2030-03-02", "phase_one_closes_on": "2030-05-15",
        "phase_two_opens_on": "2030-05-20", "phase_two_closes_on": "2030-06-20"})

    assert response.status_code == 302
    cycle_a.refresh_from_db()
    assert (cycle_a.phase_one_opens_on, cycle_a.phase_two_closes_on) == (date(2030, 3, 2), date(2030, 6, 20))


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"phase_one_opens_on": "2030-05-10", "phase_one_closes_on": "2030-04-01"}, "phase_one_closes_on",
     "cannot close"),
    ({"phase_one_opens_on": "2030-01-10", "phase_one_closes_on": "2030-04-01"}, "phase_one_opens_on",
     "The cohort's calendar plans phase one between"),
    ({"phase_one_opens_on": "2030-03-10", "phase_one_closes_on": "2030-05-20",
      "phase_two_opens_on": "2030-05-10", "phase_two_closes_on": "2030-06-10"}, "phase_two_opens_on",
     "The phases overlap"),
    ({"phase_one_opens_on": "2030-03-10"}, "phase_one_opens_on", "Give both dates"),
    ({"phase_one_opens_on": "10 March", "phase_one_closes_on": "2030-04-01"}, "phase_one_opens_on",
     "valid date"),
])
def test_phase_dates_errors_are_shown_next_to_the_field_and_change_nothing(as_staff_a, cycle_a, data, field, message):
    response = as_staff_a.post(cycle_url(cycle_a, "phase-dates/"), data)

    assert response.status_code == 200
    errors = response.context["phase_dates_form"].errors
    assert message in " ".join(errors[field]), errors
    cycle_a.refresh_from_db()
    assert cycle_a.phase_one_opens_on is None and cycle_a.phase_two_opens_on is None


def test_a_phase_that_is_over_keeps_its_dates(as_staff_a, cycle_a):
    place(cycle_a, Stage.DRAFTING, phase_one=(today(-60), today(-30)))

    as_staff_a.post(cycle_url(cycle_a, "phase-dates/"), {
        "phase_one_opens_on": "2030-03-02", "phase_one_closes_on": "2030-05-15"})

    cycle_a.refresh_from_db()
    assert (cycle_a.phase_one_opens_on, cycle_a.phase_one_closes_on) == (today(-60), today(-30))


@pytest.fixture
def at_evaluation(cycle_a):
    return place(cycle_a, Stage.EVALUATION)


def test_staff_publish_the_self_evaluation_then_close_the_cycle(as_staff_a, at_evaluation):
    response = as_staff_a.post(cycle_url(at_evaluation, "self-evaluation/"),
                               {"summary": "Twelve projects done, two late.", "upload": pdf_upload("report.pdf")})

    assert response.status_code == 302
    evaluation = SelfEvaluation.objects.get(cycle=at_evaluation)
    assert evaluation.document.collection_id == at_evaluation.member.collection_id
    page = as_staff_a.get(cycle_url(at_evaluation))
    offer = next(o for o in page.context["offers"] if o.name == "close_cycle")
    assert offer.allowed and page.context["self_evaluation_form"] is None

    as_staff_a.post(cycle_url(at_evaluation, "moves/close_cycle/"),
                    {"close_cycle-expected_stage": "evaluation", "close_cycle-note": ""})
    assert Cycle.objects.filter(member=at_evaluation.member).count() == 2


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"summary": "", "upload": "pdf"}, "summary", "required"),
    ({"summary": "Done", "upload": "text"}, "upload", "not a PDF"),
    ({"summary": "Done"}, "upload", "Attach the PDF"),
])
def test_self_evaluation_bad_input_is_refused_next_to_the_field(as_staff_a, at_evaluation, member_a, data, field,
                                                                message):
    uploads = {"pdf": pdf_upload("r.pdf"), "text": pdf_upload("r.pdf", b"just text")}
    if "upload" in data:
        data = {**data, "upload": uploads[data["upload"]]}

    response = as_staff_a.post(cycle_url(at_evaluation, "self-evaluation/"), data)

    assert message in " ".join(response.context["self_evaluation_form"].errors[field])
    assert not SelfEvaluation.objects.exists()


def test_the_self_evaluation_is_refused_outside_its_stage(as_staff_a, cycle_a, member_a):
    document = upload_document(member_a, "Report")
    document.file.save("report.pdf", pdf_upload(), save=True)

    response = as_staff_a.post(cycle_url(cycle_a, "self-evaluation/"), {"summary": "Early", "document": document.pk})

    assert "during the self-evaluation stage" in response.context["top_error"]
    assert not SelfEvaluation.objects.exists()


def test_an_archived_member_has_no_move_to_make(as_coordinator, cycle_a):
    Member.objects.filter(pk=cycle_a.member_id).update(status=Member.Status.ARCHIVED)
    place(cycle_a, Stage.TRAINING, phase_one=(today(10), today(40)))

    response = as_coordinator.get(cycle_url(cycle_a))

    assert all(not offer.allowed and "left the network" in offer.reason for offer in response.context["offers"])


def test_a_second_member_staff_user_sees_only_their_member(client, member_a, cohort, cycle_a, cycle_b):
    """A person on the staff of two members gets a list, each leading to that member's cycle."""
    both = make_user("both@example.org", groups=[cycle_a.member.staff_group, cycle_b.member.staff_group])
    login_to_admin(client, both)

    response = client.get("/admin/cohorts/cycles/ours/")

    html = page_text(response)
    assert cycle_url(cycle_a) in html and cycle_url(cycle_b) in html
    admit(cohort, TIZNIT)  # a third member, not theirs
    third = Cycle.objects.get(member__territory__code=TIZNIT)
    assert client.get(cycle_url(third)).status_code == 404
