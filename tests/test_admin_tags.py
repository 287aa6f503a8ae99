"""Tags: all members share taggit's one table, yet a member's staff are offered only the tags of
what they work on, in the media listings' "Tag" filters, the image chooser and the tag fields'
autocomplete; coordinators are offered every member's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import login_to_admin, upload_image
from tests.test_admin_listings import network, readable_text  # noqa: F401 (the fixture)

A_TAG, B_TAG = "Tourism of Agadir", "Tetouan festival"
A_DOCUMENT_TAG, B_DOCUMENT_TAG = "Town council of Agadir", "Tetouan archives"


@pytest.fixture
def tagged(network, db):  # noqa: F811 (tagged inside the test's savepoint)
    network.a.image.tags.add(A_TAG)
    network.b.image.tags.add(B_TAG)
    network.a.document.tags.add(A_DOCUMENT_TAG)
    network.b.document.tags.add(B_DOCUMENT_TAG)
    return network


def shown(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return readable_text(response)


def suggested(client, url: str) -> list[str]:
    response = client.get(url, {"term": "t"})
    assert response.status_code == 200, (url, response.status_code)
    return response.json()


AUTOCOMPLETES = ("/admin/tag-autocomplete/", "/admin/tag-autocomplete/taggit/tag/")


def test_staff_are_offered_only_their_own_tags(client, tagged, db):
    login_to_admin(client, tagged.staff_of_a)

    images = shown(client, "/admin/images/")
    documents = shown(client, "/admin/documents/")
    chooser = shown(client, "/admin/images/chooser/")
    suggestions = {url: suggested(client, url) for url in AUTOCOMPLETES}

    assert A_TAG in images and B_TAG not in images
    assert A_DOCUMENT_TAG in documents and B_DOCUMENT_TAG not in documents
    assert A_TAG in chooser and B_TAG not in chooser
    assert suggestions == {url: [A_TAG, A_DOCUMENT_TAG] for url in AUTOCOMPLETES}


def test_coordinators_are_offered_every_members_tags(client, tagged, db):
    login_to_admin(client, tagged.coordinator)

    images = shown(client, "/admin/images/")
    documents = shown(client, "/admin/documents/")
    chooser = shown(client, "/admin/images/chooser/")
    suggestions = {url: suggested(client, url) for url in AUTOCOMPLETES}

    assert A_TAG in images and B_TAG in images
    assert A_DOCUMENT_TAG in documents and B_DOCUMENT_TAG in documents
    assert A_TAG in chooser and B_TAG in chooser
    assert suggestions == {url: [B_DOCUMENT_TAG, B_TAG, A_TAG, A_DOCUMENT_TAG] for url in AUTOCOMPLETES}


def test_staff_without_tags_of_their_own_get_no_tag_filter(client, network, db):  # noqa: F811
    network.b.image.tags.add(B_TAG)
    login_to_admin(client, network.staff_of_a)

    images = shown(client, "/admin/images/")

    assert B_TAG not in images
    assert 'name="tag"' not in images


def test_the_listing_filters_images_by_an_own_tag(client, tagged, db):
    login_to_admin(client, tagged.staff_of_a)

    filtered = shown(client, "/admin/images/", tag=A_TAG)

    assert tagged.a.image.title in filtered


def test_a_tag_autocomplete_of_something_that_is_no_tag_is_not_found(client, tagged, db):
    login_to_admin(client, tagged.staff_of_a)

    assert client.get("/admin/tag-autocomplete/wagtailimages/image/", {"term": "t"}).status_code == 404
    assert client.get("/admin/tag-autocomplete/no_app/no_model/", {"term": "t"}).status_code == 404
    assert client.get("/admin/tag-autocomplete/").json() == []  # no term, no suggestion


def test_the_tag_filters_cost_the_same_queries_however_many_tags(client, tagged, db):
    login_to_admin(client, tagged.staff_of_a)
    client.get("/admin/images/")  # caches warmed: content types, the user's permissions

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in ("/admin/images/", "/admin/images/chooser/")}
    for number in range(3):
        upload_image(tagged.a.member, f"Picture {number}").tags.add(f"Theme {number}", A_TAG)
    client.get("/admin/images/")  # the new images' thumbnails made once
    after = {url: queries(url) for url in before}

    assert after == before
