"""Shared fixtures: the network's skeleton and reference data, members, and people in roles.

Tests run on the database named by DATABASE_URL (PostgreSQL in CI) and the cache named by
REDIS_URL; a test that needs a service it cannot find skips on a laptop and fails under CI.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.database_snapshot import restore_snapshot, take_snapshot
from tests.helpers import database_url_for_subprocess, login_to_admin, make_user, redis_answers

IN_CI = bool(os.environ.get("CI"))


def require(condition: bool, reason: str) -> None:
    """Skip on a laptop, fail in CI: CI promises every service but Elasticsearch."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def pytest_sessionstart(session):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI and "postgresql" not in engine:
        raise pytest.UsageError("Under CI the tests run on PostgreSQL: set DATABASE_URL.")
    if IN_CI and not settings.REDIS_URL:
        raise pytest.UsageError("Under CI the tests run with Redis: set REDIS_URL.")


# The database as the session set it up, put back after every transactional test.
SNAPSHOT = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Migrations, then the site skeleton and all 1,598 territories, once per session."""
    with django_db_blocker.unblock():
        call_command("setup_network", verbosity=0)
        call_command("load_territories", verbosity=0)
        if any(is_transactional(item) for item in request.session.items):
            request.config.stash[SNAPSHOT] = (django_db_blocker, take_snapshot())
        if hasattr(connection, "_test_serialized_contents"):
            # A test asked for serialized_rollback: Django reloads this before it, so it must
            # hold the skeleton, not only what the migrations made.
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs this test outside a transaction, then flushes every table."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & fixtures)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the skeleton and territories back, so that every
    test (browser or not, before or after it) starts from the same database."""
    try:
        return (yield)
    finally:
        # After the last test the session has already dropped the test database.
        if is_transactional(item) and nextitem is not None and SNAPSHOT in item.config.stash:
            blocker, snapshot = item.config.stash[SNAPSHOT]
            with blocker.unblock():
                restore_snapshot(snapshot)


@pytest.fixture
def member_a(db):
    from communes.services import join_network

    return join_network("09.001.01.01")  # Agadir (commune)


@pytest.fixture
def member_b(db):
    from communes.services import join_network

    return join_network("01.571.01.11")  # Tétouan (commune)


@pytest.fixture
def staff_of_a(member_a):
    return make_user("staff.a@example.org", groups=[member_a.staff_group])


@pytest.fixture
def staff_of_b(member_b):
    return make_user("staff.b@example.org", groups=[member_b.staff_group])


@pytest.fixture
def coordinator(db):
    from django.contrib.auth.models import Group

    from communes.roles import COORDINATORS

    return make_user("coordinator@example.org", groups=[Group.objects.get(name=COORDINATORS)])


@pytest.fixture
def resident(db):
    return make_user("resident@example.org")


@pytest.fixture
def as_coordinator(client, coordinator):
    """The test client, logged in to the admin as a coordinator (password and TOTP code)."""
    return login_to_admin(client, coordinator)


@pytest.fixture
def mail_through_outbox(settings):
    """Django's test runner swaps EMAIL_BACKEND for locmem: put the platform's backend back, and
    let the relay deliver into the test mailbox."""
    settings.EMAIL_BACKEND = "website.mail.OutboxEmailBackend"
    settings.OUTBOX_EMAIL_DELIVERY = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


@pytest.fixture
def english():
    """The active language is English (the site's default is Arabic): a module whose tests read the
    services' and forms' messages in English says `pytest.mark.usefixtures("english")`."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def clock(monkeypatch):
    """Set Django's clock, for code that reads the time itself rather than taking a `now`
    (a service that takes `now` is given tests.helpers.casablanca(...) instead)."""
    from django.utils import timezone

    def set_to(moment) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def celery_worker_process(tmp_path):
    """A real `celery -A website worker` on the configured Redis, against the test database; yields
    the process and its log (wait on it with tests.helpers.wait_for_worker)."""
    from django.conf import settings

    require(connection.vendor == "postgresql", "the worker shares the test database: set DATABASE_URL")
    require(redis_answers(settings.CELERY_BROKER_URL), "Celery's broker (REDIS_URL) is not reachable")
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": "consolemail://",
    }
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "website", "worker", "--pool", "solo",
             "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel", "INFO"],
            cwd=Path(settings.BASE_DIR), env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    yield worker, log
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached footers or rate-limit counters from another
    test's (rolled back) data would leak into it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Cohorts: a cohort with a calendar around a fixed year, and the members' cycles in it. Tests that
# need the plan's own cohorts load them with `manage.py load_cohorts`.

@pytest.fixture
def cohort(db):
    """Cohort 7 (a test cohort): phase one planned March–May 2030, phase two May–June 2030."""
    from datetime import date

    from cohorts.models import Cohort, PlannedStage, Stage

    cohort = Cohort.objects.create(number=7, name="Test cohort", intake_year=2030,
                                   call_opens_on=date(2029, 10, 1), call_closes_on=date(2029, 11, 30))
    for stage, starts, ends in [
        (Stage.JOINED, date(2030, 1, 1), date(2030, 1, 1)),
        (Stage.TRAINING, date(2030, 2, 1), date(2030, 2, 1)),
        (Stage.PHASE_ONE, date(2030, 3, 1), date(2030, 5, 1)),
        (Stage.PHASE_TWO, date(2030, 5, 1), date(2030, 6, 1)),
        (Stage.COUNCIL, date(2030, 9, 1), date(2030, 10, 1)),
        (Stage.IMPLEMENTATION, date(2031, 1, 1), date(2031, 1, 1)),
    ]:
        PlannedStage.objects.create(cohort=cohort, stage=stage, starts_in=starts, ends_in=ends)
    return cohort


@pytest.fixture
def cycle_a(cohort, member_a):
    """Agadir admitted into the test cohort: its first cycle, at "joined"."""
    from datetime import date

    from cohorts.services import admit
    from cohorts.standing import current_cycle

    admit(cohort, member_a.territory.code, joined_on=date(2030, 1, 15))
    return current_cycle(member_a)


@pytest.fixture
def cycle_b(cohort, member_b):
    from datetime import date

    from cohorts.services import admit
    from cohorts.standing import current_cycle

    admit(cohort, member_b.territory.code, joined_on=date(2030, 1, 15))
    return current_cycle(member_b)

