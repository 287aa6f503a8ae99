"""Every admin listing and report, rendered as member A's staff, shows nothing of member B.

The routes are found by walking the URL resolver: every admin route that takes no argument is
rendered, except the few named in NOT_LISTINGS with their reason, so that a report added later
is covered by default. Beside them, the listings that take a page type or a page (the explorer
of each home page, the pages of each type, where a page of each type can be created). Each is read as A's staff, plain,
searched for B's name, and exported where it offers an export; its text is checked for B's page
titles (live and draft), B's staff's name and e-mail address, and B's image and document
titles. Coordinators still see B in the reports (the control).
"""

import html
import json
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from communes.models import NewsIndexPage, NewsPage
from tests.helpers import login_to_admin, make_user
from tests.test_permissions import Space, build_space

# Admin routes without arguments that are not listings, or that cannot be rendered with a GET
# as they are: each with its reason.
NOT_LISTINGS = {
    "admin/login/": "the log-in form (allauth's)",
    "admin/logout/": "logs the user out",
    "admin/password_reset/": "password reset is disabled",
    "admin/password_reset/done/": "password reset is disabled",
    "admin/password_reset/complete/": "password reset is disabled",
    "admin/failwhale/": "Wagtail's deliberate error page (test_failwhale_is_for_superusers_only)",
    "admin/test404/": "Wagtail's deliberate 404 page",
    "admin/^.*/$": "the admin's catch-all 404",
}

# Reports that list pages: coordinators see B's pages in them (the control).
PAGE_REPORTS = (
    "admin/reports/locked/",
    "admin/reports/aging-pages/",
    "admin/reports/page-types-usage/",
    "admin/reports/site-history/",
    "admin/reports/workflow/",
    "admin/reports/workflow_tasks/",
    "admin/localize/reports/translations/",
)


def admin_routes_without_arguments() -> list[str]:
    """Every admin route that takes no argument, as a path, in resolver order."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.pattern

    routes = []
    for route, pattern in walk(get_resolver().url_patterns):
        takes_arguments = getattr(pattern, "converters", None) or pattern.regex.groups
        if route.startswith("admin/") and not takes_arguments and route not in routes:
            routes.append(route)
    return routes


def listing_paths() -> list[str]:
    """The routes to render: every argument-free admin route but NOT_LISTINGS, as URL paths."""
    paths = []
    for route in admin_routes_without_arguments():
        if route in NOT_LISTINGS:
            continue
        # Routes written as regular expressions inside a path prefix (the admin API's).
        paths.append("/" + route.replace("^", "").replace("$", ""))
    return paths


def listings_with_arguments() -> list[str]:
    """Listings that take a page or a page type: the explorer of each home page, the pages of
    each type, the pages under which one of a type can be created."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import get_page_models

    homes = [f"/admin/pages/{pk}/" for pk in Page.objects.filter(depth=2).values_list("pk", flat=True)]
    by_type = []
    for model in get_page_models():
        content_type = ContentType.objects.get_for_model(model)
        by_type.append(f"/admin/pages/usage/{content_type.app_label}/{content_type.model}/")
        by_type.append(f"/admin/pages/create/{content_type.app_label}/{content_type.model}")  # parents
    return homes + by_type


@dataclass
class Network:
    a: Space
    b: Space
    staff_of_a: object
    staff_of_b: object
    coordinator: object
    b_draft: NewsPage


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """Agadir (A) and Tétouan (B); B's staff, with a name, own and last edited a draft of B's,
    lock a page and submit it to moderation, so that owner filters and reports would show them."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from communes.roles import COORDINATORS
    from communes.services import join_network

    with django_db_blocker.unblock(), transaction.atomic():
        member_a, member_b = join_network("09.001.01.01"), join_network("01.571.01.11")
        a, b = build_space(member_a), build_space(member_b)
        staff_of_a = make_user("staff.a@example.org", groups=[member_a.staff_group])
        staff_of_b = make_user("bouchra.staff@example.org", groups=[member_b.staff_group],
                               display_name="Bouchra Elidrissi", first_name="Bouchra",
                               last_name="Elidrissi")
        news_index = NewsIndexPage.objects.child_of(b.page).get()
        draft = news_index.add_child(instance=NewsPage(
            title="Unpublished draft of Tétouan", slug="draft-1", live=False, owner=staff_of_b))
        log(instance=b.image, action="wagtail.edit", user=staff_of_b)
        WorkflowState.objects.filter(pk=b.task_state.workflow_state_id).update(requested_by=staff_of_b)
        b.news.locked, b.news.locked_by = True, staff_of_b
        b.news.save(update_fields=["locked", "locked_by"])
        b.news.save_revision(user=staff_of_b, log_action=True)
        draft.save_revision(user=staff_of_b, log_action=True)  # B's last edited page: a draft
        yield Network(
            a=a, b=b, staff_of_a=staff_of_a, staff_of_b=staff_of_b, b_draft=draft,
            coordinator=make_user("coordinator@example.org",
                                  groups=[Group.objects.get(name=COORDINATORS)]),
        )
        transaction.set_rollback(True)


def markers_of_b(network: Network) -> set[str]:
    """What would show B in a page: its own page titles (not the section titles every member's
    pages share), its staff's name and address, its image and document titles."""
    b_paths = [network.b.member.page_in(code).path for code in ("ar", "fr", "zgh", "en")]
    in_b = Page.objects.none()
    for path in b_paths:
        in_b = in_b | Page.objects.filter(path__startswith=path)
    titles = set(in_b.values_list("title", flat=True)) | set(in_b.values_list("draft_title", flat=True))
    titles -= set(Page.objects.exclude(pk__in=in_b.values("pk")).values_list("title", flat=True))
    staff = network.staff_of_b
    return titles | {staff.email, staff.display_name, staff.last_name, network.b.image.title,
                     network.b.document.title}


