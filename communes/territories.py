"""Loading Morocco's territorial collectivities from the data files shipped in `data/morocco/`.

Every row is checked before anything is written: a malformed row is reported by file, line and
reason, and nothing is loaded. Loading twice changes nothing the second time.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from communes.models import Kind, Level, Territory

DATA_DIR = settings.BASE_DIR / "data" / "morocco"
EXPECTED = {
    Level.REGION: 12,
    Level.PROVINCE: 75,
    Level.ARRONDISSEMENTS_PREFECTURE: 8,
    Level.COMMUNE: 1503,
}
# Member pages live at /<language>/<slug>/ beside the site's own pages: these names stay free.
RESERVED_SLUGS = frozenset({
    "members", "cohorts", "search", "api", "admin", "accounts", "documents", "media", "static",
    "health", "open-data", "legal-notice", "privacy", "accessibility", "contact", "plan", "news",
})

REGION_CODE = re.compile(r"^\d{2}$")
PROVINCE_CODE = re.compile(r"^\d{2}\.\d{3}$")
# The préfectures d'arrondissements carry the code of their arrondissement group: RR.PPP.CC.NN.
ARRONDISSEMENTS_PREFECTURE_CODE = re.compile(r"^\d{2}\.\d{3}\.\d{2}\.\d{2}$")
COMMUNE_CODE = re.compile(r"^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$")


class TerritoryDataError(Exception):
    """The data files are not loadable; `errors` lists each problem as `file:line: reason`."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Report:
    counts: dict[str, int]
    created: int
    updated: int
    unchanged: int


@dataclass
class _Reader:
    """Reads one CSV file and collects its row errors with their line numbers."""

    path: Path
    errors: list[str] = field(default_factory=list)

    def rows(self, required: tuple[str, ...]):
        if not self.path.exists():
            self.errors.append(f"{self.path.name}: file not found")
            return
        with self.path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                self.errors.append(f"{self.path.name}:1: missing column(s) {', '.join(missing)}")
                return
            for row in reader:
                line = reader.line_num
                if None in row or any(value is None for value in row.values()):
                    self.errors.append(f"{self.path.name}:{line}: wrong number of fields")
                    continue
                empty = [name for name in required if not row[name].strip()]
                if empty:
                    self.errors.append(f"{self.path.name}:{line}: empty {', '.join(empty)}")
                    continue
                yield line, {key: value.strip() for key, value in row.items()}

    def error(self, line: int, reason: str) -> None:
        self.errors.append(f"{self.path.name}:{line}: {reason}")

    def number(self, line: int, row: dict, name: str, *, required: bool = True) -> int | None:
        value = row.get(name, "")
        if not value:
            if required:
                self.error(line, f"empty {name}")
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(line, f"{name} is not a whole number: {value!r}")
            return None
        if number < 0:
            self.error(line, f"{name} is negative: {value!r}")
        return number

    def coordinate(self, line: int, row: dict, name: str, low: float, high: float) -> Decimal | None:
        value = row.get(name, "")
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(line, f"{name} is not a number: {value!r}")
            return None
        if not low <= number <= high:
            self.error(line, f"{name} {value} is outside Morocco")
            return None
        return number


