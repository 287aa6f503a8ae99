"""Shared fixtures: the network's skeleton and reference data, members, and people in roles.

Tests run on the database named by DATABASE_URL (PostgreSQL in CI) and the cache named by
REDIS_URL; a test that needs a service it cannot find skips on a laptop and fails under CI.
"""

import os

import pytest
from django.core.management import call_command

from tests.helpers import make_user

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrations, then the site skeleton and all 1,598 territories, once per session."""
    with django_db_blocker.unblock():
        call_command("setup_network", verbosity=0)
        call_command("load_territories", verbosity=0)


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
