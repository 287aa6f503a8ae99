"""The outbox relay: hands due rows to Celery, or runs them (and the beat schedule) in-process.

Full stack: `manage.py relay_outbox` locks due rows (SKIP LOCKED on PostgreSQL, so several relays
and busy workers never collide), publishes one task per row and stamps `published_at`. A broker
that does not answer within OUTBOX_BROKER_TIMEOUT_SECONDS leaves the rows pending for the next
pass; rows published but still pending after OUTBOX_REPUBLISH_AFTER_SECONDS are published again
(the task is idempotent, so a message that was not lost costs nothing).

Embedded (`--embedded`, what `make run` starts): the same loop carries the rows out itself, and
`EmbeddedBeat` runs CELERY_BEAT_SCHEDULE, so the laptop needs neither broker, worker nor beat.
"""

import json
import logging
import os
import warnings
from datetime import datetime
from pathlib import Path

from celery.exceptions import AlwaysEagerIgnored
from celery.schedules import maybe_schedule
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from website.outbox import Outbox, deliver

logger = logging.getLogger(__name__)

BATCH = 100


def take_due(limit: int = BATCH) -> list[int]:
    """Ids of due rows, oldest first; inside a transaction, rows locked elsewhere are skipped."""
    due = Outbox.objects.due().order_by("available_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return list(due.values_list("pk", flat=True)[:limit])


def publish(row_ids: list[int], broker_url: str) -> list[int]:
    """Send one task per row; stop at the first broker failure. Returns the ids sent."""
    from website.celery import app
    from website.tasks import deliver_outbox_row

    sent: list[int] = []
    try:
        with app.connection_for_write(broker_url) as broker, warnings.catch_warnings():
            # send_task always publishes; the relay must never run a task eagerly in its loop.
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            broker.ensure_connection(
                max_retries=1, interval_start=0, timeout=settings.OUTBOX_BROKER_TIMEOUT_SECONDS
            )
            for row_id in row_ids:
                app.send_task(deliver_outbox_row.name, args=(row_id,), connection=broker, retry=False)
                sent.append(row_id)
    except Exception as error:
        logger.warning("Broker unavailable (%s): %d outbox rows left pending", error, len(row_ids) - len(sent))
    return sent


def relay_once(*, embedded: bool, broker_url: str | None = None) -> int:
    """One pass over the due rows. Returns how many were carried out (embedded) or published."""
    if embedded:
        with transaction.atomic():
            row_ids = take_due()
        # Each row is locked again, one at a time, by deliver(): a row is carried out once.
        return sum(deliver(row_id) for row_id in row_ids)
    with transaction.atomic():
        row_ids = take_due()
        if not row_ids:
            return 0
        sent = publish(row_ids, broker_url or settings.CELERY_BROKER_URL)
        Outbox.objects.filter(pk__in=sent).update(published_at=timezone.now())
    return len(sent)


class EmbeddedBeat:
    """CELERY_BEAT_SCHEDULE run in this process: each entry when due, one at a time.

    Last runs are kept in a small JSON file, so a restart neither runs every entry at once nor
    forgets one that falls due less often than the process lives. Like Celery beat, an entry seen
    for the first time runs one interval later.
    """

    def __init__(self, schedule: dict, state_path: Path):
        from website.celery import app

        # A worker imports every app's tasks module when it starts; the embedded beat must too,
        # or the scheduled entries name tasks this process has never registered.
        app.loader.import_default_modules()
        self.app = app
        self.entries = {name: dict(entry, schedule=maybe_schedule(entry["schedule"], app=app))
                        for name, entry in schedule.items()}
        self.state_path = Path(state_path)
        self.last_runs = self._load()

    def _load(self) -> dict[str, datetime]:
        try:
            raw = json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return {}
        return {name: datetime.fromisoformat(value) for name, value in raw.items()}

    def _save(self) -> None:
        temporary = self.state_path.with_suffix(f".{os.getpid()}.tmp")  # two relays never share one
        temporary.write_text(json.dumps({name: when.isoformat() for name, when in self.last_runs.items()}))
        os.replace(temporary, self.state_path)  # never a half-written file

    def tick(self, now: datetime | None = None) -> list[str]:
        """Run the entries that are due at `now`; returns their names."""
        now = now or timezone.now()
        ran: list[str] = []
        for name, entry in self.entries.items():
            last_run = self.last_runs.get(name)
            if last_run is None:
                self.last_runs[name] = now
                continue
            schedule = entry["schedule"]
            schedule.nowfun = lambda: now
            if not schedule.is_due(last_run).is_due:
                continue
            self.last_runs[name] = now
            self._run(name, entry)
            ran.append(name)
        if self.entries:
            self._save()
        return ran

    def _run(self, name: str, entry: dict) -> None:
        task = self.app.tasks.get(entry["task"])
        if task is None:
            logger.error("Scheduled entry %s names an unknown task %s", name, entry["task"])
            return
        result = task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
        if result.failed():
            logger.error("Scheduled entry %s failed: %r", name, result.result)
