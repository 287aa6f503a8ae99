"""Public transparency: the cohorts' pages (calendar, members, stages) and each member's timeline
and phase message on its page, in Arabic and French, with flat query counts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from cohorts.cycle import PHASE_ONE, PHASE_TWO
from cohorts.models import Cohort, Cycle, PlannedStage, Stage
from cohorts.services import admit, move, record_draft, run_calendar, set_phase_dates
from cohorts.standing import current_cycle
from tests.cycle_helpers import place
from tests.helpers import casablanca, first_of_month, today, translated
from tests.test_members_directory import REAL_MEMBERS

# Django's Mashreq month names, which Morocco does not use (يوليو is left out: it begins يوليوز).
MASHREQ_MONTHS = ("مايو", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر")


def cohort_around_today(number: int = 8) -> Cohort:
    """A cohort whose calendar runs around today: phase one planned over the last two months,
    phase two from this month, the council's session an uncertain reading of the plan."""
    cohort = Cohort.objects.create(number=number, name="", intake_year=today().year,
                                   call_opens_on=first_of_month(-7), call_closes_on=first_of_month(-6))
    for stage, start, end, uncertain in [
        (Stage.JOINED, -5, -5, False), (Stage.TRAINING, -4, -4, False), (Stage.PHASE_ONE, -3, -1, False),
        (Stage.DRAFTING, -1, 0, False), (Stage.PHASE_TWO, 0, 1, False), (Stage.COUNCIL, 3, 4, True),
        (Stage.IMPLEMENTATION, 6, 29, False), (Stage.EVALUATION, 30, 31, False),
    ]:
        PlannedStage.objects.create(cohort=cohort, stage=stage, starts_in=first_of_month(start),
                                    ends_in=first_of_month(end), uncertain=uncertain, source="12.16")
    return cohort


def put_in_drafting_with_phase_two_ahead(cycle: Cycle) -> Cycle:
    """Phase one ran from 50 to 10 days ago (opened and closed by the calendar job); phase two
    opens in 9 days. Dates are relative to today: the page is rendered now."""
    now = timezone.now()
    place(cycle, phase_one=(today(-50), today(-10)), phase_two=(today(9), today(30)))
    run_calendar(now=now - timedelta(days=40))
    run_calendar(now=now)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DRAFTING
    return cycle


@pytest.fixture
def cohort_of_today(member_a, member_b):
    cohort = cohort_around_today()
    joined = today(-120)
    admit(cohort, member_a.territory.code, joined_on=joined)
    admit(cohort, member_b.territory.code, joined_on=joined)
    return cohort


# The member page -------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["fr", "ar"])
def test_member_page__says_phase_one_closed_and_when_the_consultation_opens(client, cohort_of_today, member_a,
                                                                           language):
    from django.utils import translation
    from django.utils.formats import date_format

    cycle = put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    response = client.get(member_a.page_in(language).url)
    html, gate = response.content.decode(), response.context["standing"]["gate"]
    with translation.override(language):
        closed_on = date_format(cycle.phase_one_closes_on, "j F Y")
        opens_on = date_format(cycle.phase_two_opens_on, "j F Y")
    assert gate.state.state == "closed" and gate.phase == PHASE_ONE
    assert closed_on in gate.title and opens_on in gate.next_step
    assert gate.title in html.replace("&#x27;", "'") and opens_on in html
    if language == "ar":
        assert not any(name in html for name in MASHREQ_MONTHS)
    assert "button--primary button--large" not in html  # nothing to propose now


def test_member_page__timeline_marks_the_current_stage_in_words_and_for_screen_readers(
    client, cohort_of_today, member_a
):
    cycle = put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    response = client.get(member_a.page_in("fr").url)
    html = response.content.decode()
    assert html.count('aria-current="step"') == 1
    timeline = response.context["standing"]["timeline"]
    assert [step.stage for step in timeline.steps] == list(Stage.values)
    assert timeline.current.stage == Stage.DRAFTING
    current = html[html.index('aria-current="step"'):]
    assert str(Stage.DRAFTING.label) in current[:600] and translated("fr", "Now") in current[:600]
    # Done: phase one with its actual dates from the history.
    phase_one = next(step for step in timeline.steps if step.stage == Stage.PHASE_ONE)
    assert (phase_one.started_on, phase_one.ended_on) == (cycle.phase_one_opens_on, cycle.phase_one_closes_on)
    # Upcoming: the council from the cohort's plan, in months, with the plan's doubt in words.
    assert translated("fr", "date uncertain in the plan") in html
    assert f"/fr/cohorts/{cohort_of_today.number}/" in html  # the member's cohort page