def read_territories(data_dir: Path = DATA_DIR) -> tuple[list[dict], list[str]]:
    """Parse and check the files; return the rows to load (regions first) and the errors."""
    records: list[dict] = []
    errors: list[str] = []
    seen: set[str] = set()

    regions = _Reader(data_dir / "admin_regions.csv")
    for line, row in regions.rows(("code", "name_fr", "name_ar", "iso_3166_2")):
        if not REGION_CODE.match(row["code"]):
            regions.error(line, f"region code {row['code']!r} is not two digits")
            continue
        records.append({
            "code": row["code"], "code_digits": row["code"], "level": Level.REGION, "kind": Kind.REGION,
            "name_fr": row["name_fr"], "name_ar": row["name_ar"], "iso_code": row["iso_3166_2"],
            "parent": None, "region": None, "province": None,
            "population_2024": regions.number(line, row, "population_2024"),
            "households_2024": regions.number(line, row, "households_2024", required=False),
            "population_2014": None, "latitude": None, "longitude": None, "_where": (regions, line),
        })
    errors += regions.errors
    region_codes = {r["code"] for r in records}

    provinces = _Reader(data_dir / "admin_provinces.csv")
    kinds = {"province": Kind.PROVINCE, "prefecture": Kind.PREFECTURE,
             "prefecture_of_arrondissements": Kind.ARRONDISSEMENTS_PREFECTURE}
    for line, row in provinces.rows(("code", "name_fr", "name_ar", "type", "region_code",
                                     "in_75_prefectures_provinces")):
        if row["type"] not in kinds:
            provinces.error(line, f"unknown type {row['type']!r}")
            continue
        pattern = ARRONDISSEMENTS_PREFECTURE_CODE if row["type"] == "prefecture_of_arrondissements" else PROVINCE_CODE
        if not pattern.match(row["code"]):
            provinces.error(line, f"code {row['code']!r} does not have the form of a {row['type']} code")
            continue
        if row["region_code"] not in region_codes or not row["code"].startswith(row["region_code"] + "."):
            provinces.error(line, f"region {row['region_code']!r} is unknown or does not prefix the code")
            continue
        in_75 = row["in_75_prefectures_provinces"] == "true"
        if in_75 == (row["type"] == "prefecture_of_arrondissements"):
            provinces.error(line, "in_75_prefectures_provinces disagrees with the type")
            continue
        records.append({
            "code": row["code"], "code_digits": row.get("code_digits", ""),
            "level": Level.PROVINCE if in_75 else Level.ARRONDISSEMENTS_PREFECTURE,
            "kind": kinds[row["type"]], "name_fr": row["name_fr"], "name_ar": row["name_ar"],
            "iso_code": row.get("iso_3166_2", ""),
            # A préfecture d'arrondissements lies inside its city's prefecture (its code's RR.PPP).
            "parent": row["region_code"] if in_75 else row["code"][:6],
            "region": row["region_code"], "province": None if in_75 else row["code"][:6],
            "population_2024": provinces.number(line, row, "population_2024"),
            "households_2024": provinces.number(line, row, "households_2024", required=False),
            "population_2014": None, "latitude": None, "longitude": None, "_where": (provinces, line),
        })
    province_codes = {r["code"] for r in records if r["level"] == Level.PROVINCE}
    for record in records:
        if record["level"] == Level.ARRONDISSEMENTS_PREFECTURE and record["parent"] not in province_codes:
            reader, line = record["_where"]
            reader.error(line, f"prefecture {record['parent']!r} of this préfecture d'arrondissements is unknown")
    errors += provinces.errors

    points: dict[str, tuple] = {}
    points_file = _Reader(data_dir / "admin_communes_points_osm.csv")
    for line, row in points_file.rows(("code",)):
        lat = points_file.coordinate(line, row, "lat", 20, 36.5)
        lng = points_file.coordinate(line, row, "lng", -17.5, -0.9)
        if (lat is None) != (lng is None):
            points_file.error(line, "a point needs both lat and lng")
            continue
        points[row["code"]] = (lat, lng)
    errors += points_file.errors

    communes = _Reader(data_dir / "admin_communes.csv")
    for line, row in communes.rows(("code", "name_fr", "name_ar", "type", "region_code", "province_code")):
        if not COMMUNE_CODE.match(row["code"]):
            communes.error(line, f"commune code {row['code']!r} is not RR.PPP.CC.N")
            continue
        if row["type"] not in ("urban", "rural"):
            communes.error(line, f"type {row['type']!r} is neither urban nor rural")
            continue
        if row["province_code"] not in province_codes or not row["province_code"].startswith(row["region_code"] + "."):
            communes.error(line, f"province {row['province_code']!r} is unknown or not in region "
                                 f"{row['region_code']!r}")
            continue
        lat, lng = points.get(row["code"], (None, None))
        records.append({
            "code": row["code"], "code_digits": row.get("code_digits", ""), "level": Level.COMMUNE,
            "kind": Kind.URBAN if row["type"] == "urban" else Kind.RURAL,
            "name_fr": row["name_fr"], "name_ar": row["name_ar"], "iso_code": "",
            "parent": row["province_code"], "region": row["region_code"], "province": row["province_code"],
            "population_2024": communes.number(line, row, "population_2024"),
            "households_2024": communes.number(line, row, "households_2024", required=False),
            "population_2014": communes.number(line, row, "population_2014", required=False),
            "latitude": lat, "longitude": lng, "_where": (communes, line),
        })
    errors += communes.errors

    for record in records:
        if record["code"] in seen:
            reader, line = record["_where"]
            errors.append(f"{reader.path.name}:{line}: code {record['code']} appears twice")
        seen.add(record["code"])
    unknown_points = sorted(set(points) - {r["code"] for r in records if r["level"] == Level.COMMUNE})
    for code in unknown_points[:10]:
        errors.append(f"{points_file.path.name}: point for unknown commune {code}")
    return records, errors


