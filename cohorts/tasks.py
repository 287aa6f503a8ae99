"""The cycle's scheduled jobs (CELERY_BEAT_SCHEDULE): Celery beat runs them in the full stack,
the embedded relay (website.relay.EmbeddedBeat) in the default. Both jobs are safe to run any
number of times: every move and every reminder they write is keyed, so it happens once."""

from celery import shared_task


@shared_task(ignore_result=True)
def run_calendar() -> int:
    """Open and close the phases whose dates have come; returns how many moves were made."""
    from cohorts import services

    return len(services.run_calendar())


@shared_task(ignore_result=True)
def write_staff_reminders() -> int:
    """Write the staff reminders due today to the outbox; returns how many were new."""
    from cohorts import reminders

    return len(reminders.write_reminders())