def readable_text(response) -> str:
    """The response's text as a person reads it: HTML entities and JSON escapes undone."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return html.unescape(text)


def render(client, path: str, query: str) -> dict[str, object]:
    """The listing plain, searched, and exported (where it offers an export): url -> response."""
    responses = {path: client.get(path)}
    responses[f"{path}?q={query}"] = client.get(path, {"q": query, "term": query[:2]})
    first = responses[path]
    if first.status_code == 200 and b"export=csv" in first.content:
        for export in ("csv", "xlsx"):
            responses[f"{path}?export={export}"] = client.get(path, {"export": export})
    return responses


def found(response, markers: set[str]) -> set[str]:
    if response.get("Content-Type", "").startswith(("text/", "application/json")):
        text = readable_text(response)
    else:  # a spreadsheet: its shared strings
        text = xlsx_text(response)
    return {marker for marker in markers if marker in text}


def xlsx_text(response) -> str:
    import io
    import zipfile

    content = b"".join(response.streaming_content) if response.streaming else response.content
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return content.decode("utf-8", errors="replace")
    return html.unescape(" ".join(archive.read(name).decode("utf-8", errors="replace")
                                  for name in archive.namelist() if name.endswith(".xml")))


QUERY = "Tétouan"  # B's name: listings that show results only when searching then show B's


def leaks(client, network: Network) -> tuple[dict[str, int], dict[str, set[str]]]:
    """(each URL rendered and its status, the URLs that show B and what of B they show)."""
    markers = markers_of_b(network)
    rendered, shown = {}, {}
    for path in listing_paths() + listings_with_arguments():
        for url, response in render(client, path, QUERY).items():
            rendered[url] = response.status_code
            assert response.status_code < 500, url
            # A search field shows its query back: what the query itself says is no leak.
            expected = {marker for marker in markers if marker in QUERY} if "q=" in url else set()
            if hit := found(response, markers - expected):
                shown[url] = hit
    return rendered, shown


def test_staff_see_nothing_of_another_member_in_any_listing_or_report(client, network, db):
    login_to_admin(client, network.staff_of_a)

    rendered, shown = leaks(client, network)

    shown_in_full = {url for url, status in rendered.items() if status == 200}
    exported = {url for url in shown_in_full if "export=" in url}
    assert len(shown_in_full) > 120, len(shown_in_full)
    assert {"/admin/reports/site-history/?export=xlsx", "/admin/reports/locked/?export=csv"} <= exported
    assert shown == {}, "\n".join(f"{url}: {sorted(hit)}" for url, hit in sorted(shown.items()))


def test_coordinators_still_see_every_member_in_the_reports(client, network, db):
    """The control: the same reports show B's pages and people to a coordinator, so the empty
    findings above are scoping, not blank reports."""
    login_to_admin(client, network.coordinator)
    markers = markers_of_b(network)
    b_titles = markers - {network.staff_of_b.email, network.staff_of_b.display_name,
                          network.staff_of_b.last_name}
    b_staff = network.staff_of_b.display_name

    shown = {path: found(client.get(f"/{path}"), markers) for path in PAGE_REPORTS}

    assert {path for path, hit in shown.items() if not hit & b_titles} == set()
    assert network.b_draft.title in shown["admin/reports/page-types-usage/"]
    assert b_staff in shown["admin/reports/site-history/"] and b_staff in shown["admin/reports/locked/"]
    home = network.b.page.get_parent()
    assert b_staff in found(client.get(f"/admin/pages/{home.pk}/"), markers)  # the owner filter


def test_reports_are_rendered_to_staff_without_their_coordinators_only_parts(client, network, db):
    login_to_admin(client, network.staff_of_a)

    own_report = client.get("/admin/localize/reports/translations/")
    page_types = client.get("/admin/reports/page-types-usage/")
    territories = client.get("/admin/territory_chooser/")
    menu = client.get("/admin/").content.decode()

    assert own_report.status_code == 200 and network.a.news.title in readable_text(own_report)
    assert page_types.status_code == territories.status_code == 404
    assert "/admin/reports/page-types-usage/" not in menu
    assert "/admin/reports/site-history/" in menu


def test_failwhale_is_for_superusers_only(client, network, db):
    from django.contrib.auth import get_user_model

    for user in (network.staff_of_a, network.coordinator):
        login_to_admin(client, user)
        assert client.get("/admin/failwhale/").status_code == 404, user
    superuser = get_user_model().objects.create_superuser(email="root@example.org", password="x-long-password-1")
    login_to_admin(client, superuser)
    client.raise_request_exception = False
    assert client.get("/admin/failwhale/").status_code == 500  # what it is for


@pytest.mark.parametrize("who", ["staff_of_a", "coordinator", "superuser"])
def test_choosing_a_page_that_cannot_be_chosen_is_refused_with_a_message(client, network, db, who):
    from django.contrib.auth import get_user_model

    from tests.helpers import translated

    user = (get_user_model().objects.create_superuser(email="root@example.org", password="x-long-password-1")
            if who == "superuser" else getattr(network, who))
    login_to_admin(client, user)
    root = Page.get_first_root_node()
    chosen = "/admin/choose-page/chosen-multiple/"

    answers = {
        "root": client.get(chosen, {"id": root.pk}, HTTP_ACCEPT_LANGUAGE="fr"),
        "missing": client.get(chosen, {"id": 2_000_000_000}),
        "too large": client.get(chosen, {"id": "99999999999999999999"}),
        "not a number": client.get(chosen, {"id": "abc"}),
        "own page and root": client.get(f"{chosen}?id={network.a.news.pk}&id={root.pk}"),
        "own page": client.get(chosen, {"id": network.a.news.pk}),
    }

    assert {name: r.status_code for name, r in answers.items()} == {
        "root": 404, "missing": 404, "too large": 404, "not a number": 400, "own page and root": 404,
        "own page": 200,
    }
    # No admin language chosen: the admin speaks the browser's, as Wagtail's own pages do.
    assert answers["root"].content.decode() == translated("fr", "This page does not exist or cannot be chosen.")
    assert answers["missing"].content.decode() == translated("ar", "This page does not exist or cannot be chosen.")
    assert "abc" in answers["not a number"].content.decode()


@pytest.mark.parametrize("url", [
    "/admin/reports/site-history/?user=99999999999999999999",
    "/admin/reports/site-history/?user=abc",
    "/admin/reports/site-history/?user=-1&timestamp_after=2026-99-99",
    "/admin/reports/locked/?locked_by=99999999999999999999",
    "/admin/reports/workflow/?requested_by=99999999999999999999",
    "/admin/reports/workflow_tasks/?workflow=99999999999999999999&task=abc",
    "/admin/reports/aging-pages/?last_published_at=not-a-date&content_type=99999999999999999999",
    "/admin/pages/search/?owner=99999999999999999999&edited_by=abc",
    "/admin/pages/search/?content_type=99999999999999999999&q=News",
    "/admin/pages/{home}/?site=99999999999999999999&content_type=-99999999999999999999",
    "/admin/pages/{home}/?owner=99999999999999999999",
    "/admin/localize/reports/translations/?content_type=99999999999999999999&source_locale=xx",
])
def test_bad_filter_values_of_reports_are_ignored_not_a_server_error(client, network, db, url):
    """A filter value that names nothing (not a number, or beyond what the database stores: on
    SQLite an error of its own) is an invalid filter, said in the filter form."""
    url = url.format(home=network.a.page.get_parent().pk)
    for user in (network.staff_of_a, network.coordinator):
        login_to_admin(client, user)
        client.raise_request_exception = False

        response = client.get(url)

        assert response.status_code < 500, (user, response.status_code)


def test_a_user_filter_beyond_stored_ids_is_said_to_be_no_choice(client, network, db):
    from tests.helpers import translated

    login_to_admin(client, network.coordinator)
    too_large = "99999999999999999999"

    response = client.get("/admin/reports/site-history/", {"user": too_large})

    message = translated("ar", "Select a valid choice. %(value)s is not one of the available choices.")
    assert response.status_code == 200
    assert message % {"value": too_large} in readable_text(response)
    assert network.b.news.title in readable_text(response)  # the report, unfiltered
