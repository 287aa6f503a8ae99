"""Load Morocco's regions, prefectures/provinces and communes from data/morocco/."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communes.territories import DATA_DIR, TerritoryDataError, load_territories


class Command(BaseCommand):
    help = "Load (or update) all territorial collectivities from the HCP data files; idempotent, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                            help="Folder holding admin_regions.csv, admin_provinces.csv, admin_communes.csv, "
                                 "admin_communes_points_osm.csv.")

    def handle(self, *args, data_dir: Path, **options):
        try:
            report = load_territories(data_dir)
        except TerritoryDataError as error:
            raise CommandError(
                "Nothing was loaded. Fix these rows and run the command again:\n  "
                + "\n  ".join(error.errors[:50])
                + (f"\n  … and {len(error.errors) - 50} more" if len(error.errors) > 50 else "")
            ) from None
        counts = ", ".join(f"{n} {level}" for level, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"Territories: {counts}. Created {report.created}, updated {report.updated}, unchanged {report.unchanged}."
        ))
