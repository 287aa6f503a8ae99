"""Nothing lost, nothing blocked: side effects are rows written in the request's transaction.

A request never talks to the broker, the search engine or SMTP. It writes an `Outbox` row (ids
and small payloads only) in the same transaction as the change it follows; `manage.py
relay_outbox` hands pending rows to Celery (or, embedded, runs them itself), and the task marks
the row done. A row is keyed, so the same side effect is never queued twice.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone

HANDLERS: dict[str, Callable[[dict], None]] = {}


def handler(kind: str):
    """Register the function that carries out outbox rows of this kind."""

    def register(func: Callable[[dict], None]) -> Callable[[dict], None]:
        HANDLERS[kind] = func
        return func

    return register


class OutboxQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True)

    def due(self, now=None):
        """Pending rows never handed to a worker, or handed long enough ago to be handed again."""
        from django.conf import settings

        now = now or timezone.now()
        stale = now - timedelta(seconds=settings.OUTBOX_REPUBLISH_AFTER_SECONDS)
        return self.pending().filter(
            models.Q(published_at__isnull=True) | models.Q(published_at__lt=stale),
            available_at__lte=now,
        )


class Outbox(models.Model):
    """One side effect to carry out after the transaction that wrote it commits."""

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        app_label = "website"
        verbose_name = "outbox row"
        indexes = [models.Index(fields=["done_at", "available_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @classmethod
    def enqueue(cls, kind: str, key: str, payload: dict | None = None) -> "Outbox":
        """Write a row once per key; a second call with the same key returns the first row."""
        row, _created = cls.objects.get_or_create(key=key, defaults={"kind": kind, "payload": payload or {}})
        return row


def retry_delay(attempts: int) -> timedelta:
    """Back off after a failure: 1 min, 2, 4, … up to an hour between attempts."""
    return timedelta(seconds=min(3600, 30 * 2**attempts))


def deliver(row_id: int) -> bool:
    """Carry out one row, once: lock it, run its handler, mark it done. Idempotent.

    The row stays locked while its handler runs, so a second delivery of the same row (a
    republished message, a second relay) waits, then finds it done and does nothing.
    """
    with transaction.atomic():
        row = Outbox.objects.select_for_update().filter(pk=row_id, done_at__isnull=True).first()
        if row is None:
            return False
        row.attempts += 1
        try:
            # A savepoint: a handler's failed query must not abort the transaction that records it.
            with transaction.atomic():
                HANDLERS[row.kind](row.payload)
        except Exception as error:  # noqa: BLE001  the row keeps the error and is retried later
            Outbox.objects.filter(pk=row.pk).update(
                attempts=row.attempts,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                published_at=None,
                available_at=timezone.now() + retry_delay(row.attempts),
            )
            return False
        row.done_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "done_at", "last_error"])
        return True
