"""Home counts, the members directory (filters, bad input) and the cost of public pages as the
network and its news grow."""

import pytest

from communes.services import join_network

pytestmark = pytest.mark.django_db

REAL_MEMBERS = ["09", "09.001.01.01", "01.571.01.11", "01", "02", "05", "07.211.01.05", "08.587"]


def test_home_counts_members_by_level_and_region(client):
    for code in ["09", "09.001.01.01", "01.571.01.11"]:
        join_network(code)
    response = client.get("/fr/")
    assert response.context["member_total"] == 3
    assert response.context["members_by_level"] == {"region": 1, "commune": 2}
    by_region = {row["code"]: row["members"] for row in response.context["members_by_region"]}
    assert len(by_region) == 12 and by_region["09"] == 2 and by_region["01"] == 1


def test_member_page_shows_its_identity_in_both_scripts(client, member_a):
    for language in ("ar", "fr", "zgh", "en"):
        response = client.get(f"/{language}/agadir/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "أكادير" in html and "Agadir" in html
        assert f'lang="{language}"' in html


def test_directory_filters_by_region_level_and_name_in_either_script(client):
    for code in REAL_MEMBERS:
        join_network(code)
    names = lambda response: [m.territory.code for m, _page in response.context["rows"]]  # noqa: E731
    assert set(names(client.get("/fr/members/?region=09"))) == {"09", "09.001.01.01"}
    assert set(names(client.get("/fr/members/?level=region"))) == {"09", "01", "02", "05"}
    assert names(client.get("/ar/members/?q=أكادير")) == ["09.001.01.01"]
    assert set(names(client.get("/fr/members/?q=TETOUAN"))) == {"01.571.01.11", "01"}  # and its region
    response = client.get("/ar/members/?level=commune")
    assert all(page is not None and page.locale.language_code == "ar" for _m, page in response.context["rows"])


@pytest.mark.parametrize("query", [
    "q=" + "x" * 150, "region=99", "level=village", "page=abc", "page=-3", "page=99999999999",
])
def test_directory_bad_input_gets_a_message_and_keeps_the_list(client, member_a, query):
    response = client.get(f"/fr/members/?{query}")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert len(response.context["rows"]) == 1  # the unfiltered directory stays below the message


def test_directory_refuses_an_oversized_query_string_in_the_visitors_language(client, member_a):
    response = client.get("/fr/members/?q=a&x=" + "y" * 3000)
    assert response.status_code == 400
    assert response.context["refused"]


def test_directory_past_the_last_page_shows_the_last_page(client, member_a):
    response = client.get("/fr/members/?page=40")
    assert response.context["page_obj"].number == 1


def _query_count(client, django_assert_max_num_queries, url):
    """Queries of a page in steady state: after one request has filled Wagtail's caches."""
    client.get(url)
    with django_assert_max_num_queries(40) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/fr/", "/ar/members/", "/fr/agadir/", "/ar/agadir/news/"])
def test_public_page_query_count_does_not_grow_with_members(client, django_assert_max_num_queries, url):
    join_network("09.001.01.01")
    join_network("09")
    small = _query_count(client, django_assert_max_num_queries, url)
    for code in REAL_MEMBERS:
        join_network(code)
    large = _query_count(client, django_assert_max_num_queries, url)
    assert large == small, f"{url}: {small} queries with 2 members, {large} with {len(REAL_MEMBERS)}"


@pytest.mark.parametrize("url", ["/fr/", "/fr/agadir/", "/fr/agadir/news/"])
def test_public_page_query_count_does_not_grow_with_news(client, django_assert_max_num_queries, url):
    from communes.models import NewsIndexPage, NewsPage

    member = join_network("09.001.01.01")
    news_index = NewsIndexPage.objects.child_of(member.page_in("fr")).get()

    def publish(number: int) -> None:
        news_index.add_child(instance=NewsPage(title=f"Nouvelle {number}", slug=f"nouvelle-{number}"))
        news_index.refresh_from_db()

    publish(1)
    one = _query_count(client, django_assert_max_num_queries, url)
    publish(2)
    publish(3)
    three = _query_count(client, django_assert_max_num_queries, url)
    assert three == one, f"{url}: {one} queries with 1 news item, {three} with 3"