def test_member_page__in_phase_one_invites_ideas_as_its_most_prominent_button(client, cohort_of_today, member_a):
    place(current_cycle(member_a), phase_one=(today(-3), today(20)))
    html = client.get(member_a.page_in("fr").url).content.decode()
    assert html.count("button--primary") == 1
    propose = translated("fr", "Propose an idea")
    assert f'class="button button--primary button--large" href="#ideas">{propose}</a>' in html
    assert 'id="ideas"' in html


def test_member_page__in_phase_two_invites_comments_on_the_draft(client, cohort_of_today, member_a):
    now = timezone.now()
    cycle = place(current_cycle(member_a), phase_one=(today(-50), today(-20)), phase_two=(today(-1), today(20)))
    run_calendar(now=now - timedelta(days=40))
    run_calendar(now=now)
    record_draft(Cycle.objects.get(pk=cycle.pk), title="Programme", body=[])
    html = client.get(member_a.page_in("fr").url).content.decode()
    comment = translated("fr", "Comment on the draft programme")
    assert f'href="/fr/cohorts/consultation/{cycle.pk}/">{comment}</a>' in html


def test_member_page__without_a_cycle_keeps_the_steps_and_says_so(client, member_a):
    response = client.get(member_a.page_in("fr").url)
    html = response.content.decode()
    assert response.context["standing"]["cycle"] is None
    not_yet = translated("fr", "This member has not joined a cohort's co-creation cycle yet. When it does, its stages "
                               "and their dates will be marked here. These are the steps every member goes through:")
    assert not_yet in html
    assert 'class="cycle cycle--pending"' in html
    assert 'aria-current="step"' not in html


def _queries(client, django_assert_max_num_queries, url, limit=40) -> int:
    client.get(url)
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_member_page__a_cycle_adds_a_constant_few_queries(client, django_assert_max_num_queries, member_a, resident):
    """Its cycle, history and plan, the draft check and the programme page for the invitation:
    at most 5 queries more than a member without a cycle, in every state, however long its history."""
    url = member_a.page_in("fr").url
    without = _queries(client, django_assert_max_num_queries, url)
    cohort = cohort_around_today()
    admit(cohort, member_a.territory.code, joined_on=today(-120))
    joined = _queries(client, django_assert_max_num_queries, url)
    cycle = put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    drafting = _queries(client, django_assert_max_num_queries, url)
    record_draft(cycle, title="Programme", body=[])
    place(cycle, phase_two=(today(), cycle.phase_two_closes_on))
    run_calendar()
    consultation = _queries(client, django_assert_max_num_queries, url)
    counts = {"without": without, "joined": joined, "drafting": drafting, "consultation": consultation}
    print(f"member page queries: {counts}")
    assert max(joined, drafting, consultation) - without <= 5, counts
    client.force_login(resident)
    logged_in = _queries(client, django_assert_max_num_queries, url)
    assert logged_in - consultation <= 6  # session, user, the follow state…: per person, never per member


# The cohort pages -------------------------------------------------------------------------------

def test_cohort_index__lists_each_cohort_with_its_members_and_where_they_stand(client, cohort_of_today, member_a):
    put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    Cohort.objects.create(number=9, name="Cohorte de démonstration", intake_year=2027, is_demo=True)
    response = client.get("/fr/cohorts/")
    assert response.status_code == 200
    rows = {row["cohort"].number: row for row in response.context["rows"]}
    assert rows[8]["members"] == 2
    assert {str(label): count for label, count in rows[8]["stages"]} == {
        str(Stage.JOINED.label): 1, str(Stage.DRAFTING.label): 1}
    assert rows[9]["members"] == 0
    html = response.content.decode()
    assert 'href="/fr/cohorts/8/"' in html and "Cohorte de démonstration" in html
    assert 'class="badge badge--demo"' in html
    assert str(timezone.localdate().year) in html


def test_cohort_detail__calendar_members_and_their_stage_with_dates(client, cohort_of_today, member_a, member_b):
    cycle = put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    response = client.get("/fr/cohorts/8/")
    assert response.status_code == 200
    html = response.content.decode()
    # Calendar: every planned stage, as a list, with the plan's doubt in words.
    calendar = response.context["calendars"][0]
    assert len(calendar.rows) == 8 and html.count('<li class="plan__row') == 8
    assert html.count(translated("fr", "date uncertain in the plan")) >= 1
    assert 'class="plan__track"' in html
    # Members: linked to their pages, each with its stage, since when, and its phase dates.
    assert f'href="{member_a.page_in("fr").url}"' in html and f'href="{member_b.page_in("fr").url}"' in html
    rows = {row["member"].pk: row for row in response.context["members"]}
    assert rows[member_a.pk]["cycle"].stage == Stage.DRAFTING
    assert rows[member_b.pk]["cycle"].stage == Stage.JOINED
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("fr"):
        for day in (cycle.stage_since, cycle.phase_one_opens_on, cycle.phase_two_closes_on):
            assert date_format(day, "j F Y") in html
    # Breadcrumbs: home › cohorts › this cohort.
    assert 'href="/fr/cohorts/"' in html
    assert f'aria-current="page">{translated("fr", "Cohort %(number)s") % {"number": 8}}<' in html


