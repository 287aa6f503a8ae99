"""A member's staff move their programme from phase one to drafting, in the admin, in a real
browser: in Arabic (right to left) and French, on a phone and a desktop, with axe-core on each page."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from cohorts import services
from cohorts.models import Stage
from tests.helpers import login_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTION = {"ar": "rtl", "fr": "ltr"}
WIDTHS = (390, 1280)


def log_in(page, live_server, user) -> None:
    """The browser takes the session of a test client that passed the password and the code
    (the log-in form itself is tested in tests/test_mfa.py)."""
    client = login_to_admin(Client(), user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def settle(page) -> None:
    """Wagtail's messages slide in from transparent: axe would read their colours half-way."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages > ul')].every(m => getComputedStyle(m).opacity === '1')")


def look_at_every_width(page, check_page) -> None:
    """Load the page afresh at each width: the admin's sidebar takes its layout on load."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        settle(page)
        check_page()


@pytest.fixture
def in_phase_one(cycle_a, staff_of_a):
    """Agadir's cycle, phase one opened early by its staff (through the services, as the admin does)."""
    services.set_phase_dates(cycle_a, staff_of_a, {"phase_one": (date(2030, 3, 2), date(2030, 5, 15))})
    services.move(cycle_a, "open_phase_one", staff_of_a, note="Workshops started before the planned date")
    cycle_a.refresh_from_db()
    return cycle_a


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_staff_move_their_programme_from_phase_one_to_drafting(
        page, check_page, live_server, staff_of_a, in_phase_one, language):
    with translation.override(language):
        phase_one, drafting = str(Stage.PHASE_ONE.label), str(Stage.DRAFTING.label)
        our_cycle = translation.gettext("Our cycle")
    log_in(page, live_server, staff_of_a)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/")

    page.get_by_role("link", name=our_cycle).click()  # the admin menu

    expect(page).to_have_url(f"{live_server.url}/admin/cohorts/cycles/{in_phase_one.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
    expect(page.locator(".cycle-summary__stage strong")).to_have_text(phase_one)
    look_at_every_width(page, check_page)

    form = page.locator("form[action$='/moves/close_phase_one/']")
    form.locator("textarea").fill("Enough ideas: 212 online and 140 in the workshops")
    form.locator("button[type=submit]").click()

    expect(page.locator(".cycle-summary__stage strong")).to_have_text(drafting)
    history = page.locator("table.cycle-history tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Enough ideas: 212 online and 140 in the workshops")
    expect(history.first).to_contain_text(staff_of_a.email)
    expect(page.locator("[aria-current=step]")).to_contain_text(drafting)
    settle(page)
    check_page()
    look_at_every_width(page, check_page)
    in_phase_one.refresh_from_db()
    assert in_phase_one.stage == Stage.DRAFTING
