"""The national plan's four cohorts and their calendars, from data/nap-2024-2027.yaml."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cohorts.plan import PLAN_FILE, PlanError, load_plan, read_plan


class Command(BaseCommand):
    help = ("Create or complete the cohorts of the national plan (commitment 12) and their planned stages; "
            "a coordinator's changes are kept and reported unless --overwrite.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=PLAN_FILE, help="The plan's YAML file.")
        parser.add_argument("--overwrite", action="store_true",
                            help="Put the plan's reading back where a coordinator changed a cohort or a row.")

    def handle(self, *args, **options):
        # Management commands speak English, whatever LANGUAGE_CODE says (stage labels are lazy).
        with translation.override("en"):
            self._load(**options)

    def _load(self, *, file: Path, overwrite: bool, **options):
        try:
            report = load_plan(read_plan(file), overwrite=overwrite)
        except PlanError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Cohorts: {report.cohorts_created} created, {report.cohorts_filled} completed, "
            f"{report.cohorts_unchanged} unchanged. Planned stages: {report.stages_created} created, "
            f"{report.stages_overwritten} overwritten, {report.stages_unchanged} unchanged."
        ))
        if report.stages_not_in_plan:
            self.stdout.write(f"{report.stages_not_in_plan} planned stage(s) added by coordinators kept.")
        if report.differences:
            self.stdout.write(self.style.WARNING(
                f"{len(report.differences)} difference(s) with the plan, kept as coordinators left them "
                f"(--overwrite puts the plan's reading back):"))
            for line in report.differences:
                self.stdout.write(f"  {line}")