def test_cohort_detail__in_arabic_uses_moroccan_month_names(client, cohort, cycle_a, coordinator):
    set_phase_dates(cycle_a, coordinator, {PHASE_ONE: (date(2030, 3, 1), date(2030, 4, 30)),
                                           PHASE_TWO: (date(2030, 5, 10), date(2030, 6, 15))},
                    now=casablanca(2030, 1, 20))
    html = client.get(f"/ar/cohorts/{cohort.number}/").content.decode()
    assert 'dir="rtl"' in html
    assert "ماي 2030" in html and "10 ماي 2030" in html  # the plan's months and the member's days
    assert not any(name in html for name in MASHREQ_MONTHS)


def test_cohort_detail__demo_cycles_show_a_demo_badge(client, cohort, member_a):
    admit(cohort, member_a.territory.code, joined_on=date(2030, 1, 15), is_demo=True)
    html = client.get(f"/fr/cohorts/{cohort.number}/").content.decode()
    assert 'class="badge badge--demo"' in html


def test_cohort_detail__unknown_cohort_answers_the_not_found_page(client, db):
    for path in ("/fr/cohorts/99/", "/ar/cohorts/0/", "/fr/cohorts/abc/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "404.html" in [t.name for t in response.templates]


def test_cohort_index__empty_says_what_will_appear(client, db):
    html = client.get("/fr/cohorts/").content.decode()
    assert 'class="empty"' in html


@pytest.mark.parametrize("url", ["/fr/cohorts/", "/ar/cohorts/8/"])
def test_cohort_pages__query_count_does_not_grow_with_members(client, django_assert_max_num_queries, url, member_a):
    from communes.services import join_network

    cohort = cohort_around_today()
    admit(cohort, member_a.territory.code, joined_on=today(-120))
    small = _queries(client, django_assert_max_num_queries, url)
    for code in REAL_MEMBERS:
        if code != member_a.territory.code:
            join_network(code)
            admit(cohort, code, joined_on=today(-100))
    put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    large = _queries(client, django_assert_max_num_queries, url)
    assert Cycle.objects.filter(cohort=cohort).count() == len(REAL_MEMBERS)
    assert large == small, f"{url}: {small} queries with 1 member, {large} with {len(REAL_MEMBERS)}"


def test_the_site_links_to_the_cohorts(client, db):
    assert 'href="/fr/cohorts/"' in client.get("/fr/").content.decode()


# The programme page ----------------------------------------------------------------------------

def test_programme_page__shows_its_text_and_the_consultation_message(client, cycle_a, staff_of_a):
    from openness_programs.models import ProgrammeIndexPage, ProgrammePage

    index = ProgrammeIndexPage.objects.child_of(cycle_a.member.page_in("fr")).get()
    page = index.add_child(instance=ProgrammePage(
        title="Programme d'ouverture 2030", slug="programme-2030", cycle=cycle_a,
        body=[("heading", "Projet 1 : un budget lisible")]))
    html = client.get(page.url).content.decode()
    assert "Projet 1 : un budget lisible" in html
    assert translated("fr", "The dates of the consultation on the draft are not set yet") in html
    place(cycle_a, phase_one=(today(-50), today(-20)), phase_two=(today(-1), today(20)))
    run_calendar(now=timezone.now() - timedelta(days=40))
    run_calendar()
    record_draft(Cycle.objects.get(pk=cycle_a.pk), title=page.title, body=[])
    run_calendar()  # the draft is out: the calendar opens phase two
    html = client.get(page.url).content.decode()
    comment = translated("fr", "Comment on the draft programme")
    assert f'href="/fr/cohorts/consultation/{cycle_a.pk}/">{comment}</a>' in html
    assert client.get(f"/fr/cohorts/consultation/{cycle_a.pk}/").status_code == 200
    move(Cycle.objects.get(pk=cycle_a.pk), "close_phase_two", staff_of_a, note="Closed early")
    html = client.get(page.url).content.decode()
    assert escape(translated("fr", "Consultation on the draft closed on %(date)s.").split("%(date)s")[0]) in html
    assert client.get(f"/fr/cohorts/consultation/{cycle_a.pk}/").status_code == 403
