"""The extension points: the lower apps' pages get their parts from the apps above, and a part
registered from above shows where it should (docs/architecture.md lists the hooks)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from wagtail import hooks

from cohorts.extensions import DASHBOARD_COLUMNS, DashboardColumn
from communes.extensions import DIRECTORY_FILTERS, MEMBER_PAGE_PANELS, ROLE_PERMISSIONS, member_sections
from communes.models import DocumentIndexPage, MeetingIndexPage, MemberPage, NewsIndexPage
from communes.roles import COORDINATORS
from openness_programs.models import ProgrammeIndexPage
from tests.helpers import login_to_admin
from website.extensions import HOME_PAGE_PARTS, NAVIGATION, Link, Part
from website.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_the_child_page_types_come_from_the_children():
    """Neither the home page nor the member page lists a higher app's page type: the children's
    parent_page_types decide, and they give the same choice as before."""
    assert set(HomePage.allowed_subpage_models()) == {MemberPage, StandardPage}
    assert set(MemberPage.allowed_subpage_models()) == {
        ProgrammeIndexPage, NewsIndexPage, MeetingIndexPage, DocumentIndexPage,
    }


def test_the_member_sections_are_gathered_in_order_programme_first():
    assert [(section.model, section.slug) for section in member_sections()] == [
        (ProgrammeIndexPage, "programme"), (NewsIndexPage, "news"),
        (MeetingIndexPage, "meetings"), (DocumentIndexPage, "documents"),
    ]


def test_the_member_page_is_assembled_from_every_app(client, member_a):
    html = client.get(member_a.page_in("fr").url).content.decode()
    # cohorts (now and cycle, ideas), openness_programs (programme card), communes (meetings card)
    positions = [html.index(marker) for marker in (
        'aria-labelledby="now-title"', 'id="cycle-title"', 'id="programme-title"', 'id="ideas-title"',
        'id="meetings-title"', 'id="news-title"',
    )]
    assert positions == sorted(positions)


def test_a_panel_registered_from_above_shows_on_the_member_page(client, member_a):
    def panel(request, member, page):
        return Part("blocks/heading.html", {"value": f"Panel of {member.territory.code}"}, slot="take_part", order=15)

    with hooks.register_temporarily(MEMBER_PAGE_PANELS, panel):
        html = client.get(member_a.page_in("fr").url).content.decode()
    assert "Panel of 09.001.01.01" in html
    assert html.index('id="programme-title"') < html.index("Panel of 09.001.01.01") < html.index('id="ideas-title"')


def test_a_panel_in_the_aside_shows_after_the_contact(client, member_a):
    def panel(request, member, page):
        return Part("blocks/heading.html", {"value": "Aside panel"}, slot="aside")

    with hooks.register_temporarily(MEMBER_PAGE_PANELS, panel):
        html = client.get(member_a.page_in("fr").url).content.decode()
    assert html.index('id="contact-title"') < html.index("Aside panel") < html.index('id="sections-title"')


def test_home_page_parts_and_navigation_from_above(client):
    def part(request, page):
        return Part("blocks/heading.html", {"value": "A part from above"}, slot="after_body", order=99)

    with hooks.register_temporarily(HOME_PAGE_PARTS, part), \
            hooks.register_temporarily(NAVIGATION, lambda: Link("members:directory", "Elsewhere", order=50)):
        html = client.get("/fr/").content.decode()
    assert html.index('id="cycle-title"') < html.index("A part from above")
    assert html.index('href="/fr/members/"') < html.index(">Elsewhere<")  # communes' entry, then the new one


def test_a_directory_filter_from_above_narrows_the_list_and_marks_the_rows(client, member_a, member_b):
    from django import forms

    from communes.extensions import DirectoryFilter, RowTag

    class SouthFilter(DirectoryFilter):
        name = "south"

        def field(self):
            return forms.BooleanField(required=False, label="South only")

        def filter(self, members, value):
            return members.filter(territory__region__code="09") if value else members

        def row_tags(self, members):
            return {m.pk: [RowTag("south", "in the south")] for m in members if m.territory.code.startswith("09")}

    with hooks.register_temporarily(DIRECTORY_FILTERS, SouthFilter):
        response = client.get("/fr/members/?south=on")
    codes = {member.territory.code for member, _page in response.context["rows"]}
    assert codes == {"09.001.01.01"}
    assert '<span class="member-item__south"><bdi>in the south</bdi></span>' in response.content.decode()
    assert list(response.context["form"].fields)[-2:] == ["south", "page"]


def test_role_grants_from_above_reach_the_coordinators_group():
    from communes.extensions import COORDINATORS_ROLE, Grant
    from communes.roles import ensure_coordinators_group

    group = Group.objects.get(name=COORDINATORS)
    assert {"add_cohort", "change_cohort", "view_cohort"} <= set(
        group.permissions.filter(content_type__app_label="cohorts").values_list("codename", flat=True))
    assert not group.permissions.filter(codename="delete_cohort").exists()
    with hooks.register_temporarily(ROLE_PERMISSIONS, lambda: Grant(COORDINATORS_ROLE, "cohorts", "view_cycle")):
        ensure_coordinators_group(HomePage.objects.all())
    assert group.permissions.filter(content_type__app_label="cohorts", codename="view_cycle").exists()


def test_a_dashboard_column_from_above_shows_its_values_and_says_where_none_is_recorded(
        client, coordinator, cycle_a, cycle_b):
    column = DashboardColumn("ideas", "Ideas online", lambda cycles: {cycle_a.pk: 12}, order=10)
    login_to_admin(client, coordinator)
    with hooks.register_temporarily(DASHBOARD_COLUMNS, lambda: column):
        html = client.get("/admin/cohorts/dashboard/", {"cohort": 7}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        exported = client.get("/admin/cohorts/dashboard/export.csv", {"cohort": 7}, HTTP_ACCEPT_LANGUAGE="en").content
    assert '<th scope="col">Ideas online</th>' in html
    assert "<td>12</td>" in html
    assert html.count('<td><span class="muted">not recorded</span></td>') == 1
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0][-1] == "Ideas online"
    assert sorted(row[-1] for row in rows[1:]) == ["", "12"]
