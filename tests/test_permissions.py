"""Who may do what in the admin: the permission matrix of the Foundation issue.

Staff of member A cannot list, open, edit, publish, copy, move or delete B's pages, nor choose or
open B's images and documents: each URL answers 404, or B's object is simply not listed. The same
URLs on A's own objects work (so the 404s are not a broken admin), and a coordinator reaches
them on every member. A resident never reaches the admin.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from wagtail.models import Locale, Page

from communes import scope
from communes.middleware import KWARG_CHECKS, PK_NAMESPACE_CHECKS
from communes.models import Member, MemberPage, NewsIndexPage, NewsPage
from tests.helpers import login_to_admin, make_user, upload_document, upload_image

LANGUAGES = ("ar", "fr", "zgh", "en")


@dataclass
class Space:
    """A member's objects that the admin URLs name."""

    member: Member
    page: MemberPage
    news_index: NewsIndexPage
    news: NewsPage
    image: object
    document: object
    task_state: object
    translation: object


def build_space(member: Member) -> Space:
    from wagtail_localize.models import Translation, TranslationSource

    page = member.page_in("ar")
    news_index = NewsIndexPage.objects.child_of(page).get()
    news = news_index.add_child(instance=NewsPage(title=f"News of {member.territory.name_fr}", slug="news-1"))
    news.save_revision().publish()
    news.save_revision()  # a draft after the published revision, for the comparison URLs
    page.save_revision()  # a workflow task state points to the revision under review
    workflow_state = page.get_workflow().start(page, user=None)
    source, _created = TranslationSource.get_or_create_from_instance(news)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="fr"))
    translation.save_target(publish=True)  # the French copy, as wagtail-localize makes it
    return Space(
        member=member, page=page, news_index=news_index, news=news,
        image=upload_image(member, f"Photo of {member.territory.name_fr}"),
        document=upload_document(member, f"Minutes of {member.territory.name_fr}"),
        task_state=workflow_state.current_task_state, translation=translation,
    )


@dataclass
class Network:
    a: Space
    b: Space
    staff_of_a: object
    coordinator: object
    resident: object


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """Agadir (A) and Tétouan (B) with their objects, and people in roles.

    Built once for the module inside a transaction that is rolled back at its end; each test
    runs in a savepoint of it (pytest-django's `db`), so what a test changes is undone.
    """
    from django.contrib.auth.models import Group
    from django.db import transaction

    from communes.roles import COORDINATORS
    from communes.services import join_network

    with django_db_blocker.unblock(), transaction.atomic():
        member_a, member_b = join_network("09.001.01.01"), join_network("01.571.01.11")
        yield Network(
            a=build_space(member_a), b=build_space(member_b),
            staff_of_a=make_user("staff.a@example.org", groups=[member_a.staff_group]),
            coordinator=make_user("coordinator@example.org", groups=[Group.objects.get(name=COORDINATORS)]),
            resident=make_user("resident@example.org"),
        )
        transaction.set_rollback(True)


@pytest.fixture
def space_a(network, db):
    return network.a


@pytest.fixture
def space_b(network, db):
    return network.b


@pytest.fixture
def staff_of_a(network, db):
    return network.staff_of_a


@pytest.fixture
def coordinator(network, db):
    return network.coordinator


@pytest.fixture
def resident(network, db):
    return network.resident


@dataclass
class Case:
    """One way into the admin that names another member's object.

    `url(target, mine)`: `target` is the member whose object is named, `mine` the acting user's.
    """

    name: str
    url: object
    method: str = "get"
    data: dict | None = None
    group: str = "pages"
    # What "refused" looks like: 404, except where Wagtail already answers as for a page that
    # does not exist (the admin API's `child_of`: 400 "parent page doesn't exist").
    denied: tuple = (404,)
    # A Wagtail permission that no role of the Foundation holds yet: coordinators are refused by
    # Wagtail itself (not by the scoping) until the issue that needs it grants it.
    needs: str = ""


