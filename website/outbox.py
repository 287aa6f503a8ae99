"""Nothing lost, nothing blocked: side effects are rows written in the request's transaction.

A request never talks to the broker, the search engine or SMTP. It writes an `Outbox` row (ids
and small payloads only) in the same transaction as the change it follows; `manage.py
relay_outbox` hands pending rows to Celery (or, embedded, runs them itself), and the task marks
the row done. A row is keyed, and versioned where its object changes, so the same side effect
is never queued twice (`Outbox.enqueue` states the rule).

A row is not kept forever: once done, a handler may return what of its payload is worth keeping
(a mail keeps its subject and addresses, never its body and the links in it), and `prune`, a
scheduled job, deletes done rows after OUTBOX_RETENTION_DAYS. A mail knows the account it is
addressed to (`recipient`), so a person's mails are listed in their data and erased with it.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

# A handler returns None (the payload is kept as it was) or what of the payload to keep once done.
HANDLERS: dict[str, Callable[[dict], dict | None]] = {}

# Mail that went through EMAIL_BACKEND (website.mail).
EMAIL = "email"


def qualified_name(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def register_once(registry: dict[str, Callable], name: str, func: Callable, *, refusal: str) -> Callable:
    """Put `func` in `registry` under `name`, one function per name.

    A second function for a name that has one is refused when its module is imported (two apps
    choosing the same name would otherwise see one of them silently lose its rows); the same
    function registered again, by a module imported twice, replaces itself.
    """
    registered = registry.get(name)
    if registered is not None and qualified_name(registered) != qualified_name(func):
        raise ImproperlyConfigured(refusal.format(
            name=repr(name), registered=qualified_name(registered), new=qualified_name(func)))
    registry[name] = func
    return func


def handler(kind: str):
    """Register the function that carries out outbox rows of this kind: one per kind
    (register_once)."""
    return lambda func: register_once(HANDLERS, kind, func, refusal=(
        "Outbox kind {name} already has a handler, {registered}; {new} needs a kind of its own."))


class OutboxQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True)

    def due(self, now=None):
        """Pending rows never handed to a worker, or handed long enough ago to be handed again."""
        now = now or timezone.now()
        stale = now - timedelta(seconds=settings.OUTBOX_REPUBLISH_AFTER_SECONDS)
        return self.pending().filter(
            models.Q(published_at__isnull=True) | models.Q(published_at__lt=stale),
            available_at__lte=now,
        )

    def expired(self, now=None):
        """Done rows older than the retention period, and mails that could not go out within it.

        A mail still failing after that long is stale (its links have expired, its news is old)
        and keeps a body with secrets in it; other pending rows hold ids only and are kept, so that
        no side effect is lost.
        """
        cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
        is_mail = models.Q(kind=EMAIL) | models.Q(recipient__isnull=False)
        stale_mail = models.Q(done_at__isnull=True, created_at__lt=cutoff) & is_mail
        return self.filter(models.Q(done_at__lt=cutoff) | stale_mail)


class Outbox(models.Model):
    """One side effect to carry out after the transaction that wrote it commits."""

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    # Which state of the keyed object the row carries ("" where the key alone is the event).
    version = models.CharField(max_length=64, blank=True, default="")
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The account a mail is addressed to, if it has one: its mails are exported and erased with it.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")

    objects = OutboxQuerySet.as_manager()

    class Meta:
        app_label = "website"
        verbose_name = "outbox row"
        indexes: ClassVar[list] = [models.Index(fields=["done_at", "available_at"], name="outbox_pending")]
        constraints: ClassVar[list] = [models.UniqueConstraint(fields=["key", "version"], name="outbox_key_version")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}" + (f" @{self.version}" if self.version else "")

    @classmethod
    def enqueue(cls, kind: str, key: str, payload: dict | None = None, recipient_id: int | None = None,
                version: str | int = "") -> "Outbox":
        """Write a row once per key and version; a second call with both the same returns the first row.

        The rule: a key names a side effect ("phase one of cycle 7 opened", "index page 42"), a
        version which state of its object the row is for, and a key and version are written once,
        ever (rows done and pruned aside). So a repeated call (a retried request, a second pass of
        a job) is a no-op, and a new version writes a new row, beside older rows still pending:
        the handler reads the object as it then is. Once-per-event side effects (a phase's
        opening or closing, a reminder, a mail) give no version, their key alone is the event;
        side effects of an object that changes (a search document) pass its revision, or any
        string that changes with it (at most 64 characters).
        """
        row, _created = cls.objects.get_or_create(
            key=key, version=str(version),
            defaults={"kind": kind, "payload": payload or {}, "recipient_id": recipient_id})
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
                kept = HANDLERS[row.kind](row.payload)
        except Exception as error:
            Outbox.objects.filter(pk=row.pk).update(
                attempts=row.attempts,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                published_at=None,
                available_at=timezone.now() + retry_delay(row.attempts),
            )
            return False
        row.done_at = timezone.now()
        row.last_error = ""
        if kept is not None:
            row.payload = kept
        row.save(update_fields=["attempts", "done_at", "last_error", "payload"])
        return True


def prune(now=None) -> int:
    """Delete the rows past the retention period (a scheduled job; running it twice is harmless)."""
    deleted, _by_model = Outbox.objects.expired(now).delete()
    return deleted
