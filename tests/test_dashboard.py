"""The coordinators' dashboard: its figures against a fixture computed here, its exports, its roles.

The fixture's calendar is set around today's month (the late flag reads today, as it must), and
every expected figure is worked out below in plain Python from the fixture's own definitions,
never by calling cohorts.dashboard.
"""

import calendar
import csv
import io
import unicodedata
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from cohorts.models import (
    Adoption,
    Cohort,
    CohortMembership,
    Cycle,
    PlannedStage,
    ProgrammeVersion,
    Stage,
)
from cohorts.services import admit, withdraw
from communes.models import Level, Member, Territory
from tests.cycle_helpers import place
from tests.helpers import first_of_month, login_to_admin, make_user, today, upload_document

URL = "/admin/cohorts/dashboard/"
CSV_URL = "/admin/cohorts/dashboard/export.csv"
XLSX_URL = "/admin/cohorts/dashboard/export.xlsx"
ORDER = list(Stage.values)

# The cohort's calendar, in months from the current month: (first, last, uncertain).
PLAN = {
    Stage.JOINED: (-12, -12, False),
    Stage.TRAINING: (-11, -10, False),
    Stage.PHASE_ONE: (-9, -7, False),
    Stage.DRAFTING: (-6, -5, False),
    Stage.PHASE_TWO: (-4, -3, False),
    Stage.COUNCIL: (-2, 1, False),
    Stage.IMPLEMENTATION: (2, 20, True),
}
# Members of the cohort: code → (current stage, {stage reached: days ago}, joined days ago).
MEMBERS = {
    "09.001.01.01": (Stage.COUNCIL, {Stage.TRAINING: 330, Stage.PHASE_ONE: 270, Stage.DRAFTING: 200,
                                     Stage.PHASE_TWO: 120, Stage.COUNCIL: 60}, 365),  # Agadir
    "01.571.01.11": (Stage.PHASE_ONE, {Stage.PHASE_ONE: 250}, 365),  # Tétouan, training skipped
    "01.511.01.0": (Stage.JOINED, {}, 360),  # Tanger
    "01.511": (Stage.DRAFTING, {Stage.TRAINING: 320, Stage.PHASE_ONE: 280, Stage.DRAFTING: 150}, 365),
    "09": (Stage.ADOPTED, {Stage.TRAINING: 330, Stage.PHASE_ONE: 270, Stage.DRAFTING: 200,
                           Stage.PHASE_TWO: 120, Stage.COUNCIL: 80, Stage.ADOPTED: 30}, 365),  # Souss-Massa
}
WITHDRAWN = "01.511.01.01"  # Assilah: admitted, then withdrew
OLDER_COHORT_MEMBER = ("09.001.07.23", date(2023, 10, 2))  # in an older cohort, joined before the plan
DRAFTED = {"01.511", "09"}
ADOPTED = {"09"}
PLAN_STARTS, PLAN_ENDS = date(2024, 1, 1), date(2027, 12, 31)


