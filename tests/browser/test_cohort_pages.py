"""A resident meets the cycle in a real browser: the closed-phase message with the date the next
phase opens on a member's page, and a cohort's page, in Arabic and French, on a phone and a desktop."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from cohorts.services import admit, current_cycle
from tests.test_cohort_pages import cohort_around_today, put_in_drafting_with_phase_two_ahead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTION = {"ar": "rtl", "fr": "ltr"}
WIDTHS = (390, 1280)


@pytest.fixture
def cohort_in_progress(member_a, member_b):
    """Cohort 8 around today: Agadir has closed phase one and opens the consultation in 9 days;
    Tétouan has just joined."""
    cohort = cohort_around_today()
    joined = timezone.localdate() - timedelta(days=120)
    admit(cohort, member_a.territory.code, joined_on=joined)
    admit(cohort, member_b.territory.code, joined_on=joined)
    put_in_drafting_with_phase_two_ahead(current_cycle(member_a))
    return cohort


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_member_page__a_resident_sees_the_closed_phase_and_when_the_next_one_opens(
    page, check_page, cohort_in_progress, member_a, language
):
    cycle = current_cycle(member_a)
    with translation.override(language):
        closed_on = date_format(cycle.phase_one_closes_on, "j F Y")
        reopens_on = date_format(cycle.phase_two_opens_on, "j F Y")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(member_a.pages.get(locale__language_code=language).url)
        expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
        gate = page.locator(".gate")
        expect(gate.locator("h2")).to_contain_text(closed_on)
        expect(gate.locator(".gate__next")).to_contain_text(reopens_on)
        current = page.locator('.timeline [aria-current="step"]')
        expect(current).to_have_count(1)
        expect(current).to_be_visible()
        check_page()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_cohort_page__calendar_and_members_with_their_stage(page, check_page, cohort_in_progress, member_a,
                                                             language):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/{language}/cohorts/")
        expect(page.locator(".cohort-card")).to_have_count(1)
        check_page()
        page.locator(".cohort-card__title a").click()
        expect(page).to_have_url(f"{page.url.split('/cohorts/')[0]}/cohorts/{cohort_in_progress.number}/")
        expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
        expect(page.locator(".plan__row")).to_have_count(8)
        expect(page.locator(".cohort-members tbody tr")).to_have_count(2)
        check_page()
        page.locator(f'.cohort-members a[href="{member_a.pages.get(locale__language_code=language).url}"]').click()
        expect(page.locator("h1")).to_be_visible()
