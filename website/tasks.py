"""Celery tasks: thin wrappers that carry out outbox rows by id."""

from celery import shared_task

from website.outbox import deliver, prune


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_outbox_row(row_id: int) -> bool:
    """Carry out one outbox row; a row already done is skipped, so redelivery is harmless."""
    return deliver(row_id)


@shared_task(ignore_result=True)
def prune_outbox() -> int:
    """Delete the outbox rows past OUTBOX_RETENTION_DAYS (CELERY_BEAT_SCHEDULE); returns how many."""
    return prune()
