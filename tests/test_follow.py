"""Following a member: a POST button for logged-in people, its purpose said beside it (law 09-08),
stopped with one click, protected by CSRF and a rate limit."""

import pytest
from django.test import Client

from communes.models import Follow
from communes.views import FOLLOW_RATE_LIMITS
from tests.helpers import translated

PURPOSE = "We e-mail you when its phases open and close. Stop at any time."


def follow(client, member, next_url=None, action="follow"):
    return client.post(f"/accounts/{action}/{member.pk}/?lang=en", {"next": next_url or member.page_in("en").url})


def test_follow__a_resident_follows_then_stops_and_returns_to_the_page(client, resident, member_a):
    client.force_login(resident)
    page_url = member_a.page_in("fr").url
    response = follow(client, member_a, page_url)
    assert response.status_code == 302 and response["Location"] == page_url
    assert Follow.objects.filter(user=resident, member=member_a).count() == 1
    follow(client, member_a, page_url)  # twice: still one follow
    assert Follow.objects.filter(user=resident, member=member_a).count() == 1
    html = client.get(page_url).content.decode()
    assert translated("fr", "Stop following") in html and f'action="/accounts/unfollow/{member_a.pk}/?lang=fr"' in html
    # The confirmation message:
    assert translated("fr", "You follow this member: we e-mail you when its phases open and close.") in html
    follow(client, member_a, page_url, action="unfollow")
    assert not Follow.objects.filter(user=resident, member=member_a).exists()
    assert translated("fr", "Follow this member") in client.get(page_url).content.decode()


def test_follow__the_button_says_what_it_is_for(client, resident, member_a):
    page_url = member_a.page_in("en").url
    anonymous = client.get(page_url).content.decode()
    assert "Follow this member" in anonymous and PURPOSE in anonymous
    assert "/accounts/login/?next=" in anonymous  # log in first, then back to the page
    client.force_login(resident)
    html = client.get(page_url).content.decode()
    assert f'action="/accounts/follow/{member_a.pk}/?lang=en"' in html and PURPOSE in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_follow__someone_not_logged_in_is_sent_to_log_in_and_nothing_is_kept(client, member_a):
    response = follow(client, member_a)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert member_a.page_in("en").url.replace("/", "%2F") in response["Location"]
    assert not Follow.objects.exists()


def test_follow__only_by_post_with_a_csrf_token(resident, member_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.get(f"/accounts/follow/{member_a.pk}/").status_code == 405
    assert client.post(f"/accounts/follow/{member_a.pk}/").status_code == 403
    assert not Follow.objects.exists()


def test_follow__an_unknown_or_archived_member_is_not_found(client, resident, member_a):
    client.force_login(resident)
    assert client.post("/accounts/follow/999999/").status_code == 404
    member_a.status = member_a.Status.ARCHIVED
    member_a.save(update_fields=["status"])
    assert client.post(f"/accounts/follow/{member_a.pk}/").status_code == 404
    assert not Follow.objects.exists()


def test_follow__returns_only_to_an_address_of_this_site(client, resident, member_a):
    client.force_login(resident)
    response = follow(client, member_a, "https://evil.example.com/")
    assert response["Location"] == member_a.page_in("en").url


def test_follow__too_many_posts_get_the_rate_limit_page(client, resident, member_a, member_b):
    client.force_login(resident)
    per_person = int(FOLLOW_RATE_LIMITS["follow"].split(",")[0].split("/")[0])
    statuses = [follow(client, member_a if i % 2 else member_b, "/", "follow" if i % 4 < 2 else "unfollow").status_code
                for i in range(per_person + 1)]
    assert statuses[:-1] == [302] * per_person
    assert statuses[-1] == 429
    page = follow(client, member_a)
    assert page.status_code == 429 and "429.html" in [t.name for t in page.templates]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_follow__the_message_is_in_the_visitors_language(client, resident, member_a, language):
    client.force_login(resident)
    response = client.post(f"/accounts/follow/{member_a.pk}/?lang={language}",
                           {"next": member_a.page_in(language).url}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    name = member_a.territory.name_ar if language == "ar" else member_a.territory.name_fr
    assert name in "".join(str(m) for m in response.context["messages"])
