"""The national plan's cohorts as product data (manage.py load_cohorts), the real members placed in
them from public sources, and the demo's progress in its two demonstration cohorts."""

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from wagtail.documents import get_document_model

from cohorts.cycle import phase_state
from cohorts.demo import Walk, _walk
from cohorts.models import (
    Adoption,
    Cohort,
    CohortMembership,
    Cycle,
    PlannedStage,
    ProgrammeVersion,
    Stage,
    Transition,
)
from cohorts.plan import PLAN_FILE, place_real_members
from communes.demo import load_demo_network
from tests.helpers import login_to_admin
from tests.test_dashboard import screen_rows

pytestmark = pytest.mark.django_db

# What the plan's commitment 12 says, read independently of the loader (README §2.4 table).
EXPECTED = {
    # (cohort, cycle, stage): (start, end, source, uncertain)
    (1, 1, Stage.JOINED): ("2022-09", "2022-09", "context_facts.programme.launched", True),
    (1, 1, Stage.EVALUATION): ("2025-02", "2026-02", "12.13, 12.22", True),
    (1, 2, Stage.JOINED): ("2026-02", "2026-02", "12.23", True),
    (2, 1, Stage.JOINED): ("2024-01", "2024-01", "12.1", True),
    (2, 1, Stage.TRAINING): ("2024-02", "2024-02", "12.3", True),
    (2, 1, Stage.PHASE_ONE): ("2024-03", "2024-05", "12.4", False),
    (2, 1, Stage.PHASE_TWO): ("2024-05", "2024-06", "12.5", False),
    (2, 1, Stage.COUNCIL): ("2024-09", "2024-10", "12.7", True),
    (2, 1, Stage.IMPLEMENTATION): ("2025-01", "2025-01", "12.10", False),
    (2, 1, Stage.EVALUATION): ("2026-02", "2026-02", "12.21", True),
    (3, 1, Stage.JOINED): ("2025-01", "2025-01", "12.11", False),
    (3, 1, Stage.TRAINING): ("2025-02", "2025-02", "12.15", True),
    (3, 1, Stage.PHASE_ONE): ("2025-03", "2025-05", "12.16", True),
    (3, 1, Stage.PHASE_TWO): ("2025-05", "2025-06", "12.17", True),
    (3, 1, Stage.IMPLEMENTATION): ("2026-01", "2026-01", "12.18", False),
    (4, 1, Stage.JOINED): ("2026-01", "2026-01", "12.19", False),
    (4, 1, Stage.TRAINING): ("2026-02", "2026-02", "12.25", True),
    (4, 1, Stage.PHASE_ONE): ("2026-03", "2026-05", "12.26", True),
    (4, 1, Stage.PHASE_TWO): ("2026-05", "2026-06", "12.27", True),
}


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _calendar() -> dict:
    return {
        (row.cohort.number, row.cycle_number, row.stage): (row.starts_in, row.ends_in, row.source, row.uncertain)
        for row in PlannedStage.objects.select_related("cohort")
    }


def _snapshot() -> tuple:
    cohorts = list(Cohort.objects.order_by("number").values())
    rows = list(PlannedStage.objects.order_by("pk").values())
    return cohorts, rows


def _load(capsys, *args) -> str:
    call_command("load_cohorts", *args)
    return capsys.readouterr().out


def test_load_cohorts_creates_the_four_cohorts_of_the_plan_with_their_calendars(capsys):
    out = _load(capsys)
    assert "Cohorts: 4 created" in out and f"Planned stages: {len(EXPECTED)} created" in out
    cohorts = {c.number: c for c in Cohort.objects.all()}
    assert {n: c.intake_year for n, c in cohorts.items()} == {1: 2022, 2: 2024, 3: 2025, 4: 2026}
    assert not any(c.is_demo for c in cohorts.values())
    # The plan dates one call (12.9, December 2024): the call of cohort 3, which joins in January 2025.
    assert (cohorts[3].call_opens_on, cohorts[3].call_closes_on) == (date(2024, 12, 1), date(2024, 12, 31))
    assert all(c.call_opens_on is None and c.call_closes_on is None for n, c in cohorts.items() if n != 3)
    expected = {key: (_month(start), _month(end), source, uncertain)
                for key, (start, end, source, uncertain) in EXPECTED.items()}
    assert _calendar() == expected


