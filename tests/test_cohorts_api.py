"""Open data: /api/v2/cohorts/, every cohort with its calendar, its members and their stages, and
nothing personal."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cohorts.models import CohortMembership, Stage
from cohorts.services import admit, withdraw
from cohorts.standing import current_cycle
from tests.cycle_helpers import SESSION_DATE, walk_to

pytestmark = pytest.mark.django_db

MEMBER_KEYS = {
    "code", "is_demo", "name_ar", "name_fr", "level", "status", "status_label", "joined_on", "withdrawn_on", "cycle",
}
CYCLE_KEYS = {
    "number", "cohort_number", "stage", "stage_label", "stage_since", "phase_one_opens_on", "phase_one_closes_on",
    "phase_two_opens_on", "phase_two_closes_on", "adopted_on", "is_demo",
}


def _get(client, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


def _members(body) -> dict:
    return {member["code"]: member for member in body["members"]}


def test_a_cohort_lists_its_calendar_and_each_members_stage_and_dates(client, cohort, cycle_a, cycle_b, coordinator):
    walk_to(cycle_a, Stage.ADOPTED, coordinator)
    _status, listing = _get(client, "/api/v2/cohorts/?locale=fr")
    assert listing["meta"]["total_count"] == 1
    item = listing["items"][0]
    assert (item["number"], item["name"], item["intake_year"]) == (7, "Test cohort", 2030)
    assert (item["call_opens_on"], item["call_closes_on"]) == ("2029-10-01", "2029-11-30")
    assert item["is_demo"] is False
    phase_one = next(row for row in item["calendar"] if row["stage"] == Stage.PHASE_ONE)
    assert phase_one | {"stage_label": None, "note": None} == {
        "cycle_number": 1, "stage": "phase_one", "stage_label": None, "starts_in": "2030-03", "ends_in": "2030-05",
        "first_day": "2030-03-01", "last_day": "2030-05-31", "uncertain": False, "source": "", "note": None,
    }
    members = _members(item)
    assert set(members) == {"09.001.01.01", "01.571.01.11"}
    agadir = members["09.001.01.01"]
    assert set(agadir) == MEMBER_KEYS and set(agadir["cycle"]) == CYCLE_KEYS
    assert (agadir["name_fr"], agadir["name_ar"], agadir["level"]) == ("Agadir", "أكادير", "commune")
    assert (agadir["status"], agadir["joined_on"], agadir["is_demo"]) == ("admitted", "2030-01-15", False)
    assert agadir["cycle"] | {"stage_label": None} == {
        "number": 1, "cohort_number": 7, "stage": "adopted", "stage_label": None, "stage_since": "2030-09-20",
        "phase_one_opens_on": "2030-03-10", "phase_one_closes_on": "2030-04-10",
        "phase_two_opens_on": "2030-05-05", "phase_two_closes_on": "2030-05-25",
        "adopted_on": SESSION_DATE.isoformat(), "is_demo": False,
    }
    tetouan = members["01.571.01.11"]["cycle"]
    assert (tetouan["stage"], tetouan["stage_since"], tetouan["adopted_on"]) == ("joined", "2030-01-15", None)


def test_the_detail_is_the_same_cohort_and_a_withdrawn_member_says_so(client, cohort, cycle_a, cycle_b):
    withdraw(CohortMembership.objects.get(territory__code="01.571.01.11"))
    _status, listing = _get(client, "/api/v2/cohorts/")
    status, detail = _get(client, f"/api/v2/cohorts/{cohort.pk}/")
    assert status == 200
    assert detail["calendar"] == listing["items"][0]["calendar"]
    assert detail["members"] == listing["items"][0]["members"]
    withdrawn = _members(detail)["01.571.01.11"]
    assert withdrawn["status"] == "withdrawn" and withdrawn["withdrawn_on"]


def test_nothing_personal_is_published(client, cohort, cycle_a, coordinator, staff_of_a):
    walk_to(cycle_a, Stage.ADOPTED, coordinator)
    membership = CohortMembership.objects.get(territory__code="09.001.01.01")
    membership.source_note = "Admitted after a call with the focal point, Mme X (x@example.org)."
    membership.save()
    cycle_a.transitions.update(note="Private remark by staff.a@example.org")
    response = client.get("/api/v2/cohorts/?locale=ar")
    text = response.content.decode()
    for secret in ("@example.org", "Mme X", "Private remark", "coordinator", "deliberation_number", "D-12/2030"):
        assert secret not in text


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_labels_follow_the_requested_locale(client, cohort, cycle_a, language):
    _status, body = _get(client, f"/api/v2/cohorts/?locale={language}")
    item = body["items"][0]
    with translation.override(language):
        assert item["calendar"][0]["stage_label"] == str(Stage.JOINED.label)
        assert _members(item)["09.001.01.01"]["status_label"] == str(CohortMembership.Status.ADMITTED.label)
    assert item["html_url"] == f"http://testserver/{language}/cohorts/{cohort.number}/"


def test_the_plans_cohorts_carry_their_uncertain_readings(client, capsys):
    call_command("load_cohorts")
    _status, body = _get(client, "/api/v2/cohorts/")
    cohorts = {item["number"]: item for item in body["items"]}
    assert sorted(cohorts) == [1, 2, 3, 4]
    assert cohorts[3]["call_opens_on"] == "2024-12-01" and cohorts[1]["call_opens_on"] is None
    phase_one = next(row for row in cohorts[3]["calendar"] if row["stage"] == "phase_one")
    assert phase_one["uncertain"] is True and phase_one["source"] == "12.16" and "inferred" in phase_one["note"]
    plain = next(row for row in cohorts[2]["calendar"] if row["stage"] == "phase_one")
    assert plain["uncertain"] is False and (plain["starts_in"], plain["ends_in"]) == ("2024-03", "2024-05")
    assert [row["cycle_number"] for row in cohorts[1]["calendar"]] == [1, 1, 2]


@pytest.mark.parametrize("query, message", [
    ("locale=xx", "locale must be one of"),
    ("colour=blue", "query parameter is not an operation or a recognised filter: colour"),
    ("limit=abc", "limit must be a positive integer"),
    ("fields=email", "unknown fields: email"),
    ("locale=ar&locale=fr", "given more than once"),
])
def test_bad_queries_get_a_json_message(client, cohort, query, message):
    status, body = _get(client, f"/api/v2/cohorts/?{query}")
    assert status == 400 and message in body["message"]


def test_an_unknown_cohort_is_a_json_404(client, cohort):
    status, body = _get(client, f"/api/v2/cohorts/{cohort.pk + 1000}/")
    assert status == 404 and body["message"]


CODES = ["09.001.01.01", "01.571.01.11", "09", "01", "02", "05", "07.211.01.05", "08.587"]


def _queries(client, url) -> int:
    client.get(url)  # warm: Wagtail caches its site root paths
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/api/v2/cohorts/?locale=ar", "detail"])
def test_query_count_does_not_grow_with_members(client, cohort, coordinator, url):
    from communes.models import Member

    url = f"/api/v2/cohorts/{cohort.pk}/" if url == "detail" else url
    for code in CODES[:2]:
        admit(cohort, code, joined_on=date(2030, 1, 15))
    walk_to(current_cycle(Member.objects.get(territory__code=CODES[0])), Stage.ADOPTED, coordinator)
    small = _queries(client, url)
    for code in CODES[2:]:
        admit(cohort, code, joined_on=date(2030, 1, 15))
    walk_to(current_cycle(Member.objects.get(territory__code=CODES[2])), Stage.PHASE_TWO, coordinator)
    large = _queries(client, url)
    assert large == small, f"{small} queries with 2 members, {large} with {len(CODES)}"
