"""Nothing lost, nothing blocked: mail and other side effects go through the outbox and its relay."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.conftest import require
from tests.helpers import closed_port, wait_for_worker
from website.outbox import HANDLERS, Outbox, deliver
from website.relay import EmbeddedBeat, relay_once


@pytest.fixture
def calls(monkeypatch):
    """An outbox kind `test.record` whose handler records each call, and `test.fail` that raises."""
    made: list[dict] = []

    def fail(payload: dict) -> None:
        raise RuntimeError("the service said no")

    monkeypatch.setitem(HANDLERS, "test.record", made.append)
    monkeypatch.setitem(HANDLERS, "test.fail", fail)
    return made


def test_send_mail__writes_one_row_and_sends_nothing_before_the_relay(db, mail_through_outbox, mailoutbox):
    sent = send_mail("Bienvenue", "Votre espace est prêt.", None, ["focal.point@example.org"])

    assert sent == 1
    assert mailoutbox == []
    row = Outbox.objects.get()
    assert row.kind == "email"
    assert row.payload["to"] == ["focal.point@example.org"]
    assert row.done_at is None


def test_embedded_relay__sends_the_mail_exactly_once(db, mail_through_outbox, mailoutbox):
    send_mail("Bienvenue", "Votre espace est prêt.", None, ["focal.point@example.org"])

    assert relay_once(embedded=True) == 1
    assert relay_once(embedded=True) == 0
    call_command("relay_outbox", "--embedded", "--once")

    assert [message.subject for message in mailoutbox] == ["Bienvenue"]
    assert mailoutbox[0].to == ["focal.point@example.org"]
    row = Outbox.objects.get()
    assert row.done_at is not None
    assert row.attempts == 1


def test_sign_up__verification_mail_goes_through_the_outbox(client, db, mail_through_outbox, mailoutbox):
    # A fresh address: allauth rate-limits confirmation mails per address, in a cache (Redis in
    # CI) that outlives the test database.
    email = f"resident.{uuid.uuid4().hex[:8]}@example.org"
    response = client.post("/accounts/signup/", {
        "email": email,
        "password1": "a-long-resident-password-7",
        "password2": "a-long-resident-password-7",
        "accept_privacy": "on",
    })

    assert response.status_code == 302
    assert mailoutbox == []
    row = Outbox.objects.get(kind="email")
    assert row.payload["to"] == [email]
    assert "/accounts/confirm-email/" in row.payload["body"]

    relay_once(embedded=True)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [email]


def test_failing_handler__row_stays_pending_with_its_error_and_a_later_turn(db, calls):
    row = Outbox.enqueue("test.fail", "fail:1")
    before = timezone.now()

    assert relay_once(embedded=True) == 0

    row.refresh_from_db()
    assert row.done_at is None
    assert row.attempts == 1
    assert row.last_error == "RuntimeError: the service said no"
    assert row.available_at > before + timedelta(seconds=30)
    # Not due again until its turn comes.
    assert relay_once(embedded=True) == 0
    assert Outbox.objects.due(now=row.available_at + timedelta(seconds=1)).filter(pk=row.pk).exists()


def test_enqueue__same_key_makes_one_row(db):
    first = Outbox.enqueue("test.record", "member:7:welcome", {"member": 7})
    second = Outbox.enqueue("test.record", "member:7:welcome", {"member": 7})

    assert first.pk == second.pk
    assert Outbox.objects.count() == 1


def test_row_handed_twice__is_carried_out_once(db, calls):
    from website.tasks import deliver_outbox_row

    row = Outbox.enqueue("test.record", "record:1", {"n": 1})

    deliver_outbox_row.apply(args=(row.pk,))
    deliver_outbox_row.apply(args=(row.pk,))  # a republished or redelivered message
    assert deliver(row.pk) is False

    assert calls == [{"n": 1}]


def test_published_row__is_republished_only_after_the_delay(db, settings):
    settings.OUTBOX_REPUBLISH_AFTER_SECONDS = 300
    row = Outbox.enqueue("test.record", "record:2")
    now = timezone.now()
    Outbox.objects.filter(pk=row.pk).update(published_at=now - timedelta(seconds=10))

    assert not Outbox.objects.due(now=now).exists()
    assert list(Outbox.objects.due(now=now + timedelta(seconds=300)).values_list("pk", flat=True)) == [row.pk]


def test_relay__broker_unreachable_returns_promptly_and_keeps_the_row_pending(db, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    row = Outbox.enqueue("test.record", "record:3")

    started = time.monotonic()
    published = relay_once(embedded=False)
    elapsed = time.monotonic() - started

    assert published == 0
    assert elapsed < settings.OUTBOX_BROKER_TIMEOUT_SECONDS + 1
    row.refresh_from_db()
    assert row.published_at is None
    assert row.done_at is None
    assert Outbox.objects.due().filter(pk=row.pk).exists()  # taken again on the next pass


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries__one_row_is_carried_out_once(calls):
    require(connection.vendor == "postgresql", "row locks are tested on PostgreSQL (set DATABASE_URL)")
    from django.db import connections

    row = Outbox.enqueue("test.record", "record:race", {"n": 1})
    results: list[bool] = []
    start = threading.Barrier(4)

    def deliver_in_thread() -> None:
        try:
            start.wait()
            results.append(deliver(row.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver_in_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [False, False, False, True]
    assert calls == [{"n": 1}]


@pytest.mark.django_db(transaction=True)
def test_real_worker__carries_out_the_relayed_row(celery_worker_process, mail_through_outbox):
    worker, log = celery_worker_process
    send_mail("Réunion du comité de suivi", "Ordre du jour joint.", None, ["committee@example.org"])
    row = Outbox.objects.get()

    assert relay_once(embedded=False) == 1
    row.refresh_from_db()
    assert row.published_at is not None

    wait_for_worker(worker, log, lambda: Outbox.objects.get(pk=row.pk).done_at is not None)
    row.refresh_from_db()

    assert row.attempts == 1
    assert "To: committee@example.org" in log.read_text()  # the worker's console backend sent it
    assert relay_once(embedded=False) == 0


def test_embedded_beat__runs_each_entry_at_its_interval_and_remembers_across_restarts(tmp_path):
    from website.celery import app

    runs: list[str] = []

    @app.task(name="tests.record_beat")
    def record_beat(label: str) -> None:
        runs.append(label)

    schedule = {
        "every-minute": {"task": "tests.record_beat", "schedule": 60, "args": ("minute",)},
        "hourly": {"task": "tests.record_beat", "schedule": timedelta(hours=1), "args": ("hour",)},
    }
    state = tmp_path / "beat.json"
    start = timezone.now()

    beat = EmbeddedBeat(schedule, state)
    assert beat.tick(start) == []  # first sight: like Celery beat, the first run is one interval later
    assert beat.tick(start + timedelta(seconds=30)) == []
    assert beat.tick(start + timedelta(seconds=61)) == ["every-minute"]
    assert beat.tick(start + timedelta(seconds=90)) == []

    restarted = EmbeddedBeat(schedule, state)  # a restart does not run everything at once
    assert restarted.tick(start + timedelta(seconds=100)) == []
    assert restarted.tick(start + timedelta(minutes=61)) == ["every-minute", "hourly"]
    assert runs == ["minute", "minute", "hour"]


# Mail is not kept forever: a sent mail keeps its subject and addresses, never its body; rows past
# the retention period are pruned by a scheduled job.

def test_sent_mail__keeps_its_subject_and_address_not_the_reset_link(client, db, mail_through_outbox, mailoutbox):
    from tests.helpers import make_user

    user = make_user("karim@example.org")
    assert client.post("/accounts/password/reset/", {"email": "karim@example.org"}).status_code == 302
    row = Outbox.objects.get(kind="email")
    assert row.recipient_id == user.pk and "/accounts/password/reset/key/" in row.payload["body"]

    relay_once(embedded=True)

    assert "/accounts/password/reset/key/" in mailoutbox[0].body  # the person got the link
    row.refresh_from_db()
    assert row.done_at is not None
    assert row.payload == {"subject": mailoutbox[0].subject, "to": ["karim@example.org"], "cc": [], "bcc": []}


def test_mail__knows_its_account_by_any_of_its_addresses(db, mail_through_outbox):
    from allauth.account.models import EmailAddress

    from tests.helpers import make_user

    user = make_user("karim@example.org")
    EmailAddress.objects.create(user=user, email="karim.work@example.org", verified=False, primary=False)
    send_mail("Confirmez votre adresse", "…", None, ["Karim <Karim.Work@Example.org>"])
    send_mail("Bienvenue", "…", None, ["nobody@example.org"])

    assert dict(Outbox.objects.values_list("payload__subject", "recipient")) == {
        "Confirmez votre adresse": user.pk, "Bienvenue": None}


def test_personal_cycle_mails__know_their_account(db, resident):
    from website.notify import PERSONAL_MAIL, fan_out

    fan_out("phase:1:phase_one:opens", {"mail": "phase_event"}, [resident.pk])

    assert Outbox.objects.get(kind=PERSONAL_MAIL).recipient == resident


def aged(row: Outbox, *, created_days_ago: int, done_days_ago: int | None) -> Outbox:
    now = timezone.now()
    Outbox.objects.filter(pk=row.pk).update(
        created_at=now - timedelta(days=created_days_ago),
        done_at=None if done_days_ago is None else now - timedelta(days=done_days_ago))
    return row


def test_prune__deletes_rows_past_the_retention_and_mails_that_never_went_keeps_the_rest(db, settings, resident):
    from website.outbox import prune

    settings.OUTBOX_RETENTION_DAYS = 30
    rows = {
        "done long ago": aged(Outbox.enqueue("email", "a", {"subject": "A"}), created_days_ago=40, done_days_ago=31),
        "done lately": aged(Outbox.enqueue("email", "b", {"subject": "B"}), created_days_ago=40, done_days_ago=29),
        "index done long ago": aged(Outbox.enqueue("test.record", "c"), created_days_ago=40, done_days_ago=31),
        "mail failing for long": aged(Outbox.enqueue("email", "d", {"body": "https://…/reset/KEY/"}),
                                      created_days_ago=31, done_days_ago=None),
        "personal mail failing for long": aged(Outbox.enqueue("personal_mail", "e", {"user": resident.pk},
                                                              recipient_id=resident.pk),
                                               created_days_ago=31, done_days_ago=None),
        "mail failing lately": aged(Outbox.enqueue("email", "f"), created_days_ago=29, done_days_ago=None),
        "index failing for long": aged(Outbox.enqueue("test.record", "g"), created_days_ago=90, done_days_ago=None),
    }

    assert prune() == 4
    assert prune() == 0  # a second run finds nothing more

    kept = set(Outbox.objects.values_list("key", flat=True))
    assert kept == {rows[name].key for name in ("done lately", "mail failing lately", "index failing for long")}


def test_prune_job__is_in_the_schedule_and_runs_there(db, tmp_path):
    entry = next(entry for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
                 if entry["task"] == "website.tasks.prune_outbox")
    old = aged(Outbox.enqueue("email", "old", {"subject": "Old"}), created_days_ago=400, done_days_ago=400)
    start = timezone.now()
    beat = EmbeddedBeat({"prune": entry}, tmp_path / "beat.json")

    assert beat.tick(start) == []
    assert beat.tick(start + timedelta(days=1, minutes=1)) == ["prune"]

    assert not Outbox.objects.filter(pk=old.pk).exists()
    assert django_settings.OUTBOX_RETENTION_DAYS == 60


def test_migration__gives_old_rows_their_account_and_forgets_the_bodies_of_sent_mails(db, resident):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("website.migrations.0002_outbox_recipient")
    sent = Outbox.enqueue("email", "old:sent", {"subject": "Password Reset", "body": "…/reset/KEY/",
                                                "to": ["Resident <resident@example.org>"], "cc": [], "bcc": []})
    Outbox.objects.filter(pk=sent.pk).update(done_at=timezone.now())
    pending = Outbox.enqueue("email", "old:pending", {"subject": "S", "body": "…/KEY2/", "to": ["x@example.org"]})
    personal = Outbox.enqueue("personal_mail", "old:personal", {"mail": "phase_event", "user": resident.pk})

    migration.address_mails_and_forget_sent_bodies(apps, None)

    sent.refresh_from_db()
    assert sent.recipient == resident
    assert sent.payload == {"subject": "Password Reset", "to": ["Resident <resident@example.org>"], "cc": [], "bcc": []}
    pending.refresh_from_db()
    assert pending.recipient is None and pending.payload["body"] == "…/KEY2/"  # still to be sent
    personal.refresh_from_db()
    assert personal.recipient == resident
