"""Private files stay private: `/media/` serves no document, and an image only as its collection allows.

In the embedded demo `/media/` used to serve every stored file: a document of a member's
restricted collection was readable anonymously at `/media/documents/<name>`.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve
from wagtail.models import CollectionViewRestriction

from tests.helpers import make_user, upload_document, upload_image
from website.media import serve_media


@pytest.fixture
def members_only(member_a):
    """Agadir's collection, open to logged-in people only."""
    return CollectionViewRestriction.objects.create(
        collection=member_a.collection, restriction_type=CollectionViewRestriction.LOGIN)


def media_url(stored_file) -> str:
    return f"/media/{stored_file.name}"


def test_every_media_address_goes_through_the_checked_view_whatever_debug_says():
    for path in ("/media/documents/minutes.pdf", "/media/original_images/a.png", "/media/images/a.width-400.png"):
        assert resolve(path).func is serve_media


def test_a_document_file_is_never_served_from_media(client, member_a, resident):
    public = upload_document(member_a, "Public minutes")
    client.force_login(resident)

    assert client.get(media_url(public.file)).status_code == 404
    assert client.get(public.url).status_code == 200  # Wagtail's checked view serves it


def test_a_document_of_a_restricted_collection_asks_for_a_log_in_everywhere(client, member_a, members_only):
    document = upload_document(member_a, "Minutes, members only")

    assert client.get(media_url(document.file)).status_code == 404
    assert client.get(document.url)["Location"].startswith("/accounts/login/")


def test_a_public_image_and_its_renditions_are_served(client, member_a):
    image = upload_image(member_a, "Town hall")
    rendition = image.get_rendition("width-4")

    original = client.get(media_url(image.file))
    resized = client.get(rendition.url)

    assert original.status_code == resized.status_code == 200
    assert b"".join(original.streaming_content).startswith(b"\x89PNG")
    assert original["Cache-Control"] == "public, max-age=86400"


def test_an_image_of_a_restricted_collection_is_not_found_by_anonymous_visitors(client, member_a, members_only):
    image = upload_image(member_a, "Council session, members only")
    rendition = image.get_rendition("width-4")

    assert client.get(media_url(image.file)).status_code == 404
    assert client.get(rendition.url).status_code == 404

    client.force_login(make_user("reader@example.org"))
    shown = client.get(rendition.url)
    assert shown.status_code == 200
    assert shown["Cache-Control"] == "private, no-store"


def test_an_image_restricted_to_groups_is_shown_to_those_groups_only(client, member_a):
    restriction = CollectionViewRestriction.objects.create(
        collection=member_a.collection, restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.add(member_a.staff_group)
    image = upload_image(member_a, "Staff only")

    client.force_login(make_user("resident2@example.org"))
    assert client.get(media_url(image.file)).status_code == 404
    client.force_login(make_user("staff2@example.org", groups=[member_a.staff_group]))
    assert client.get(media_url(image.file)).status_code == 200
    assert Group.objects.filter(pk=member_a.staff_group.pk).exists()


@pytest.mark.parametrize("path", ["/media/unknown.png", "/media/../var/remacto.sqlite3", "/media/%00.png",
                                  "/media/original_images/"])
def test_anything_else_under_media_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_media_answers_reads_only(client, member_a):
    image = upload_image(member_a, "Town hall")
    assert client.post(media_url(image.file)).status_code == 405


def test_an_image_costs_two_queries_however_many_images_exist(client, member_a, django_assert_num_queries):
    """The file's row with its image and collection, then the collection's restrictions."""
    images = [upload_image(member_a, f"Photo {n}") for n in range(3)]
    renditions = [image.get_rendition("width-4") for image in images]

    for stored in (images[0].file, renditions[0].file, renditions[-1].file):
        with django_assert_num_queries(2):
            assert client.get(media_url(stored)).status_code == 200