# Every way in, by object: open, edit, publish, copy, move, delete, choose, and the rest.
CASES = [
    # Pages: reading
    Case("explore", lambda t, m: f"/admin/pages/{t.page.pk}/"),
    Case("explore results", lambda t, m: f"/admin/pages/{t.news_index.pk}/results/"),
    Case("edit", lambda t, m: f"/admin/pages/{t.news.pk}/edit/"),
    Case("preview", lambda t, m: f"/admin/pages/{t.news.pk}/edit/preview/"),
    Case("view draft", lambda t, m: f"/admin/pages/{t.news.pk}/view_draft/"),
    Case("history", lambda t, m: f"/admin/pages/{t.news.pk}/history/"),
    Case("revisions", lambda t, m: f"/admin/pages/{t.news.pk}/revisions/"),
    Case("revision view",
         lambda t, m: f"/admin/pages/{t.news.pk}/revisions/{t.news.latest_revision_id}/view/"),
    Case("revisions compare", lambda t, m: f"/admin/pages/{t.news.pk}/revisions/compare/earliest...latest/"),
    Case("usage", lambda t, m: f"/admin/pages/{t.news.pk}/usage/"),
    Case("privacy", lambda t, m: f"/admin/pages/{t.news.pk}/privacy/"),
    Case("workflow history", lambda t, m: f"/admin/pages/{t.page.pk}/workflow_history/"),
    Case("page chooser", lambda t, m: f"/admin/choose-page/{t.news_index.pk}/"),
    Case("page chosen", lambda t, m: f"/admin/choose-page/chosen-multiple/?id={t.news.pk}"),
    Case("admin API page", lambda t, m: f"/admin/api/main/pages/{t.news.pk}/"),
    Case("admin API children", lambda t, m: f"/admin/api/main/pages/?child_of={t.news_index.pk}",
         denied=(400,)),
    Case("translation file", lambda t, m: f"/admin/localize/translate/{t.translation.pk}/pofile/download/"),
    # Pages: acting (the deletion last: it takes the page away)
    Case("add subpage", lambda t, m: f"/admin/pages/{t.news_index.pk}/add_subpage/", group="actions"),
    Case("add page", lambda t, m: f"/admin/pages/add/communes/newspage/{t.news_index.pk}/", group="actions"),
    Case("publish", lambda t, m: f"/admin/pages/{t.news.pk}/edit/", "post",
         {"title": "Changed", "slug": "news-1", "date": "2026-01-01", "body-count": "0",
          "action-publish": "action-publish"}, group="actions"),
    Case("unpublish", lambda t, m: f"/admin/pages/{t.news.pk}/unpublish/", group="actions"),
    Case("copy", lambda t, m: f"/admin/pages/{t.news.pk}/copy/", group="actions"),
    Case("move", lambda t, m: f"/admin/pages/{t.news.pk}/move/", group="actions"),
    Case("move into", lambda t, m: f"/admin/pages/{m.news.pk}/move/{t.news_index.pk}/confirm/",
         group="actions"),
    Case("lock", lambda t, m: f"/admin/pages/{t.news.pk}/lock/", "post", {}, group="actions"),
    Case("workflow action (its task, my page)",
         lambda t, m: f"/admin/pages/workflow/action/{m.page.pk}/approve/{t.task_state.pk}/", group="actions",
         needs="membership of the default workflow's Moderators group"),
    Case("translate", lambda t, m: f"/admin/localize/submit/page/{t.news.pk}/", group="actions"),
    Case("translation update", lambda t, m: f"/admin/localize/update/{t.translation.source_id}/",
         group="actions"),
    Case("editing session",
         lambda t, m: f"/admin/editing-sessions/ping/wagtailcore/page/{t.news.pk}/0/", "post", {},
         group="actions"),
    Case("bulk publish", lambda t, m: f"/admin/bulk/wagtailcore/page/publish/?id={t.news.pk}", group="actions"),
    Case("bulk move", lambda t, m: f"/admin/bulk/wagtailcore/page/move/?id={t.news.pk}", group="actions"),
    Case("bulk all", lambda t, m: f"/admin/bulk/wagtailcore/page/unpublish/?id=all&childOf={t.news_index.pk}",
         group="actions"),
    Case("bulk delete", lambda t, m: f"/admin/bulk/wagtailcore/page/delete/?id={t.news.pk}", group="actions"),
    Case("delete", lambda t, m: f"/admin/pages/{t.news.pk}/delete/", group="actions"),
    Case("delete (confirm)", lambda t, m: f"/admin/pages/{t.news.pk}/delete/", "post", {}, group="actions"),
    # Images
    Case("image edit", lambda t, m: f"/admin/images/{t.image.pk}/", group="images"),
    Case("image usage", lambda t, m: f"/admin/images/usage/{t.image.pk}/", group="images"),
    Case("image preview", lambda t, m: f"/admin/images/{t.image.pk}/preview/original/", group="images"),
    Case("image chosen", lambda t, m: f"/admin/images/chooser/chosen/{t.image.pk}/", group="images"),
    Case("image chosen (multiple)", lambda t, m: f"/admin/images/chooser/chosen-multiple/?id={t.image.pk}",
         group="images"),
    Case("image format", lambda t, m: f"/admin/images/chooser/{t.image.pk}/select_format/", group="images"),
    Case("admin API image", lambda t, m: f"/admin/api/main/images/{t.image.pk}/", group="images"),
    Case("image bulk delete", lambda t, m: f"/admin/bulk/wagtailimages/image/delete/?id={t.image.pk}",
         group="images"),
    Case("image delete", lambda t, m: f"/admin/images/{t.image.pk}/delete/", group="images"),
    # Documents
    Case("document edit", lambda t, m: f"/admin/documents/edit/{t.document.pk}/", group="documents"),
    Case("document usage", lambda t, m: f"/admin/documents/usage/{t.document.pk}/", group="documents"),
    Case("document chosen", lambda t, m: f"/admin/documents/chooser/chosen/{t.document.pk}/", group="documents"),
    Case("document chosen (multiple)",
         lambda t, m: f"/admin/documents/chooser/chosen-multiple/?id={t.document.pk}", group="documents"),
    Case("admin API document", lambda t, m: f"/admin/api/main/documents/{t.document.pk}/", group="documents"),
    Case("document bulk delete",
         lambda t, m: f"/admin/bulk/wagtaildocs/document/delete/?id={t.document.pk}", group="documents"),
    Case("document delete", lambda t, m: f"/admin/documents/delete/{t.document.pk}/", group="documents"),
]
GROUPS = ("pages", "actions", "images", "documents")
# The cases where a coordinator's request ends in a redirect: the action done (publish, lock, delete),
# Wagtail's way on (revisions to the history, the only child type to its form), or its refusal of a
# permission still pending; every other case answers 200.
COORDINATORS_REDIRECTED = {"revisions", "add subpage", "publish", "lock", "workflow action (its task, my page)",
                           "delete (confirm)"}