def last_day(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


# What the dashboard should say, worked out from the definitions above -----------------------

def expected_late_stages(stage: str) -> list[str]:
    """Stages whose planned end month is over while the member has not moved past them."""
    return [planned for planned in ORDER if planned in PLAN
            and last_day(first_of_month(PLAN[planned][1])) < today() and ORDER.index(stage) <= ORDER.index(planned)]


def expected_reached(code: str) -> dict[str, str]:
    _stage, reached, joined = MEMBERS[code]
    dates = {Stage.JOINED: (today() - timedelta(days=joined)).isoformat()}
    dates.update({s: (today() - timedelta(days=days)).isoformat() for s, days in reached.items()})
    return {s: day for s, day in dates.items() if s in PLAN}  # the table's columns: planned stages


def expected_overdue_days(code: str) -> int:
    late = expected_late_stages(MEMBERS[code][0])
    return (today() - last_day(first_of_month(PLAN[late[0]][1]))).days if late else -1


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


# Fixture ------------------------------------------------------------------------------------

def make_cohort(number: int, intake_year: int, plan: dict | None = None) -> Cohort:
    cohort = Cohort.objects.create(number=number, name=f"Cohorte d'essai {number}", intake_year=intake_year)
    for stage, (first, last, uncertain) in (plan or {}).items():
        PlannedStage.objects.create(cohort=cohort, stage=stage, starts_in=first_of_month(first),
                                    ends_in=first_of_month(last), uncertain=uncertain)
    return cohort


@pytest.fixture
def network(db, member_a, member_b):
    """Cohort 9 (this year's) with five members at known stages, one withdrawn; an older cohort
    with one member; a future cohort without members."""
    cohort = make_cohort(9, today().year - 1, PLAN)
    older = make_cohort(8, 2023, {Stage.PHASE_ONE: (-40, -38, False)})
    make_cohort(10, today().year + 1)
    for code, (stage, reached, joined) in MEMBERS.items():
        admit(cohort, code, joined_on=today() - timedelta(days=joined))
        cycle = Cycle.objects.get(member__territory__code=code)
        place(cycle, stage, reached=reached)
        if code in DRAFTED:
            ProgrammeVersion.objects.create(cycle=cycle, kind=ProgrammeVersion.Kind.DRAFT, title="Programme")
        if code in ADOPTED:
            Adoption.objects.create(cycle=cycle, session_date=today() - timedelta(days=31),
                                    deliberation_number="12/2026", votes_for=30,
                                    document=upload_document(cycle.member, "Délibération"))
    withdraw(admit(cohort, WITHDRAWN, joined_on=today() - timedelta(days=300)))
    admit(older, OLDER_COHORT_MEMBER[0], joined_on=OLDER_COHORT_MEMBER[1])
    return cohort


# Reading the screen and the exports ---------------------------------------------------------

def screen_rows(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for tr in soup.select("table.cohort-table tbody tr[data-code]"):
        cells = {td["data-stage"]: td for td in tr.select("td.cohort-table__cell")}
        rows.append({
            "code": tr["data-code"],
            "name": tr.select_one(".cohort-table__name").get_text(strip=True),
            "late": tr.select_one("td[data-late]")["data-late"] == "yes",
            "stage": tr.select_one("td[data-stage]:not(.cohort-table__cell)")["data-stage"],
            "since": tr.select("time")[0]["datetime"],
            "late_cells": {stage for stage, td in cells.items() if "is-late" in td["class"]},
            "reached": {stage: td.time["datetime"] for stage, td in cells.items() if td.time},
        })
    return rows


def csv_rows(content: bytes) -> tuple[list[str], list[list[str]]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return header, rows


def xlsx_rows(content: bytes) -> tuple[list, list[list]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return header, rows


# Figures ------------------------------------------------------------------------------------

def test_every_member_with_its_stage_dates_and_late_flag__as_computed_from_the_fixture(as_coordinator, network):
    response = as_coordinator.get(URL, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    rows = {row["code"]: row for row in screen_rows(response.content.decode())}
    assert set(rows) == set(MEMBERS)  # the withdrawn member and the other cohorts' are not rows
    for code, (stage, _reached, _joined) in MEMBERS.items():
        row, late = rows[code], expected_late_stages(stage)
        assert row["stage"] == stage, code
        assert row["late"] == bool(late), code
        assert row["late_cells"] == set(late), code
        assert row["reached"] == expected_reached(code), code
        assert row["name"] == Territory.objects.get(code=code).name_fr
    # Tétouan skipped the training: it says so, and is not late on it.
    assert "skipped" in as_coordinator.get(URL, {"stage": "phase_one"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    html = response.content.decode()
    late_count = sum(1 for stage, _r, _j in MEMBERS.values() if expected_late_stages(stage))
    assert f"{late_count} sur {len(MEMBERS)} membres" in html


def test_default_order_is_most_overdue_first_then_by_name(as_coordinator, network):
    rows = screen_rows(as_coordinator.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    def key(code):
        return (-expected_overdue_days(code) if expected_overdue_days(code) >= 0 else 1,
                plain(Territory.objects.get(code=code).name_fr))

    assert [row["code"] for row in rows] == sorted(MEMBERS, key=key)


def test_sorting_by_name_stage_and_since__in_the_query_string(as_coordinator, network):
    def codes(sort, language="fr"):
        return [row["code"] for row in screen_rows(
            as_coordinator.get(URL, {"sort": sort}, HTTP_ACCEPT_LANGUAGE=language).content.decode())]

    names_fr = {code: plain(Territory.objects.get(code=code).name_fr) for code in MEMBERS}
    assert codes("name") == sorted(MEMBERS, key=lambda code: names_fr[code])
    names_ar = {code: Territory.objects.get(code=code).name_ar for code in MEMBERS}
    assert codes("name", "ar") == sorted(MEMBERS, key=lambda code: names_ar[code])
    by_stage = sorted(MEMBERS, key=lambda code: (ORDER.index(MEMBERS[code][0]), names_fr[code]))
    assert codes("stage") == by_stage
    since = {code: MEMBERS[code][1].get(MEMBERS[code][0], MEMBERS[code][2]) for code in MEMBERS}
    assert codes("since") == sorted(MEMBERS, key=lambda code: (-since[code], names_fr[code]))


def test_the_plans_indicators_are_counted_from_the_data(as_coordinator, network):
    html = as_coordinator.get(URL).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    figures = {tag["data-indicator"]: tag.get_text(strip=True) for tag in soup.select("[data-indicator]")}

    joined = {code: today() - timedelta(days=days) for code, (_s, _r, days) in MEMBERS.items()}
    joined[WITHDRAWN] = today() - timedelta(days=300)
    joined[OLDER_COHORT_MEMBER[0]] = OLDER_COHORT_MEMBER[1]
    assert figures["new_members"] == str(sum(1 for day in joined.values() if PLAN_STARTS <= day <= PLAN_ENDS))
    assert figures["supported"] == str(len(MEMBERS) + 1)  # the older cohort's member, not the withdrawn one
    assert figures["programmes_prepared"] == str(len(DRAFTED))
    assert figures["programmes_adopted"] == str(len(ADOPTED))
    assert not figures["projects"].isdigit() and figures["projects"]  # said in words, not a zero


def test_members_per_stage_per_cohort__chart_and_table(as_coordinator, network):
    soup = BeautifulSoup(as_coordinator.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode(), "html.parser")
    table = soup.select_one(".stage-chart__table table")
    cohorts = [th.get_text(strip=True) for th in table.select("thead th")[1:]]
    counts = {tr.th.get_text(strip=True): [int(td.get_text()) for td in tr.select("td")]
              for tr in table.select("tbody tr")}

    assert cohorts == ["Cohorte d'essai 8", "Cohorte d'essai 9", "Cohorte d'essai 10"]
    for stage in ORDER:
        in_nine = sum(1 for s, _r, _j in MEMBERS.values() if s == stage)
        assert counts[Stage(stage).label] == [1 if stage == Stage.JOINED else 0, in_nine, 0]
    bars = soup.select(".stage-chart__cohort")
    assert len(bars) == 3 and all(len(cohort.select(".stage-chart__bar")) == len(ORDER) for cohort in bars)
    assert not soup.select_one(".stage-chart").select("script, img, [src]")  # CSS bars, nothing fetched


def test_the_timeline_shows_the_calendar_with_uncertain_stages_and_today(as_coordinator, network):
    soup = BeautifulSoup(as_coordinator.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode(), "html.parser")
    timeline = soup.select_one(".timeline")
    rows = timeline.select(".timeline__rows .timeline__row")

    assert [row.select_one(".timeline__stage").get_text(strip=True) for row in rows] == [
        Stage(stage).label for stage in PLAN]
    assert f"--months: {PLAN[Stage.IMPLEMENTATION][1] - PLAN[Stage.JOINED][0] + 1};" in timeline["data-style"]
    uncertain = [row for row in rows if row.select_one(".is-uncertain")]
    assert len(uncertain) == 1 and "uncertain" in uncertain[0].get_text()
    assert timeline.select(".timeline__today") and "--today:" in timeline["data-style"]
    assert "Today" in timeline.get_text()


def test_the_default_cohort_is_the_latest_with_members_and_the_selector_changes_it(as_coordinator, network):
    assert "Cohorte d&#x27;essai 9: who is late" in as_coordinator.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = screen_rows(as_coordinator.get(URL, {"cohort": 8}).content.decode())
    assert [row["code"] for row in rows] == [OLDER_COHORT_MEMBER[0]]
    empty = as_coordinator.get(URL, {"cohort": 10}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert screen_rows(empty) == [] and "No member in this cohort yet" in empty


# Filters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, expected", [
    ({"region": "09"}, {"09.001.01.01", "09"}),
    ({"level": "province"}, {"01.511"}),
    ({"level": "region"}, {"09"}),
    ({"stage": "phase_one"}, {"01.571.01.11"}),
    ({"late": "1"}, {code for code, (stage, _r, _j) in MEMBERS.items() if expected_late_stages(stage)}),
    ({"late": "1", "region": "01"}, {code for code, (stage, _r, _j) in MEMBERS.items()
                                     if expected_late_stages(stage) and code.startswith("01")}),
])
def test_filters_by_region_level_stage_and_late(as_coordinator, network, params, expected):
    response = as_coordinator.get(URL, params)

    assert {row["code"] for row in screen_rows(response.content.decode())} == expected
    _header, rows = csv_rows(as_coordinator.get(CSV_URL, params).content)
    assert {row[2] for row in rows} == expected


@pytest.mark.parametrize("params, message", [
    ({"region": "zz"}, "“zz” is not a region's code"),
    ({"level": "arrondissements_prefecture"}, "is not a level"),
    ({"stage": "nowhere"}, "“nowhere” is not a stage"),
    ({"late": "maybe"}, "“maybe” is not a choice for late members"),
    ({"sort": "population"}, "“population” is not a way to sort"),
    ({"cohort": "abc"}, "There is no cohort “abc”"),
    ({"cohort": "99"}, "There is no cohort “99”"),
])
def test_bad_filter_values_get_a_clear_message_and_the_filter_is_left_out(as_coordinator, network, params, message):
    response = as_coordinator.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'") and 'role="alert"' in html
    assert {row["code"] for row in screen_rows(html)} == set(MEMBERS)
    export = as_coordinator.get(CSV_URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert export.status_code == 400 and message in export.content.decode()


# Exports ------------------------------------------------------------------------------------

def test_csv_and_xlsx_hold_the_rows_of_the_screen_in_its_order_with_arabic_names(as_coordinator, network):
    params = {"sort": "name", "late": "1"}
    screen = screen_rows(as_coordinator.get(URL, params, HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    csv_header, csv_body = csv_rows(as_coordinator.get(CSV_URL, params, HTTP_ACCEPT_LANGUAGE="ar").content)
    xlsx = as_coordinator.get(XLSX_URL, params, HTTP_ACCEPT_LANGUAGE="ar")
    xlsx_header, xlsx_body = xlsx_rows(xlsx.content)

    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx["Content-Disposition"]
    codes = [row["code"] for row in screen]
    assert codes and [row[2] for row in csv_body] == [row[2] for row in xlsx_body] == codes
    assert csv_header == [str(cell) for cell in xlsx_header]
    with translation.override("ar"):
        yes = gettext("yes")
    for shown, line, sheet_row in zip(screen, csv_body, xlsx_body, strict=True):
        territory = Territory.objects.get(code=shown["code"])
        assert line[0] == sheet_row[0] == territory.name_ar == shown["name"]  # Arabic intact
        assert line[1] == sheet_row[1] == territory.name_fr
        assert line[7] == shown["since"] and sheet_row[7].date().isoformat() == shown["since"]
        assert shown["late"] and line[8] == sheet_row[8] == yes
        for index, stage in enumerate(PLAN):  # three columns per planned stage, after eleven
            planned_start, planned_end, reached_on = line[11 + 3 * index: 14 + 3 * index]
            assert planned_start == first_of_month(PLAN[stage][0]).strftime("%Y-%m")
            assert planned_end == first_of_month(PLAN[stage][1]).strftime("%Y-%m")
            assert reached_on == shown["reached"].get(stage, ""), (shown["code"], stage)


def test_exports_escape_text_a_spreadsheet_would_run_as_a_formula(as_coordinator, network):
    Territory.objects.filter(code="01.511.01.0").update(name_fr='=HYPERLINK("http://evil.example","x")',
                                                         name_ar="+SUM(1)")
    Territory.objects.filter(code="01.511").update(name_fr="@cmd", name_ar="-2+3")

    _header, csv_body = csv_rows(as_coordinator.get(CSV_URL).content)
    _header, xlsx_body = xlsx_rows(as_coordinator.get(XLSX_URL).content)

    by_code = {row[2]: row for row in csv_body}
    assert by_code["01.511.01.0"][:2] == ["'+SUM(1)", "'=HYPERLINK(\"http://evil.example\",\"x\")"]
    assert by_code["01.511"][:2] == ["'-2+3", "'@cmd"]
    sheet = {row[2]: row for row in xlsx_body}
    assert sheet["01.511.01.0"][1].startswith("'=") and sheet["01.511"][0] == "'-2+3"


def test_the_xlsx_reads_right_to_left_in_arabic(as_coordinator, network):
    from openpyxl import load_workbook

    arabic = load_workbook(io.BytesIO(as_coordinator.get(XLSX_URL, HTTP_ACCEPT_LANGUAGE="ar").content)).active
    french = load_workbook(io.BytesIO(as_coordinator.get(XLSX_URL, HTTP_ACCEPT_LANGUAGE="fr").content)).active
    assert arabic.sheet_view.rightToLeft and not french.sheet_view.rightToLeft


# Who sees what ------------------------------------------------------------------------------

def test_a_members_staff_see_their_own_row_and_nothing_of_other_members(client, network, staff_of_a, member_a):
    login_to_admin(client, staff_of_a)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()

    assert response.status_code == 200
    assert [row["code"] for row in screen_rows(html)] == [member_a.territory.code]
    own_region = member_a.territory.region
    for code in [*MEMBERS, OLDER_COHORT_MEMBER[0]]:
        territory = Territory.objects.get(code=code)
        if territory not in (member_a.territory, own_region):  # their region's name is in their row
            assert territory.name_fr not in html and territory.name_ar not in html and code not in html
    assert "data-indicator" not in html and "stage-chart" not in html  # network-wide figures
    assert "cohort-dashboard__filters" not in html
    assert "Cohorte d&#x27;essai 8" not in html  # other cohorts are not listed
    # Asking for another cohort or region changes nothing: still their row only.
    for params in ({"cohort": 8}, {"region": "01"}):
        codes = [row["code"] for row in screen_rows(client.get(URL, params).content.decode())]
        assert codes == [member_a.territory.code], params
        assert OLDER_COHORT_MEMBER[0] not in client.get(URL, params).content.decode()
    _header, rows = csv_rows(client.get(CSV_URL).content)
    assert [row[2] for row in rows] == [member_a.territory.code]
    assert '"url": "/admin/cohorts/dashboard/"' in client.get("/admin/").content.decode()  # in their menu


@pytest.mark.parametrize("params", [{"stage": "phase_one"}, {"late": "1"}])
def test_a_members_staff_asking_for_a_stage_or_late_members_still_see_their_row(client, network, staff_of_a,
                                                                                 member_a, params):
    login_to_admin(client, staff_of_a)

    codes = [row["code"] for row in screen_rows(client.get(URL, params).content.decode())]

    assert codes == [member_a.territory.code]


def test_staff_of_a_member_outside_any_cohort_are_told_so(client, network):
    from communes.services import join_network

    outside = join_network("09.001.05.01")
    login_to_admin(client, make_user("staff.outside@example.org", groups=[outside.staff_group]))
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "not in a cohort yet" in html and screen_rows(html) == []


@pytest.mark.parametrize("url", [URL, CSV_URL, XLSX_URL])
def test_residents_and_visitors_are_refused(client, network, resident, url):
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(resident)
    response = client.get(url)
    assert response.status_code == 302 and b"Cohorte" not in response.content


def test_admin_users_who_are_neither_coordinators_nor_staff_are_refused(client, network):
    from django.contrib.auth.models import Permission

    editor = make_user("editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_to_admin(client, editor)

    for url in (URL, CSV_URL, XLSX_URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin"), url
    assert '"url": "/admin/cohorts/dashboard/"' not in client.get("/admin/").content.decode()


# Queries do not grow with the members -------------------------------------------------------

def build_cohort_of(size: int) -> Cohort:
    """A cohort of `size` members at assorted stages, written row by row (no pages needed)."""
    cohort = make_cohort(20 + size, today().year, PLAN)
    territories = Territory.objects.filter(level=Level.COMMUNE, membership__isnull=True).order_by("code")[:size]
    stages = [Stage.JOINED, Stage.PHASE_ONE, Stage.DRAFTING, Stage.COUNCIL, Stage.ADOPTED]
    for index, territory in enumerate(territories):
        member = Member.objects.create(territory=territory, joined_on=today() - timedelta(days=400))
        CohortMembership.objects.create(cohort=cohort, territory=territory, member=member,
                                        status=CohortMembership.Status.ADMITTED, joined_on=member.joined_on)
        cycle = Cycle.objects.create(member=member, cohort=cohort)
        stage = stages[index % len(stages)]
        place(cycle, stage, reached={s: 300 - 40 * i for i, s in enumerate(ORDER[1:ORDER.index(stage) + 1])})
        if stage in (Stage.COUNCIL, Stage.ADOPTED):
            ProgrammeVersion.objects.create(cycle=cycle, kind=ProgrammeVersion.Kind.DRAFT, title="Programme")
    return cohort


def count_queries(client, url, params) -> int:
    client.get(url, params)  # caches warm, as in the benchmark
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [URL, CSV_URL, XLSX_URL])
def test_query_count_is_the_same_at_3_and_12_members(as_coordinator, url):
    small, large = build_cohort_of(3), build_cohort_of(12)
    assert Cycle.objects.filter(cohort=large).count() == 12

    counts = [count_queries(as_coordinator, url, {"cohort": cohort.number}) for cohort in (small, large)]
    assert counts[0] == counts[1], counts
