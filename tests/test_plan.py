"""The national plan's cohorts as product data (manage.py load_cohorts), the real members placed in
them from public sources, and the demo's progress in its demonstration cohort."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone

from cohorts.cycle import phase_state
from cohorts.models import Adoption, Cohort, CohortMembership, Cycle, PlannedStage, Stage, Transition
from cohorts.plan import PLAN_FILE

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


def test_seed_demo_places_real_members_by_their_intake_and_shows_every_state_in_the_demo_cohort(capsys):
    call_command("load_cohorts")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "30 real member(s) placed" in out and "10 without an intake" in out

    real = CohortMembership.objects.filter(cohort__is_demo=False).select_related("cohort", "territory", "member")
    by_cohort = {}
    for membership in real:
        by_cohort.setdefault(membership.cohort.number, set()).add(membership.territory.code)
    # 24 sources say intake 1, 2 say 2 and 6 say 3; the two intake-1 members that carry demo
    # content (Souss-Massa, Agadir) are shown in the demonstration cohort instead.
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

    demo = Cohort.objects.get(number=90)
    assert demo.is_demo and str(demo) == "Demonstration cohort"
    today = timezone.localdate()
    assert demo.planned_stages.get(stage=Stage.PHASE_ONE).first_day <= today
    cycles = {c.member.territory.code: c for c in Cycle.objects.filter(cohort=demo).select_related("member__territory")}
    assert set(cycles) == DEMO_CODES and all(c.is_demo for c in cycles.values())
    agadir, tetouan, region = cycles["09.001.01.01"], cycles["01.571.01.11"], cycles["09"]
    assert agadir.stage == Stage.PHASE_ONE and phase_state(agadir, "phase_one").is_open
    assert tetouan.stage == Stage.COUNCIL and phase_state(tetouan, "phase_two").state == "closed"
    assert region.stage == Stage.ADOPTED
    adoption = Adoption.objects.get(cycle=region)
    assert adoption.deliberation_number.startswith("DEMO") and "Demo" in adoption.document.title
    assert all("Demo" in t.note for t in Transition.objects.filter(cycle__cohort=demo))
    assert all(v.title.startswith("Demo") for c in cycles.values() for v in c.versions.all())

    before = (list(CohortMembership.objects.values()), list(Cycle.objects.values()), Transition.objects.count())
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "0 member(s) given demo progress, 3 kept" in out and "0 real member(s) placed" in out
    assert (list(CohortMembership.objects.values()), list(Cycle.objects.values()),
            Transition.objects.count()) == before


def test_seed_demo_without_the_plans_cohorts_says_how_to_load_them(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Real members not placed in cohorts" in out and "load_cohorts" in out
    assert not CohortMembership.objects.filter(cohort__is_demo=False).exists()
