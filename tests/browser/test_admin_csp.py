"""The admin under its content security policy, in Chromium: no inline style anywhere, and the
pages still work (the dashboard's bars are placed by a script of our own, not style attributes)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import login_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PAGES = [
    "/admin/", "/admin/pages/", "/admin/images/", "/admin/images/multiple/add/", "/admin/documents/",
    "/admin/documents/multiple/add/", "/admin/reports/site-history/", "/admin/members/",
    "/admin/cohorts/", "/admin/cohorts/dashboard/", "/admin/account/",
]


def test_admin_pages_break_no_rule_of_their_content_security_policy(page, live_server, coordinator, cycle_a):
    client = login_to_admin(Client(), coordinator)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and refused.append(f"{page.url}: {message.text[:160]}"))
    member_page = cycle_a.member.page_in("fr")

    for path in [*ADMIN_PAGES, f"/admin/pages/{member_page.pk}/", f"/admin/pages/{member_page.pk}/edit/"]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    assert refused == []


def test_the_dashboard_bars_are_placed_without_style_attributes(page, live_server, coordinator, cycle_a):
    client = login_to_admin(Client(), coordinator)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])

    served = page.goto("/admin/cohorts/dashboard/").text()

    assert ' style="' not in served and ' data-style="' in served
    bar = page.locator(".timeline__bar").first
    assert bar.evaluate("element => element.style.gridColumnStart") != ""
    assert bar.bounding_box()["width"] > 0
