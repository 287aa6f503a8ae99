"""The coordinators' "Members" admin: list, filter, search, join, contact, archive, rejoin."""

import pytest
from django.utils import translation
from wagtail.models import Page

from communes.models import Member, MemberPage, Territory
from communes.services import join_network
from tests.helpers import login_to_admin, translated

INDEX = "/admin/members/"
TIZNIT = "09.581.01.07"  # a commune of Souss-Massa that is not a member in these tests


def listed_members(response) -> set[str]:
    return {member.territory.code for member in response.context["object_list"]}


def test_coordinators_see_members_with_names_in_both_scripts_level_region_status(
        as_coordinator, member_a, member_b):
    response = as_coordinator.get(INDEX)

    assert response.status_code == 200
    html = response.content.decode()
    for territory in (member_a.territory, member_b.territory):
        assert territory.name_ar in html and territory.name_fr in html and territory.code in html
    assert member_a.territory.region.name_ar in html  # Souss-Massa, in the admin's language
    assert listed_members(response) == {member_a.territory.code, member_b.territory.code}
    assert '"url": "/admin/members/"' in as_coordinator.get("/admin/").content.decode()  # the menu


def test_members_filter_by_level_region_and_status_and_search_both_scripts(
        as_coordinator, member_a, member_b):
    souss_massa = Territory.objects.get(code="09")
    region_member = join_network("09")
    member_b.status = Member.Status.ARCHIVED
    member_b.save()

    def codes(**params):
        return listed_members(as_coordinator.get(INDEX, params))

    assert codes(level="region") == {"09"}
    assert codes(region=souss_massa.pk) == {member_a.territory.code, region_member.territory.code}
    assert codes(status="archived") == {member_b.territory.code}
    assert codes(q="أكادير") == codes(q="agadir") == codes(q="AGADIR") == {member_a.territory.code}
    assert codes(q="Tetouan") == {member_b.territory.code}  # without its accent
    assert codes(q="x" * 5000) == set()  # an oversized query is cut, not an error


def test_member_staff_neither_see_nor_open_the_members_admin(client, staff_of_a, member_a, member_b):
    """Their own member's row is refused by the model permissions (back to the dashboard);
    another member's answers 404, like every other object out of their scope."""
    login_to_admin(client, staff_of_a)

    assert '"url": "/admin/members/"' not in client.get("/admin/").content.decode()  # no menu item
    for url in (INDEX, f"{INDEX}new/", f"{INDEX}edit/{member_a.pk}/", f"{INDEX}archive/{member_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin"), url
    for url in (f"{INDEX}edit/{member_b.pk}/", f"{INDEX}archive/{member_b.pk}/"):
        assert client.get(url).status_code == 404, url
    client.post(f"{INDEX}archive/{member_a.pk}/")
    member_a.refresh_from_db()
    assert member_a.is_active


def test_the_admin_is_right_to_left_in_arabic(as_coordinator):
    arabic = as_coordinator.get(INDEX, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    french = as_coordinator.get(INDEX, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="ar" dir="rtl"' in arabic
    assert '<html lang="fr" dir="ltr"' in french


def test_joining_by_hcp_code_creates_the_members_space(as_coordinator):
    response = as_coordinator.post(f"{INDEX}new/", {"code": TIZNIT, "contact_email": "contact@tiznit.ma"})

    assert response.status_code == 302
    member = Member.objects.get(territory__code=TIZNIT)
    assert member.contact_email == "contact@tiznit.ma"
    assert MemberPage.objects.filter(member=member).count() == 4
    messages = [str(m) for m in as_coordinator.get(response["Location"]).context["messages"]]
    assert any(member.territory.name_ar in message for message in messages)


def test_joining_by_choosing_the_collectivity(as_coordinator):
    tiznit = Territory.objects.get(code=TIZNIT)

    as_coordinator.post(f"{INDEX}new/", {"territory": tiznit.pk})

    assert Member.objects.filter(territory=tiznit, status=Member.Status.ACTIVE).exists()


def test_joining_an_existing_member_again_changes_nothing(as_coordinator, member_a):
    pages = Page.objects.count()

    response = as_coordinator.post(f"{INDEX}new/", {"code": member_a.territory.code}, follow=True)

    assert Member.objects.filter(territory=member_a.territory).count() == 1
    assert Page.objects.count() == pages
    # The message, then Wagtail's button to edit the member.
    assert [str(m).split("\n")[0] for m in response.context["messages"]] == [translated(
        "ar", "%(name)s was already a member: its space is complete.", name=member_a.territory.name_ar)]


@pytest.mark.parametrize(("code", "message"), [
    ("99.999.99.99", "Unknown code"),
    ("06.141.01.00", "prefecture of arrondissements"),
    ("", "Give the collectivity"),
])
def test_a_code_that_cannot_join_gets_its_message_next_to_the_field_and_creates_nothing(
        as_coordinator, code, message):
    members, pages = Member.objects.count(), Page.objects.count()

    with translation.override("en"):
        response = as_coordinator.post(f"{INDEX}new/", {"code": code}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["code"])
    assert (Member.objects.count(), Page.objects.count()) == (members, pages)


def test_the_territory_chooser_finds_collectivities_that_can_join(as_coordinator, member_a):
    found = as_coordinator.get("/admin/territory_chooser/results/", {"q": "tizn"}).content.decode()
    member = as_coordinator.get("/admin/territory_chooser/results/", {"q": "agadir"}).content.decode()
    prefecture = as_coordinator.get("/admin/territory_chooser/results/", {"q": "Anfa"}).content.decode()

    assert "Tiznit" in found and TIZNIT in found
    assert member_a.territory.code not in member  # already an active member
    assert "06.141.01.00" not in prefecture  # cannot join


def test_editing_a_members_contact(as_coordinator, member_a):
    response = as_coordinator.post(f"{INDEX}edit/{member_a.pk}/", {
        "contact_email": "open@agadir.ma", "contact_phone": "+212 528 00 00 00",
    })

    assert response.status_code == 302
    member_a.refresh_from_db()
    assert (member_a.contact_email, member_a.contact_phone) == ("open@agadir.ma", "+212 528 00 00 00")


def test_archiving_asks_for_confirmation_then_takes_the_member_out_and_rejoining_brings_it_back(
        as_coordinator, member_a):
    confirmation = as_coordinator.get(f"{INDEX}archive/{member_a.pk}/")
    assert confirmation.status_code == 200
    member_a.refresh_from_db()
    assert member_a.is_active  # nothing happens on GET

    as_coordinator.post(f"{INDEX}archive/{member_a.pk}/")

    member_a.refresh_from_db()
    assert member_a.status == Member.Status.ARCHIVED
    assert not MemberPage.objects.filter(member=member_a).live().exists()
    assert Member.objects.filter(pk=member_a.pk).exists()

    as_coordinator.post(f"{INDEX}rejoin/{member_a.pk}/")

    member_a.refresh_from_db()
    assert member_a.is_active
    assert MemberPage.objects.filter(member=member_a).live().count() == 4


def test_members_are_never_deleted_from_the_admin(as_coordinator, member_a):
    response = as_coordinator.post(f"{INDEX}delete/{member_a.pk}/")

    assert Member.objects.filter(pk=member_a.pk).exists()
    assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
