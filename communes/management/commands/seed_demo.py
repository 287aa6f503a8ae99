"""The demo network: the real members known from public sources, demo content, demo logins."""

from django.core.management.base import BaseCommand

from communes.demo import load_demo_network, seed_random_members


class Command(BaseCommand):
    help = "Join the real members listed in data/morocco (with their sources), add demo content and logins; --members N adds N random members for scale work."

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
        self.stdout.write("\nDemo logins (embedded demo only; they skip the second factor):")
        for role, email, password in report.logins:
            self.stdout.write(f"  {role:<34} {email:<36} password: {password}")
