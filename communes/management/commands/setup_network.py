"""Create what the network's site needs to exist: languages, home pages, standard pages, roles."""

from django.core.management.base import BaseCommand

from communes.roles import ensure_coordinators_group
from website.skeleton import ensure_home_pages, ensure_standard_pages


class Command(BaseCommand):
    help = ("Create the locales, the home page in every language, the standard pages and the coordinators' group "
            "(idempotent).")

    def handle(self, *args, **options):
        homes = ensure_home_pages()
        ensure_standard_pages(homes)
        ensure_coordinators_group(homes.values())
        self.stdout.write(self.style.SUCCESS(f"Network site ready in {len(homes)} languages."))