def test_cohort_1_has_no_month_the_plan_does_not_give_and_says_what_is_missing(capsys):
    _load(capsys)
    cohort = Cohort.objects.get(number=1)
    stages = set(cohort.planned_stages.filter(cycle_number=1).values_list("stage", flat=True))
    assert stages == {Stage.JOINED, Stage.EVALUATION}  # no training, phases, adoption or implementation
    assert "Cycle 1: the plan gives no month for: Training; Phase one" in cohort.source_note
    second = cohort.planned_stages.get(cycle_number=2)
    assert second.starts_in == date(2026, 2, 1) and "second cycle" in second.note


def test_every_reading_the_plan_does_not_print_is_flagged_uncertain_with_its_reason(capsys):
    _load(capsys)
    plan = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    commitment = next(c for c in plan["commitments"] if c["number"] == 12)
    inferred = {a["id"] for a in commitment["activities"] if a["date_basis"] == "inferred_from_layout"}
    assert inferred == {"12.16", "12.17", "12.26", "12.27"}
    for row in PlannedStage.objects.filter(source__in=inferred):
        assert row.uncertain and "inferred from the table's layout" in row.note
        assert "positional reading" in row.note  # the rejected reading is named, with its months
    for row in PlannedStage.objects.filter(source__in=["12.3", "12.15", "12.25", "12.1"]):
        assert row.uncertain and "names no cohort" in row.note
    council = PlannedStage.objects.get(source="12.7")
    assert council.uncertain and "§3.6" in council.note
    for row in PlannedStage.objects.filter(uncertain=False):
        assert row.note.startswith(row.source)  # a plain row cites its activity
    assert "no stage is dated from them" in Cohort.objects.get(number=3).source_note


def test_load_cohorts_twice_changes_nothing(capsys):
    _load(capsys)
    before = _snapshot()
    out = _load(capsys)
    assert "Cohorts: 0 created, 0 completed, 4 unchanged" in out
    assert f"Planned stages: 0 created, 0 overwritten, {len(EXPECTED)} unchanged" in out
    assert "difference" not in out
    assert _snapshot() == before


def test_a_coordinators_changes_are_kept_and_reported_missing_rows_filled(capsys):
    _load(capsys)
    phase_one = PlannedStage.objects.get(cohort__number=2, stage=Stage.PHASE_ONE)
    phase_one.ends_in = date(2024, 7, 1)
    phase_one.save()
    Cohort.objects.filter(number=4).update(intake_year=2027, call_opens_on=date(2025, 12, 1))
    Cohort.objects.filter(number=3).update(call_opens_on=None, call_closes_on=None)
    PlannedStage.objects.filter(cohort__number=4, stage=Stage.TRAINING).delete()
    extra = PlannedStage.objects.create(cohort=Cohort.objects.get(number=4), stage=Stage.COUNCIL,
                                        starts_in=date(2026, 9, 1), ends_in=date(2026, 10, 1))

    out = _load(capsys)
    assert "Planned stages: 1 created" in out  # cohort 4's training, deleted, is filled again
    assert ("Cohort 2, cycle 1, Phase one: collecting ideas: ends_in is “2024-07-01” here, “2024-05-01” in the "
            "plan (kept)") in out
    assert "Cohort 4: intake_year is “2027” here, “2026” in the plan (kept)" in out
    assert "1 planned stage(s) added by coordinators kept" in out
    phase_one.refresh_from_db()
    assert phase_one.ends_in == date(2024, 7, 1)
    assert Cohort.objects.get(number=4).intake_year == 2027
    assert Cohort.objects.get(number=3).call_opens_on == date(2024, 12, 1)  # empty, so filled
    assert PlannedStage.objects.filter(pk=extra.pk).exists()

    out = _load(capsys, "--overwrite")
    phase_one.refresh_from_db()
    assert phase_one.ends_in == date(2024, 5, 1) and Cohort.objects.get(number=4).intake_year == 2026
    assert "1 overwritten" in out


