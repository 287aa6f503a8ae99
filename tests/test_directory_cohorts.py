"""The members directory's cohort filter: members of a cohort, members in none, each member's
cohort shown in the list, bad input, and a query count that does not grow."""

from datetime import date

import pytest

from cohorts.models import CohortMembership
from cohorts.services import admit, withdraw
from communes.services import join_network

pytestmark = pytest.mark.django_db


def _codes(response) -> set[str]:
    return {member.territory.code for member, _page in response.context["rows"]}


def test_directory_filters_by_cohort_and_by_no_cohort(client, cohort, cycle_a, member_b):
    join_network("09")
    assert _codes(client.get("/fr/members/?cohort=7")) == {"09.001.01.01"}
    assert _codes(client.get("/fr/members/?cohort=none")) == {"01.571.01.11", "09"}
    assert _codes(client.get("/fr/members/?cohort=7&level=region")) == set()
    assert len(_codes(client.get("/fr/members/"))) == 3


def test_a_withdrawn_member_is_no_longer_in_its_cohort(client, cohort, cycle_a):
    withdraw(CohortMembership.objects.get(territory__code="09.001.01.01"))
    assert _codes(client.get("/fr/members/?cohort=7")) == set()
    assert _codes(client.get("/fr/members/?cohort=none")) == {"09.001.01.01"}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_each_member_shows_its_cohort_and_the_filter_lists_every_cohort(client, cohort, cycle_a, member_b, language):
    from cohorts.models import Cohort

    Cohort.objects.create(number=90, intake_year=2026, is_demo=True)
    response = client.get(f"/{language}/members/")
    html = response.content.decode()
    rows = {member.territory.code: member for member, _page in response.context["rows"]}
    assert [tag.text for tag in rows["09.001.01.01"].row_tags] == [str(cohort)]
    assert rows["01.571.01.11"].row_tags == []
    assert '<span class="member-item__cohort"><bdi>Test cohort</bdi></span>' in html
    assert html.count("member-item__cohort") == 1
    choices = dict(response.context["form"].fields["cohort"].choices)
    assert list(choices)[1:] == ["7", "90", "none"]
    assert choices["7"] == "Test cohort (2030)"
    assert '<select name="cohort"' in html and 'for="id_cohort"' in html


@pytest.mark.parametrize("query", ["cohort=8", "cohort=abc", "cohort=" + "9" * 30])
def test_an_unknown_cohort_gets_a_message_and_keeps_the_list(client, cohort, cycle_a, member_b, query):
    response = client.get(f"/fr/members/?{query}")
    assert response.status_code == 200
    assert "cohort" in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert len(response.context["rows"]) == 2


def _query_count(client, django_assert_max_num_queries, url):
    client.get(url)
    with django_assert_max_num_queries(40) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/ar/members/", "/fr/members/?cohort=7", "/fr/members/?cohort=none"])
def test_directory_query_count_does_not_grow_with_cohort_members(client, django_assert_max_num_queries, cohort, url):
    for code in ["09.001.01.01", "01"]:
        admit(cohort, code, joined_on=date(2030, 1, 15))
    join_network("02")
    small = _query_count(client, django_assert_max_num_queries, url)
    for code in ["09", "01.571.01.11", "05", "07.211.01.05"]:
        admit(cohort, code, joined_on=date(2030, 1, 15))
    for code in ["08.587", "03.451"]:
        join_network(code)
    large = _query_count(client, django_assert_max_num_queries, url)
    assert large == small, f"{url}: {small} queries, then {large} with more members in the cohort"