def answers(client, group: str, target: Space, mine: Space) -> dict:
    """Each case of the group, in order, and the response it got."""
    result = {}
    for case in CASES:
        if case.group != group:
            continue
        url = case.url(target, mine)
        response = client.post(url, case.data or {}) if case.method == "post" else client.get(url)
        result[case.name] = response
    return result


def is_denied_by_wagtail(response) -> bool:
    """Wagtail answers a permission it refuses with a redirect to the admin home."""
    return response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")


@pytest.mark.parametrize("group", GROUPS)
def test_staff_get_404_for_another_members_objects(client, staff_of_a, space_a, space_b, group):
    login_to_admin(client, staff_of_a)
    title, live = space_b.news.title, space_b.news.live
    image_id, document_id = space_b.image.pk, space_b.document.pk

    result = answers(client, group, space_b, space_a)

    denied = {case.name: case.denied for case in CASES}
    assert {name: r.status_code for name, r in result.items() if r.status_code not in denied[name]} == {}
    space_b.news.refresh_from_db()
    assert (space_b.news.title, space_b.news.live, space_b.news.locked) == (title, live, False)
    assert space_b.image.__class__.objects.filter(pk=image_id).exists()
    assert space_b.document.__class__.objects.filter(pk=document_id).exists()


@pytest.mark.parametrize("group", GROUPS)
def test_staff_reach_their_own_members_objects(client, staff_of_a, space_a, space_b, group):
    """The control: the same URLs on A's objects are not refused (so the 404s above are scoping,
    not a broken admin)."""
    login_to_admin(client, staff_of_a)

    result = answers(client, group, space_a, space_a)

    assert {name for name, r in result.items() if r.status_code == 404} == set()
    assert {name for name, r in result.items() if r.status_code >= 500} == set()


@pytest.mark.parametrize("group", GROUPS)
def test_coordinators_reach_every_members_objects(client, coordinator, space_a, space_b, group):
    login_to_admin(client, coordinator)

    result = answers(client, group, space_b, space_b)

    pending_permission = {case.name for case in CASES if case.needs}
    assert {name: r.status_code for name, r in result.items()} == {
        name: 302 if name in COORDINATORS_REDIRECTED else 200 for name in result}
    assert {name for name, r in result.items() if is_denied_by_wagtail(r)} - pending_permission == set()


