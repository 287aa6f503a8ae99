"""The open-data API: every collectivity and every member, filterable, with clear errors."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    return response.status_code, response.json()


@pytest.mark.parametrize("level, count", [("region", 12), ("province", 75), ("commune", 1503),
                                          ("arrondissements_prefecture", 8)])
def test_territories_report_each_level_with_its_total_count(client, level, count):
    status, body = _get(client, f"/api/v2/territories/?level={level}")
    assert status == 200
    assert body["meta"]["total_count"] == count


def test_territories_filter_by_region_and_province(client):
    _status, body = _get(client, "/api/v2/territories/?level=province&region=09")
    assert body["meta"]["total_count"] == 6
    _status, body = _get(client, "/api/v2/territories/?province=09.001&limit=100")
    codes = {item["code"] for item in body["items"]}
    assert "09.001.01.01" in codes and all(code.startswith("09.001.") for code in codes)


@pytest.mark.parametrize("query", ["أكادير", "اكادير", "agadir", "AGADIR", "Agâdir"])
def test_territories_search_by_name_in_either_script(client, query):
    _status, body = _get(client, f"/api/v2/territories/?search={query}&level=commune")
    names = [item["name_fr"] for item in body["items"]]
    assert names == ["Agadir", "Agadir Melloul"]


def test_a_territory_detail_has_its_hierarchy_and_figures(client):
    _status, listing = _get(client, "/api/v2/territories/?search=agadir&level=commune")
    _status, body = _get(client, urlsplit(listing["items"][0]["meta"]["detail_url"]).path)
    assert body["region_code"] == "09" and body["province_code"] == "09.001"
    assert body["urban"] is True and body["is_member"] is False
    assert body["population_2024"] > 0 and body["latitude"]


@pytest.mark.parametrize("query, message", [
    ("level=town", "level must be one of"),
    ("colour=blue", "query parameter is not an operation or a recognised filter: colour"),
    ("limit=abc", "limit must be a positive integer"),
    ("search=" + "x" * 101, "search is longer than 100 characters"),
    ("level=region&level=commune", "given more than once"),
    ("locale=xx", "locale must be one of"),
    ("search=" + "y" * 2100, "query string longer than 2000 characters"),
])
def test_bad_queries_get_a_json_message_not_an_error_page(client, query, message):
    status, body = _get(client, f"/api/v2/territories/?{query}")
    assert status == 400
    assert message in body["message"]


def test_unknown_api_addresses_answer_json_404(client):
    response = client.get("/api/v2/territories/999999/")
    assert response.status_code == 404 and response.json()["message"]


def test_members_lists_active_members_with_their_page_in_the_requested_language(client, member_a, member_b):
    from communes.services import leave_network

    leave_network(member_b)
    _status, body = _get(client, "/api/v2/members/?locale=fr")
    assert body["meta"]["total_count"] == 1
    item = body["items"][0]
    assert item["code"] == "09.001.01.01"
    assert item["html_url"].endswith("/fr/agadir/")
    _status, body = _get(client, "/api/v2/territories/?member=true")
    assert [i["code"] for i in body["items"]] == ["09.001.01.01"]


def test_member_listing_query_count_does_not_grow_with_members(client, django_assert_max_num_queries):
    from communes.services import join_network

    codes = ["09.001.01.01", "01.571.01.11", "09", "01", "02"]
    join_network(codes[0])
    client.get("/api/v2/members/?locale=ar")  # warm: Wagtail caches its site root paths
    with django_assert_max_num_queries(8) as small:
        client.get("/api/v2/members/?locale=ar")
    for code in codes[1:]:
        join_network(code)
    client.get("/api/v2/members/?locale=ar")
    with django_assert_max_num_queries(8) as large:
        client.get("/api/v2/members/?locale=ar")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_url_is_on_the_address_the_request_came_to(client, member_a, cohort):
    for host in ("data.example.ma:8443", "127.0.0.1:9000"):
        for listing in ("territories/?level=region", "members/", "cohorts/"):
            body = client.get(f"/api/v2/{listing}", HTTP_HOST=host).json()
            assert body["items"], listing
            for item in body["items"]:
                assert urlsplit(item["meta"]["detail_url"]).netloc == host
        territory = body_of_first(client, host)
        found = client.get(f"/api/v2/territories/find/?id={territory}&locale=fr", HTTP_HOST=host)
        assert found.status_code == 302
        assert found["Location"] == f"http://{host}/api/v2/territories/{territory}/?locale=fr"


def body_of_first(client, host) -> int:
    return client.get("/api/v2/territories/?limit=1", HTTP_HOST=host).json()["items"][0]["id"]


def test_detail_url_starts_with_wagtailapi_base_url_where_it_is_set(client, settings, member_a):
    settings.WAGTAILAPI_BASE_URL = "https://open.example.ma/ignored/path"
    body = client.get("/api/v2/members/", HTTP_HOST="internal:8000").json()
    item = body["items"][0]
    assert item["meta"]["detail_url"] == f"https://open.example.ma/api/v2/members/{item['id']}/"


def test_the_api_index_lists_every_endpoint_with_its_documentation(client):
    from django.urls import resolve

    response = client.get("/api/v2/", HTTP_HOST="data.example.ma:8443")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    items = {item["name"]: item for item in body["items"]}
    assert set(items) == {"territories", "members", "cohorts"} and body["meta"]["total_count"] == 3
    for name, item in items.items():
        assert item["url"] == f"http://data.example.ma:8443/api/v2/{name}/"
        assert item["description"] and "\n" not in item["description"]
        assert client.get(urlsplit(item["url"]).path).status_code == 200
        endpoint = resolve(urlsplit(item["url"]).path).func.cls
        assert {"limit", "offset", "fields", "locale"} <= set(item["query_parameters"])
        assert set(item["query_parameters"]) <= set(endpoint().known_query_parameters)
    assert {"level", "region", "province", "search", "member"} <= set(items["territories"]["query_parameters"])


def test_the_api_index_speaks_the_apis_languages(client, monkeypatch):
    from django.utils.translation import gettext_lazy

    from communes.api import TerritoriesAPIViewSet

    monkeypatch.setattr(TerritoriesAPIViewSet, "summary", gettext_lazy("Bad request"))

    def description(query, **headers):
        items = client.get(f"/api/v2/{query}", **headers).json()["items"]
        return next(item["description"] for item in items if item["name"] == "territories")

    assert description("?locale=fr") == "Requête invalide"
    assert description("?lang=ar") == "طلب غير صالح"
    assert description("?locale=fr&lang=ar") == "Requête invalide"
    assert description("") == "طلب غير صالح"  # the language asked last, remembered
    client.cookies.clear()
    assert description("", HTTP_ACCEPT_LANGUAGE="en") == "Bad request"


@pytest.mark.parametrize("query, message", [
    ("colour=blue", "query parameter is not recognised: colour"),
    ("locale=xx", "locale must be one of"),
    ("locale=fr&locale=ar", "given more than once"),
])
def test_the_api_index_refuses_bad_queries_with_a_json_message(client, query, message):
    status, body = _get(client, f"/api/v2/?{query}")
    assert status == 400
    assert message in body["message"]
