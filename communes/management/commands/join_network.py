"""Make one or more collectivities members of the network."""

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from communes.services import JoinError, find_territory, join_network, refresh_planner_statistics


class Command(BaseCommand):
    help = "Make collectivities members of the network, by HCP code (idempotent; all codes are checked first)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="+", metavar="CODE", help="HCP code, e.g. 09 or 09.001.01.0")

    # The command speaks English throughout; without this its errors would come out in Arabic
    # (LANGUAGE_CODE) inside English sentences.
    @no_translations
    def handle(self, *args, codes: list[str], **options):
        problems = []
        for code in codes:
            try:
                find_territory(code)
            except JoinError as error:
                problems.append(str(error))
        if problems:
            raise CommandError("No collectivity joined:\n  " + "\n  ".join(problems))
        with transaction.atomic():
            members = [join_network(code) for code in codes]
        if len(members) > 50:
            refresh_planner_statistics()
        for member in members:
            self.stdout.write(f"{member.territory.code} {member.territory.name_fr}: member since {member.joined_on}")
        self.stdout.write(self.style.SUCCESS(f"{len(members)} member(s) in the network."))