def test_the_matrix_covers_every_admin_url_that_names_an_object():
    """Deny by default: an admin URL that takes an object's id is either scoped by the
    middleware (its argument is mapped to a member) or declared here as not a member's."""
    not_members_objects = {
        # Wagtail's own settings, people and workflows: coordinators' and superusers' business,
        # guarded by model permissions.
        "pk": "viewset objects: scoped when the model has a `member` key (communes.middleware)",
        "revision_id": "always looked up among the revisions of the page named beside it",
        "uploaded_file_id": "a user's own pending upload",
        "session_id": "a user's own editing session",
        "redirect_id": "redirects are site-wide (coordinators)",
        "collection_id": "collections management needs collection permissions staff do not hold",
        "task_id": "a workflow task, not a page",
        "workflow_pk": "a workflow, not a page (the page beside it is checked)",
        "string_segment_id": "a segment of the translation named beside it",
        "overridable_segment_id": "a segment of the translation named beside it",
        "object_id": "editing sessions: scoped by app_label/model_name (communes.middleware)",
    }
    scoped = set(KWARG_CHECKS)
    pending = {}
    for url, kwargs in admin_url_object_kwargs():
        for kwarg in kwargs - scoped - set(not_members_objects):
            pending.setdefault(kwarg, []).append(url)
    assert pending == {}
    assert {"wagtailimages", "wagtaildocs", "wagtailadmin_api:pages"} <= set(PK_NAMESPACE_CHECKS)