def _broken(tmp_path: Path, change) -> Path:
    plan = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    commitment = next(c for c in plan["commitments"] if c["number"] == 12)
    change(commitment)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _set(activity_id: str, **values):
    def change(commitment):
        activity = next(a for a in commitment["activities"] if a["id"] == activity_id)
        activity.update(values)
    return change


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing.yaml", "Cannot read"),
    (lambda tmp: _written(tmp / "bad.yaml", "commitments:\n  - number: 12\n   activities: [\n"),
     "bad.yaml is not valid YAML (line 3"),
    (lambda tmp: _broken(tmp, _set("12.26", end="2026-13")), "activity 12.26, end: “2026-13” is not a month"),
    (lambda tmp: _broken(tmp, _set("12.4", start="2024-07")), "activity 12.4: it ends (2024-05) before it starts"),
    (lambda tmp: _broken(tmp, _set("12.17", cohort=2)), "calendar_by_cohort puts 12.17 in cohort 3"),
    (lambda tmp: _broken(tmp, lambda c: c.pop("context_facts")), "“context_facts” is missing"),
    (lambda tmp: _broken(tmp, lambda c: c.update(number=99)), "has no commitment 12"),
])
def test_a_broken_plan_gives_a_clear_error_and_loads_nothing(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(CommandError) as caught:
        call_command("load_cohorts", file=path)
    assert message in str(caught.value) and "Nothing was loaded" in str(caught.value)
    assert not Cohort.objects.exists() and not PlannedStage.objects.exists()


def test_a_broken_plan_leaves_loaded_cohorts_as_they_were(tmp_path, capsys):
    _load(capsys)
    before = _snapshot()
    with pytest.raises(CommandError):
        call_command("load_cohorts", file=_broken(tmp_path, _set("12.27", start="May 2026")), overwrite=True)
    assert _snapshot() == before


# Real members and the demo ---------------------------------------------------------------------

DEMO_CODES = {"09", "09.001.01.01", "01.571.01.11"}
AGADIR, TETOUAN, SOUSS_MASSA = "09.001.01.01", "01.571.01.11", "09"


def _demo_state() -> tuple:
    """Every row the demo or the placement could write, as stored."""
    return (
        list(Cohort.objects.order_by("pk").values()), list(PlannedStage.objects.order_by("pk").values()),
        list(CohortMembership.objects.order_by("pk").values()), list(Cycle.objects.order_by("pk").values()),
        list(Transition.objects.order_by("pk").values()), list(ProgrammeVersion.objects.order_by("pk").values()),
        list(Adoption.objects.order_by("pk").values()), get_document_model().objects.count(),
    )


def _months_apart(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def test_seed_demo_places_real_members_by_their_intake_and_shows_every_state_in_the_demo_cohorts(capsys, client):
    call_command("load_cohorts")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "30 real member(s) placed" in out and "10 without an intake" in out

    real = CohortMembership.objects.filter(cohort__is_demo=False).select_related("cohort", "territory", "member")
    by_cohort = {}
    for membership in real:
        by_cohort.setdefault(membership.cohort.number, set()).add(membership.territory.code)
    # 24 sources say intake 1, 2 say 2 and 6 say 3; the two intake-1 members that carry demo
    # content (Souss-Massa, Agadir) are shown in the demonstration cohorts instead.
    assert {n: len(codes) for n, codes in by_cohort.items()} == {1: 22, 2: 2, 3: 6}
    assert "06.467.01.07" in by_cohort[2] and "01.511.01.01" in by_cohort[3]
    assert not CohortMembership.objects.filter(territory__code__in=["01", "06.141.01.0", "01.573.01.03"]).exists()
    sefrou = real.get(territory__code="03.451")
    assert sefrou.joined_on == date(2023, 11, 13) and "indicative" in sefrou.source_note
    assert real.get(territory__code="01.511.01.0").joined_on == date(2023, 1, 1)  # "2023" in the source
    real_cycles = Cycle.objects.filter(cohort__is_demo=False)
    assert real_cycles.count() == 30
    assert set(real_cycles.values_list("stage", flat=True)) == {Stage.JOINED}  # no invented progress
    assert not real_cycles.filter(is_demo=True).exists()
    assert not Transition.objects.filter(cycle__in=real_cycles).exists()

    current, earlier = Cohort.objects.get(number=90), Cohort.objects.get(number=91)
    assert current.is_demo and earlier.is_demo and not current.name and not earlier.name
    with translation.override("en"):
        assert (str(current), str(earlier)) == ("Demonstration cohort 90", "Demonstration cohort 91")
    today = timezone.localdate()
    phase_one = current.planned_stages.get(stage=Stage.PHASE_ONE)
    assert phase_one.first_day <= today <= phase_one.last_day
    # Cohort 91 runs a year ahead: the same calendar, twelve months earlier.
    assert [(p.stage, _months_apart(p.starts_in, c.starts_in), _months_apart(p.ends_in, c.ends_in))
            for p, c in zip(earlier.planned_stages.all(), current.planned_stages.all(), strict=True)] == [
        (stage, 12, 12) for stage in (Stage.JOINED, Stage.TRAINING, Stage.PHASE_ONE, Stage.PHASE_TWO, Stage.COUNCIL,
                                      Stage.IMPLEMENTATION, Stage.EVALUATION)]
    implementation = earlier.planned_stages.get(stage=Stage.IMPLEMENTATION)
    assert _months_apart(implementation.starts_in, implementation.ends_in) == 23  # 24 months
    council = earlier.planned_stages.get(stage=Stage.COUNCIL)
    assert council.last_day < today  # the council's months are over
    assert not PlannedStage.objects.filter(cohort__is_demo=True).exclude(source="").exists()

    cycles = {c.member.territory.code: c for c in Cycle.objects.filter(cohort__is_demo=True)
              .select_related("member__territory", "cohort")}
    assert set(cycles) == DEMO_CODES and all(c.is_demo for c in cycles.values())
    agadir, tetouan, region = cycles[AGADIR], cycles[TETOUAN], cycles[SOUSS_MASSA]
    assert (agadir.cohort, tetouan.cohort, region.cohort) == (current, earlier, earlier)
    assert agadir.stage == Stage.PHASE_ONE and phase_state(agadir, "phase_one").is_open
    assert phase_one.first_day <= agadir.phase_one_opens_on <= today <= agadir.phase_one_closes_on <= phase_one.last_day
    phase_two = current.planned_stages.get(stage=Stage.PHASE_TWO)
    assert phase_two.first_day <= agadir.phase_two_opens_on <= agadir.phase_two_closes_on <= phase_two.last_day
    assert tetouan.stage == Stage.COUNCIL and phase_state(tetouan, "phase_two").state == "closed"
    assert region.stage == Stage.IMPLEMENTATION
    adoption = Adoption.objects.get(cycle=region)
    assert adoption.deliberation_number.startswith("DEMO") and "Demo" in adoption.document.title
    assert council.first_day <= adoption.session_date <= council.last_day
    assert all("Demo" in t.note for t in Transition.objects.filter(cycle__cohort__is_demo=True))
    assert all(t.happened_on <= today for t in Transition.objects.all())
    assert all(v.title.startswith("Demo") for c in cycles.values() for v in c.versions.all())
    # Agadir and Souss-Massa are real cohort-1 members shown in a demonstration cohort: the open data says so.
    published = {member["code"]: member["is_demo"] for item in client.get("/api/v2/cohorts/").json()["items"]
                 for member in item["members"]}
    assert {code for code, is_demo in published.items() if is_demo} == DEMO_CODES

    before = _demo_state()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "0 member(s) given demo progress, 3 kept" in out and "0 real member(s) placed" in out
    assert "earlier layout" not in out
    assert _demo_state() == before


def test_no_demo_cohorts_planned_stages_overlap_and_its_page_shows_one_stage_now(client):
    call_command("load_cohorts")
    call_command("seed_demo")
    for cohort in Cohort.objects.filter(is_demo=True):
        planned = sorted(cohort.planned_stages.all(), key=lambda row: Stage.order(row.stage))
        assert len(planned) == 7
        for earlier, later in pairwise(planned):
            # In the stages' order, each starts in or after the month the previous one ends.
            assert later.starts_in >= earlier.ends_in, (cohort.number, earlier.stage, later.stage)
        html = client.get(f"/en/cohorts/{cohort.number}/").content.decode()
        assert html.count("plan__row--now") == 1, cohort.number
        assert html.count("plan__source") == 7 and "National plan, activity" not in html
        assert "Demonstration calendar" in html
    html = client.get("/en/cohorts/90/").content.decode()
    row = BeautifulSoup(html, "html.parser").select_one(".plan__row--now .plan__stage")
    with translation.override("en"):
        assert row.get_text(strip=True) == str(Stage.PHASE_ONE.label)


def test_the_dashboard_shows_tetouan_late_for_its_council_in_cohort_91(client):
    call_command("load_cohorts")
    call_command("seed_demo")
    coordinator = get_user_model().objects.get(email="coordinator@example.org")
    login_to_admin(client, coordinator)
    html = client.get("/admin/cohorts/dashboard/?cohort=91", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = {row["code"]: row for row in screen_rows(html)}
    assert set(rows) == {TETOUAN, SOUSS_MASSA}
    assert rows[TETOUAN]["late"] and rows[TETOUAN]["late_cells"] == {Stage.COUNCIL}
    assert rows[TETOUAN]["stage"] == Stage.COUNCIL
    assert not rows[SOUSS_MASSA]["late"] and rows[SOUSS_MASSA]["stage"] == Stage.IMPLEMENTATION
    html = client.get("/admin/cohorts/dashboard/?cohort=90", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = {row["code"]: row for row in screen_rows(html)}
    assert set(rows) == {AGADIR} and not rows[AGADIR]["late"] and rows[AGADIR]["stage"] == Stage.PHASE_ONE


def test_seed_demo_replaces_the_earlier_overlapping_demo_layout_and_only_demo_rows(capsys):
    """A database seeded before: one demo cohort, 90, with wide overlapping windows and all three
    demo members in it. seed_demo lays the demo out anew and leaves the real rows alone."""
    call_command("load_cohorts")
    load_demo_network()
    _make_earlier_layout()
    place_real_members()
    old_deliberations = list(Adoption.objects.values_list("document_id", flat=True))
    real = (list(CohortMembership.objects.filter(cohort__is_demo=False).order_by("pk").values()),
            list(Cycle.objects.filter(is_demo=False).order_by("pk").values()),
            list(PlannedStage.objects.filter(cohort__is_demo=False).order_by("pk").values()))
    capsys.readouterr()

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "earlier layout replaced (3 demo cycle(s) removed" in out and "3 member(s) given demo progress" in out
    assert (list(CohortMembership.objects.filter(cohort__is_demo=False).order_by("pk").values()),
            list(Cycle.objects.filter(is_demo=False).order_by("pk").values()),
            list(PlannedStage.objects.filter(cohort__is_demo=False).order_by("pk").values())) == real
    placed = CohortMembership.objects.filter(cohort__is_demo=True).values_list("territory__code", "cohort__number")
    assert dict(placed) == {AGADIR: 90, TETOUAN: 91, SOUSS_MASSA: 91}
    assert Cycle.objects.filter(is_demo=True).count() == 3
    assert PlannedStage.objects.filter(cohort__is_demo=True).count() == 14  # 7 stages in each demo cohort
    assert not get_document_model().objects.filter(pk__in=old_deliberations).exists()
    assert get_document_model().objects.filter(title__startswith="Demo deliberation").count() == 1
    before = _demo_state()
    call_command("seed_demo")
    assert _demo_state() == before


def _make_earlier_layout() -> None:
    """The earlier demo, as it was: cohort 90 with overlapping windows, every demo member in it."""
    today = timezone.localdate()
    cohort = Cohort.objects.create(number=90, is_demo=True, intake_year=today.year,
                                   source_note="Demonstration cohort, wide overlapping windows.")
    for stage, first, last in [(Stage.JOINED, -200, -60), (Stage.TRAINING, -190, -40), (Stage.PHASE_ONE, -170, 35),
                               (Stage.PHASE_TWO, -110, 120), (Stage.COUNCIL, -80, 180),
                               (Stage.IMPLEMENTATION, -45, 730), (Stage.EVALUATION, 730, 790)]:
        PlannedStage.objects.create(cohort=cohort, stage=stage, starts_in=today + timedelta(days=first),
                                    ends_in=today + timedelta(days=last), source="demo", note="Demonstration calendar")
    coordinator = get_user_model().objects.get(email="coordinator@example.org")

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    old = {
        SOUSS_MASSA: Walk(90, joined=day(-200), training=day(-190), phase_one=(day(-170), day(-140)), draft=day(-120),
                          phase_two=(day(-110), day(-80)), session=day(-50), adopted=day(-45)),
        TETOUAN: Walk(90, joined=day(-150), training=day(-140), phase_one=(day(-120), day(-90)), draft=day(-70),
                      phase_two=(day(-60), day(-30))),
        AGADIR: Walk(90, joined=day(-60), training=day(-40), phase_one=(day(-10), day(35)),
                     phase_two=(day(40), day(100))),
    }
    for code, walk in old.items():
        _walk(cohort, code, walk, coordinator, None)
    assert Cycle.objects.filter(is_demo=True, cohort=cohort).count() == 3 and Adoption.objects.count() == 1


def test_seed_demo_without_the_plans_cohorts_says_how_to_load_them(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Real members not placed in cohorts" in out and "load_cohorts" in out
    assert not CohortMembership.objects.filter(cohort__is_demo=False).exists()
