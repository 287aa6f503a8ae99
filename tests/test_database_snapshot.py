"""The test database's snapshot puts back what a transactional test's flush takes away."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page, Site

from communes.models import Territory
from communes.roles import COORDINATORS
from communes.services import join_network
from tests.database_snapshot import restore_snapshot, take_snapshot
from website.models import HomePage


def skeleton() -> dict[str, object]:
    return {
        "territories": Territory.objects.count(),
        "pages": sorted(Page.objects.values_list("path", "url_path")),
        "site_root": Site.objects.get(is_default_site=True).root_page.url_path,
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "collections": Collection.objects.count(),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_restore_snapshot__brings_back_the_skeleton_and_territories_after_a_flush():
    before = skeleton()
    snapshot = take_snapshot()

    call_command("flush", interactive=False, verbosity=0, reset_sequences=True)
    assert Territory.objects.count() == 0 and not Page.objects.exists()

    restore_snapshot(snapshot)

    assert skeleton() == before
    assert before["territories"] == 1598
    assert COORDINATORS in before["groups"]
    assert HomePage.objects.live().count() == 4


@pytest.mark.django_db(transaction=True)
def test_restore_snapshot__new_rows_get_fresh_ids_even_after_sequences_were_reset():
    snapshot = take_snapshot()
    call_command("flush", interactive=False, verbosity=0, reset_sequences=True)
    restore_snapshot(snapshot)

    highest_page_id = Page.objects.order_by("-pk").values_list("pk", flat=True).first()

    member = join_network("09.001.01.01")  # pages, group, collection: new rows in many tables

    assert member.pages.count() == 4
    assert min(member.pages.values_list("pk", flat=True)) > highest_page_id
