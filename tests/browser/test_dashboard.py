"""The coordinators' dashboard in a real browser: a coordinator filters the late members of a
cohort and exports them; the page is accessible, in Arabic and French, on a phone and a desktop."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.helpers import login_to_admin
from tests.test_dashboard import MEMBERS, expected_late_stages, network  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/admin/cohorts/dashboard/"
DIRECTION = {"ar": "rtl", "fr": "ltr"}
WIDTHS = (390, 1280)


def log_in(page, live_server, user) -> None:
    """The browser carries the session of a log-in with password and TOTP code."""
    client = login_to_admin(Client(), user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def shown_codes(page) -> list[str]:
    return page.locator("table.cohort-table tbody tr[data-code]").evaluate_all(
        "rows => rows.map(row => row.dataset.code)")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_coordinator_filters_the_late_members_and_exports_them(
        page, check_page, live_server, coordinator, network, language):  # noqa: F811
    late = {code for code, (stage, _reached, _joined) in MEMBERS.items() if expected_late_stages(stage)}
    log_in(page, live_server, coordinator)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(URL)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
        expect(page.locator("#members-heading")).to_be_visible()
        check_page()

    # Who is late is in the first screen: the summary and the late rows first.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(URL)
    expect(page.locator(".cohort-dashboard__summary .late-flag")).to_be_in_viewport()
    assert set(shown_codes(page)[:len(late)]) == late

    page.locator(".cohort-dashboard__filter-box summary").click()  # folded until used
    page.locator("#id_late").check()
    page.locator(".cohort-dashboard__filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]late=1"))
    expect(page.locator("#id_late")).to_be_checked()
    expect(page.locator("table.cohort-table tbody tr[data-code]")).to_have_count(len(late))
    assert set(shown_codes(page)) == late
    check_page()

    with page.expect_download() as download_info:
        page.locator(".cohort-dashboard__exports a[href*='export.csv']").click()
    download = download_info.value
    content = download.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    _header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[2] for row in rows] == shown_codes(page)
    assert download.suggested_filename.endswith(".csv")
