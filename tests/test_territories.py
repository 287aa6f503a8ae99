"""Loading Morocco's territorial collectivities: complete, idempotent, all or nothing."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from communes.models import Kind, Level, Territory
from communes.territories import DATA_DIR, TerritoryDataError, load_territories


@pytest.fixture
def data_copy(tmp_path):
    for name in ("admin_regions.csv", "admin_provinces.csv", "admin_communes.csv", "admin_communes_points_osm.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _replace_line(path, line_number: int, new_line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_number - 1] = new_line + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_every_collectivity_of_morocco_is_loaded(db):
    assert Territory.objects.filter(level=Level.REGION).count() == 12
    assert Territory.objects.filter(level=Level.PROVINCE).count() == 75
    assert Territory.objects.filter(level=Level.ARRONDISSEMENTS_PREFECTURE).count() == 8
    assert Territory.objects.filter(level=Level.COMMUNE).count() == 1503
    assert Territory.objects.filter(level=Level.COMMUNE, kind=Kind.URBAN).count() == 242
    assert Territory.objects.filter(level=Level.COMMUNE, latitude__isnull=False).count() == 1502


def test_a_commune_knows_its_names_hierarchy_population_and_point(db):
    agadir = Territory.objects.select_related("region", "province", "parent").get(code="09.001.01.01")
    assert (agadir.name_fr, agadir.name_ar) == ("Agadir", "أكادير")
    assert agadir.region.code == "09" and agadir.province.code == "09.001" and agadir.parent == agadir.province
    assert agadir.is_urban is True
    assert agadir.population_2024 > agadir.population_2014 > 0
    assert 30 < agadir.latitude < 31 and -10 < agadir.longitude < -9


def test_population_2024_of_the_communes_sums_to_the_census_total(db):
    from django.db.models import Sum

    total = Territory.objects.filter(level=Level.COMMUNE).aggregate(total=Sum("population_2024"))["total"]
    assert total == 36_828_330


def test_arrondissement_prefectures_are_flagged_and_cannot_join(db):
    anfa = Territory.objects.get(code="06.141.01.00")
    assert anfa.level == Level.ARRONDISSEMENTS_PREFECTURE
    assert anfa.province.code == "06.141"
    assert not anfa.can_join


def test_slugs_are_unique_and_readable(db):
    slugs = list(Territory.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 1598
    assert Territory.objects.get(code="09.001.01.01").slug == "agadir"


def test_loading_twice_changes_nothing(db):
    before = list(Territory.objects.order_by("code").values())
    report = load_territories()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1598)
    assert list(Territory.objects.order_by("code").values()) == before


def test_a_broken_row_is_reported_by_file_line_and_reason_and_nothing_loads(db, data_copy):
    # Line 57 of the communes file: a population that is not a number; line 9 of provinces:
    # a region that does not exist. Earlier rows are valid and must not be loaded either.
    communes = data_copy / "admin_communes.csv"
    fields = communes.read_text(encoding="utf-8").splitlines()[56].split(",")
    fields[15] = "many"
    _replace_line(communes, 57, ",".join(fields))
    provinces = data_copy / "admin_provinces.csv"
    fields = provinces.read_text(encoding="utf-8").splitlines()[8].split(",")
    fields[7] = "99"
    _replace_line(provinces, 9, ",".join(fields))
    Territory.objects.filter(code="09.001.01.01").update(name_fr="Agadir (renamed)")

    with pytest.raises(TerritoryDataError) as caught:
        load_territories(data_copy)

    errors = caught.value.errors
    assert "admin_communes.csv:57: population_2024 is not a whole number: 'many'" in errors
    assert any(e.startswith("admin_provinces.csv:9: region '99'") for e in errors)
    assert Territory.objects.get(code="09.001.01.01").name_fr == "Agadir (renamed)"


def test_the_command_explains_a_broken_file_in_plain_words(db, data_copy):
    _replace_line(data_copy / "admin_regions.csv", 3, "02,MA-02,Oriental")
    with pytest.raises(CommandError) as caught:
        call_command("load_territories", data_dir=data_copy)
    message = str(caught.value)
    assert message.startswith("Nothing was loaded.")
    assert "admin_regions.csv:3: wrong number of fields" in message


def test_a_missing_file_or_wrong_count_loads_nothing(db, data_copy):
    lines = (data_copy / "admin_communes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "admin_communes.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # drop one commune
    (data_copy / "admin_communes_points_osm.csv").write_text(
        "".join((data_copy / "admin_communes_points_osm.csv").read_text().splitlines(keepends=True)[:-1])
    )
    with pytest.raises(TerritoryDataError) as caught:
        load_territories(data_copy)
    assert caught.value.errors == ["expected 1503 commune rows, found 1502"]
    (data_copy / "admin_regions.csv").unlink()
    with pytest.raises(TerritoryDataError) as caught:
        load_territories(data_copy)
    assert "admin_regions.csv: file not found" in caught.value.errors