def assign_slugs(records: list[dict]) -> None:
    """A readable, stable, unique address name for each collectivity.

    The French name alone where it is unique; otherwise qualified by level (or, for communes,
    by province); the code digits only as a last resort.
    """
    by_code = {r["code"]: r for r in records}
    base = {r["code"]: slugify(r["name_fr"]) or r["code"].replace(".", "-") for r in records}
    counts = Counter(base.values())

    def qualified(record: dict) -> str:
        slug = base[record["code"]]
        if counts[slug] == 1 and slug not in RESERVED_SLUGS:
            return slug
        if record["level"] == Level.COMMUNE:
            return f"{slug}-{slugify(by_code[record['province']]['name_fr'])}"
        return f"{slug}-{slugify(str(record['kind']))}"

    second = {r["code"]: qualified(r) for r in records}
    counts = Counter(second.values())
    for record in records:
        slug = second[record["code"]]
        if counts[slug] > 1:
            slug = f"{slug}-{record['code'].replace('.', '-')}"
        record["slug"] = slug[:120]


def check_counts(records: list[dict]) -> list[str]:
    counts = Counter(r["level"] for r in records)
    # The loader reports in English; the level's label would otherwise follow the active language.
    with translation.override(None):
        return [
            f"expected {expected} {level.label.lower()} rows, found {counts.get(level, 0)}"
            for level, expected in EXPECTED.items() if counts.get(level, 0) != expected
        ]


FIELDS = ("code_digits", "level", "kind", "name_fr", "name_ar", "slug", "iso_code",
          "population_2014", "population_2024", "households_2024", "latitude", "longitude")
LINKS = ("parent", "region", "province")
LOAD_ORDER = [Level.REGION, Level.PROVINCE, Level.ARRONDISSEMENTS_PREFECTURE, Level.COMMUNE]


def load_territories(data_dir: Path = DATA_DIR) -> Report:
    """Check every file, then create or update every collectivity in one transaction."""
    records, errors = read_territories(data_dir)
    if not errors:
        errors = check_counts(records)
    if errors:
        raise TerritoryDataError(errors)
    assign_slugs(records)
    created = updated = 0
    with transaction.atomic():
        existing = {t.code: t for t in Territory.objects.select_for_update()}
        # Parents before children: regions, then provinces, then the rest.
        for record in sorted(records, key=lambda r: LOAD_ORDER.index(r["level"])):
            territory = existing.get(record["code"]) or Territory(code=record["code"])
            values = {name: record[name] for name in FIELDS}
            values.update({
                f"{name}_id": existing[record[name]].pk if record[name] else None for name in LINKS
            })
            changed = territory.pk is None or any(
                _differs(getattr(territory, name), value) for name, value in values.items()
            )
            if not changed:
                continue
            for name, value in values.items():
                setattr(territory, name, value)
            if territory.pk is None:
                created += 1
            else:
                updated += 1
            territory.save()
            existing[territory.code] = territory
    counts = Counter(r["level"] for r in records)
    return Report(counts=dict(counts), created=created, updated=updated,
                  unchanged=len(records) - created - updated)


def _differs(current, new) -> bool:
    if isinstance(new, Decimal) and current is not None:
        return Decimal(current) != new
    return current != new
