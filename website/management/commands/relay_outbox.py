"""The outbox loop: hands pending side effects to Celery, or carries them out itself."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from website.outbox import Outbox, deliver

BATCH = 100


def relay_once(*, embedded: bool) -> int:
    """One pass: take due rows (skipping rows another relay holds) and run or publish them."""
    with transaction.atomic():
        due = Outbox.objects.due().order_by("available_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:BATCH])
        if not embedded and ids:
            from website.tasks import deliver_outbox_row

            for row_id in ids:
                deliver_outbox_row.delay(row_id)
            Outbox.objects.filter(pk__in=ids).update(published_at=timezone.now())
    if embedded:
        for row_id in ids:
            deliver(row_id)
    return len(ids)


class Command(BaseCommand):
    help = "Relay the outbox: publish pending rows to Celery, or (--embedded) run them here; loops until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--embedded", action="store_true",
                            help="Run the tasks in this process (no broker): the embedded default.")
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, embedded: bool, once: bool, interval: float, **options):
        embedded = embedded or settings.CELERY_TASK_ALWAYS_EAGER
        while True:
            relay_once(embedded=embedded)
            if once:
                return
            time.sleep(interval)
