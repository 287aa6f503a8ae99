"""The demo network: the real members known from public sources, demo content, demo logins.

Each app keeps its own demo (communes.demo, cohorts.demo); this command, at the top of the
layers, runs them in order."""

from django.core.management.base import BaseCommand

from cohorts.demo import seed_demo_progress
from cohorts.plan import PlanError, place_real_members
from communes.demo import load_demo_network, seed_random_members


class Command(BaseCommand):
    help = ("Join the real members listed in data/morocco (with their sources), add demo content and logins; "
            "--members N adds N random members for scale work.")

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=0,
                            help="Also join N collectivities chosen at random (marked as demo).")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed for --members.")

    def handle(self, *args, members: int, seed: int, **options):
        if members:
            joined = seed_random_members(members, seed=seed)
            self.stdout.write(self.style.SUCCESS(f"{joined} random demo member(s) joined."))
            return
        report = load_demo_network()
        self.stdout.write(self.style.SUCCESS(f"Demo network: {report.members} members from public sources."))
        self._cohorts()
        self.stdout.write("\nDemo logins (embedded demo only; they skip the second factor):")
        for role, email, password in report.logins:
            self.stdout.write(f"  {role:<34} {email:<36} password: {password}")

    def _cohorts(self) -> None:
        """Demo progress in the demonstration cohorts, then the real members in the plan's cohorts.

        In that order: the members that carry demo content are shown in the demonstration cohorts."""
        demo = seed_demo_progress()
        if demo.replaced:
            self.stdout.write(f"Demonstration cohorts: an earlier layout replaced ({demo.replaced} demo cycle(s) "
                              f"removed, with their history).")
        self.stdout.write(self.style.SUCCESS(
            f"Demonstration cohorts: {len(demo.seeded)} member(s) given demo progress, "
            f"{len(demo.kept)} kept as they were."))
        try:
            placed = place_real_members()
        except PlanError as error:
            self.stdout.write(self.style.WARNING(f"Real members not placed in cohorts: {error}"))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Cohorts of the plan: {placed.placed} real member(s) placed from public sources (indicative), "
            f"{placed.already_in_a_cohort} already in a cohort, {placed.without_intake} without an intake in the "
            f"sources (not placed)."))
