"""Joining and leaving the network (communes.services): one transaction, idempotent, nothing lost."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from communes.extensions import member_sections
from communes.models import Member, MemberPage, NewsIndexPage, NewsPage
from communes.services import JoinError, join_network, leave_network
from tests.helpers import login_to_admin, upload_document, upload_image

AGADIR = "09.001.01.01"
LANGUAGES = {"ar", "fr", "zgh", "en"}


def footprint(*, rights: bool = True) -> dict[str, int]:
    """Row counts of everything joining creates (the rights aside, if asked)."""
    counts = {
        "members": Member.objects.count(), "pages": Page.objects.count(), "groups": Group.objects.count(),
        "collections": Collection.objects.count(), "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }
    if rights:
        counts["page permissions"] = GroupPagePermission.objects.count()
        counts["collection permissions"] = GroupCollectionPermission.objects.count()
    return counts


def test_joining_builds_the_members_space_in_every_language(db):
    member = join_network(AGADIR)

    pages = MemberPage.objects.filter(member=member).select_related("locale")
    assert {page.locale.language_code for page in pages} == LANGUAGES
    assert len({page.translation_key for page in pages}) == 1
    for page in pages:
        assert page.live
        assert page.get_children().count() == len(member_sections())
        assert set(GroupPagePermission.objects.filter(page=page).values_list("group_id", flat=True)) == {
            member.staff_group_id}
    assert member.staff_group and member.moderator_group and member.collection
    assert GroupCollectionPermission.objects.filter(group=member.staff_group, collection=member.collection).count() == 8
    assert member.staff_group.permissions.filter(codename="access_admin").exists()


def test_joining_twice_changes_nothing(db):
    member = join_network(AGADIR)
    before = footprint()

    again = join_network(AGADIR)

    assert again.pk == member.pk
    assert footprint() == before


def test_joining_completes_a_space_missing_a_section(db):
    member = join_network(AGADIR)
    NewsIndexPage.objects.child_of(member.page_in("fr")).get().delete()

    join_network(AGADIR)

    assert NewsIndexPage.objects.child_of(member.page_in("fr")).count() == 1


@pytest.mark.parametrize(("code", "reason"), [
    ("99.999.99.99", "Unknown code"),
    ("06.141.01.00", "prefecture of arrondissements"),  # Casablanca-Anfa: reference data only
    ("", "Unknown code"),
])
def test_a_code_that_cannot_join_gets_a_clear_error_and_creates_nothing(db, code, reason):
    before = footprint()

    with translation.override("en"), pytest.raises(JoinError, match=reason):
        join_network(code)

    assert footprint() == before


def test_leaving_archives_takes_pages_offline_revokes_rights_and_deletes_nothing(client, db):
    member = join_network(AGADIR)
    news_index = NewsIndexPage.objects.child_of(member.page_in("ar")).get()
    news = news_index.add_child(instance=NewsPage(title="Council meeting", slug="council"))
    news.save_revision().publish()
    image, document = upload_image(member, "Town hall"), upload_document(member, "Minutes")
    staff = Group.objects.get(pk=member.staff_group_id).user_set.create(email="staff@example.org")
    before = footprint(rights=False)

    leave_network(member)

    member.refresh_from_db()
    assert member.status == Member.Status.ARCHIVED and member.archived_on is not None
    subtree = Page.objects.filter(path__startswith=member.page_in("ar").path)
    assert not subtree.live().exists()
    assert not MemberPage.objects.filter(member=member).live().exists()
    assert not GroupPagePermission.objects.filter(group=member.staff_group).exists()
    assert not GroupCollectionPermission.objects.filter(group=member.staff_group).exists()
    assert not staff.has_perm("wagtailadmin.access_admin")
    assert footprint(rights=False) == before  # nothing deleted
    image.refresh_from_db(), document.refresh_from_db()
    assert image.collection_id == document.collection_id == member.collection_id
    assert client.get(news.url).status_code == 404


def test_staff_of_an_archived_member_are_kept_out_of_the_admin(client, staff_of_a, member_a):
    leave_network(member_a)
    login_to_admin(client, staff_of_a)

    response = client.get("/admin/pages/")

    assert response.status_code == 302 and not response["Location"].startswith("/admin/")


def test_joining_again_restores_what_leaving_took_offline(client, db):
    member = join_network(AGADIR)
    news_index = NewsIndexPage.objects.child_of(member.page_in("ar")).get()
    published = news_index.add_child(instance=NewsPage(title="Published", slug="published"))
    published.save_revision().publish()
    draft = news_index.add_child(instance=NewsPage(title="Never published", slug="draft", live=False))
    withdrawn = news_index.add_child(instance=NewsPage(title="Withdrawn by staff", slug="withdrawn"))
    withdrawn.save_revision().publish()
    withdrawn.unpublish()
    leave_network(member)

    again = join_network(AGADIR)

    assert again.pk == member.pk and again.status == Member.Status.ACTIVE and again.archived_on is None
    assert MemberPage.objects.filter(member=member).live().count() == len(LANGUAGES)
    assert all(page.get_children().live().count() == len(member_sections())
               for page in MemberPage.objects.filter(member=member))
    assert Page.objects.get(pk=published.pk).live
    assert not Page.objects.get(pk=draft.pk).live  # what staff had not published stays so
    assert not Page.objects.get(pk=withdrawn.pk).live
    assert GroupPagePermission.objects.filter(group=member.staff_group).count() == 4 * 5
    assert member.staff_group.permissions.filter(codename="access_admin").exists()
    assert client.get(Page.objects.get(pk=published.pk).url).status_code == 200


def test_leaving_twice_changes_nothing(db):
    member = join_network(AGADIR)
    leave_network(member)
    member.refresh_from_db()
    archived_on, before = member.archived_on, footprint()

    leave_network(member)

    member.refresh_from_db()
    assert member.archived_on == archived_on and footprint() == before