def admin_url_object_kwargs():
    """(route, names of its id arguments) for every admin URL."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.pattern
    for route, pattern in walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        converters = getattr(pattern, "converters", {}) or {}
        ids = {name for name, converter in converters.items()
               if name.endswith(("_id", "pk")) or type(converter).__name__ == "IntConverter"}
        ids -= {"app_label", "model_name", "content_type_app_name", "content_type_model_name"}
        if ids:
            yield route, ids


def test_staff_explorer_shows_only_their_members_tree_in_every_language(client, staff_of_a, space_a, space_b):
    login_to_admin(client, staff_of_a)
    for language in LANGUAGES:
        home = Page.objects.get(depth=2, locale__language_code=language)
        response = client.get(f"/admin/pages/{home.pk}/")
        assert response.status_code == 200
        listed = set(response.context["pages"].object_list.values_list("pk", flat=True)) if hasattr(
            response.context["pages"], "object_list") else {page.pk for page in response.context["pages"]}
        assert listed == {space_a.member.page_in(language).pk}, language


def test_coordinators_explorer_lists_every_member(client, coordinator, space_a, space_b):
    login_to_admin(client, coordinator)
    home = Page.objects.get(depth=2, locale__language_code="fr")
    response = client.get(f"/admin/pages/{home.pk}/")
    listed = {page.pk for page in response.context["pages"]}
    assert {space_a.member.page_in("fr").pk, space_b.member.page_in("fr").pk} <= listed


def test_staff_choosers_list_only_their_members_objects(client, staff_of_a, space_a, space_b):
    login_to_admin(client, staff_of_a)
    home = Page.objects.get(depth=2, locale__language_code="ar")

    browse = client.get(f"/admin/choose-page/{home.pk}/")
    search = client.get("/admin/choose-page/search/", {"q": "News"})
    images = client.get("/admin/images/chooser/")
    documents = client.get("/admin/documents/chooser/")

    assert browse.status_code == search.status_code == images.status_code == documents.status_code == 200
    assert space_a.page.title in browse.json()["html"] and space_b.page.title not in browse.json()["html"]
    assert space_a.news.title in search.content.decode()
    assert space_b.news.title not in search.content.decode()
    assert space_a.image.title in images.json()["html"] and space_b.image.title not in images.json()["html"]
    assert space_a.document.title in documents.json()["html"]
    assert space_b.document.title not in documents.json()["html"]


def test_staff_listings_and_admin_api_leave_other_members_out(client, staff_of_a, space_a, space_b):
    login_to_admin(client, staff_of_a)
    pages = client.get("/admin/pages/search/", {"q": "News"}).content.decode()
    images = client.get("/admin/images/").content.decode()
    documents = client.get("/admin/documents/").content.decode()
    api_images = {item["id"] for item in client.get("/admin/api/main/images/").json()["items"]}
    api_documents = {item["id"] for item in client.get("/admin/api/main/documents/").json()["items"]}
    home = Page.objects.get(depth=2, locale__language_code="ar")
    api_pages = {item["id"] for item in client.get(f"/admin/api/main/pages/?child_of={home.pk}").json()["items"]}

    type_use = client.get("/admin/pages/usage/communes/newspage/").content.decode()
    history = client.get("/admin/reports/site-history/").content.decode()

    assert space_a.news.title in pages and space_b.news.title not in pages
    assert space_a.news.title in type_use and space_b.news.title not in type_use
    assert space_a.news.title in history and space_b.news.title not in history
    assert space_a.image.title in images and space_b.image.title not in images
    assert space_a.document.title in documents and space_b.document.title not in documents
    assert api_images == {space_a.image.pk}
    assert api_documents == {space_a.document.pk}
    assert api_pages == {space_a.page.pk}


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/images/", "/admin/members/"])
def test_a_resident_never_reaches_the_admin(client, resident, path):
    client.force_login(resident)
    response = client.get(path)
    assert response.status_code == 302
    assert not response["Location"].startswith("/admin/")
    # And it does not bounce: the site's root sends on to the home page in the default language.
    assert response["Location"] == "/"
    landed = client.get(response["Location"], follow=True)
    assert (landed.redirect_chain, landed.status_code) == ([("/ar/", 302)], 200)


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_scope_by_tree_path_agrees_with_wagtails_explorable_pages(space_a, space_b, staff_of_a, coordinator):
    """The middleware's fast check gives the same answer as Wagtail's own explorable pages."""
    for user in (staff_of_a, coordinator):
        explorable = set(scope.explorable_pages(user).values_list("pk", flat=True))
        for page_id, path in Page.objects.values_list("pk", "path"):
            assert scope.path_in_scope(user, path) == (page_id in explorable), (user, path)


def test_the_staff_dashboard_counts_their_members_pages_not_the_networks(client, staff_of_a, space_a, space_b):
    login_to_admin(client, staff_of_a)
    with translation.override("en"):
        html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    own = scope.own_pages(staff_of_a).count()

    counts = {int(n) for n in re.findall(r"(\d+)\s+Pages?\s*<span", html)}

    assert counts == {own}
    assert own < Page.objects.count() - 1


# A member's skeleton: its page and the four sections joining made.

def meetings_of(space: Space):
    from communes.models import MeetingIndexPage

    return MeetingIndexPage.objects.child_of(space.page).get()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_staff_cannot_delete_their_members_sections_and_are_told_why(client, staff_of_a, space_a):
    meetings = meetings_of(space_a)  # a leaf page: Wagtail alone would let them delete it
    login_to_admin(client, staff_of_a)

    with translation.override("en"):
        shown = client.get(f"/admin/pages/{meetings.pk}/delete/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
        posted = client.post(f"/admin/pages/{meetings.pk}/delete/")
        bulk = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={meetings.pk}", {})

    assert any("only a coordinator can delete it" in message for message in messages_of(shown))
    assert posted.status_code == bulk.status_code == 302
    assert Page.objects.filter(pk=meetings.pk).exists()


def test_staff_cannot_move_or_copy_their_members_skeleton(client, staff_of_a, space_a):
    login_to_admin(client, staff_of_a)
    french_page = space_a.member.page_in("fr")
    Page.objects.filter(pk=space_a.news_index.pk).update(slug="akhbar")  # free under the French page

    with translation.override("en"):
        moved = client.post(f"/admin/pages/{space_a.news_index.pk}/move/{french_page.pk}/confirm/",
                            follow=True, HTTP_ACCEPT_LANGUAGE="en")
        copied = client.post(f"/admin/pages/{space_a.news_index.pk}/copy/", {
            "new_title": "Copy", "new_slug": "copy", "new_parent_page": space_a.page.pk,
        }, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    by_api = client.post(f"/admin/api/main/pages/{meetings_of(space_a).pk}/action/delete/",
                         content_type="application/json", data={})

    assert any("only a coordinator can move it" in message for message in messages_of(moved))
    assert any("is not copied" in message for message in messages_of(copied))
    assert by_api.status_code == 403
    space_a.news_index.refresh_from_db()
    assert space_a.news_index.get_parent().pk == space_a.page.pk
    assert Page.objects.filter(pk=meetings_of(space_a).pk).exists()
    assert NewsIndexPage.objects.child_of(space_a.page).count() == 1


def test_staff_can_still_delete_the_pages_they_write(client, staff_of_a, space_a):
    login_to_admin(client, staff_of_a)

    client.post(f"/admin/pages/{space_a.news.pk}/delete/")

    assert not Page.objects.filter(pk=space_a.news.pk).exists()


def test_coordinators_can_delete_a_section_but_copy_no_member_page(client, coordinator, space_b):
    login_to_admin(client, coordinator)
    meetings = meetings_of(space_b)
    home = space_b.page.get_parent()

    client.post(f"/admin/pages/{space_b.page.pk}/copy/", {
        "new_title": "Twin", "new_slug": "twin", "new_parent_page": home.pk,
    })
    client.post(f"/admin/pages/{meetings.pk}/delete/")

    assert MemberPage.objects.filter(member=space_b.member, locale=space_b.page.locale).count() == 1
    assert not Page.objects.filter(pk=meetings.pk).exists()
