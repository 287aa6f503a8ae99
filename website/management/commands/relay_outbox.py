"""The outbox loop: hands pending side effects to Celery, or carries them out itself."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from website.relay import EmbeddedBeat, relay_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Relay the outbox: publish due rows to Celery, or (--embedded) run them and the beat schedule here."

    def add_arguments(self, parser):
        parser.add_argument("--embedded", action="store_true",
                            help="Run the tasks and the beat schedule in this process (no broker).")
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, embedded: bool, once: bool, interval: float, **options):
        # Without a broker there is nobody to hand the rows to: run them here.
        embedded = embedded or not settings.CELERY_BROKER_URL
        beat = (EmbeddedBeat(settings.CELERY_BEAT_SCHEDULE, settings.VAR_DIR / "embedded-beat.json")
                if embedded else None)
        if not once:
            self.stdout.write(f"Outbox relay running ({'embedded' if embedded else 'publishing to Celery'}).")
        while True:
            try:
                relay_once(embedded=embedded)
                if beat:
                    beat.tick()
            except Exception:  # a database hiccup must not stop the loop: the rows wait for the next pass
                if once:
                    raise
                logger.exception("Outbox relay pass failed; retrying in %s s", interval)
            if once:
                return
            close_old_connections()  # a long-lived loop must not keep a broken or stale connection
            time.sleep(interval)
