"""/health/ reports every service in bounded time; a Redis outage degrades, never breaks, pages."""

import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from tests.helpers import PASSWORD, closed_port, make_user

SERVICES = {"database", "cache", "broker", "search"}


@pytest.fixture
def redis_down():
    """Cache and broker pointed at a Redis that is not there (the settings REDIS_URL would give)."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    cache = {
        "default": {
            "BACKEND": "website.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=cache, CELERY_BROKER_URL=url):
        yield url


def get_health(client):
    started = time.monotonic()
    response = client.get("/health/")
    return response, time.monotonic() - started


def test_health__answers_200_with_the_state_of_every_service(client, db):
    response, _elapsed = get_health(client)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["services"]) == SERVICES
    assert body["services"]["database"]["status"] == "ok"
    assert body["services"]["cache"]["status"] == "ok"
    # Embedded (no broker, no Elasticsearch configured) is healthy too.
    assert body["services"]["broker"]["status"] == ("ok" if settings.CELERY_BROKER_URL else "embedded")
    assert body["services"]["search"]["status"] == ("ok" if settings.ELASTICSEARCH_URL else "database")
    assert response["Cache-Control"].startswith("max-age=0")


def test_health__redis_down_answers_503_naming_cache_and_broker_within_3_s(client, db, redis_down):
    response, elapsed = get_health(client)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["services"]["cache"]["status"] == "down"
    assert body["services"]["broker"]["status"] == "down"
    assert "Connection" in body["services"]["broker"]["error"]
    assert body["services"]["database"]["status"] == "ok"
    assert elapsed < 3


def test_health__elasticsearch_unreachable_reports_search_down_quickly(client, db, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"

    response, elapsed = get_health(client)

    assert response.status_code == 503
    assert response.json()["services"]["search"]["status"] == "down"
    assert response.json()["services"]["database"]["status"] == "ok"
    assert elapsed < 3


def test_resilient_cache__redis_down_falls_back_to_this_process(redis_down):
    cache = caches["default"]

    started = time.monotonic()
    cache.set("greeting", "salam", 30)
    assert cache.get("greeting") == "salam"
    assert cache.add("counter", 1)
    assert cache.incr("counter") == 2
    assert time.monotonic() - started < 1.5


def test_redis_down__pages_and_login_still_answer(client, db, redis_down):
    make_user("focal.point@example.org")

    assert client.get("/fr/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    # A failed log-in goes through allauth's rate limits, which now count in this process.
    response = client.post("/accounts/login/", {"login": "focal.point@example.org", "password": "wrong"})
    assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": "focal.point@example.org", "password": PASSWORD})
    assert response.status_code == 302
