"""/health/: the state of the database, cache, broker and search engine, in bounded time."""

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

CHECK_TIMEOUT_SECONDS = 2.0
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="health")


def check_database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connections.close_all()  # this thread's connection must not linger
    return "ok"


def check_cache() -> str:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if hasattr(cache, "_down_until") and cache._down_until > time.monotonic():
        raise ConnectionError("Redis unreachable; serving from the per-process cache")
    key = "health:probe"
    cache.set(key, "1", 5)
    if backend == "ResilientRedisCache":
        # The resilient cache answers from memory when Redis is down: ask Redis itself.
        client = cache._cache.get_client(key, write=False)
        client.ping()
    return "ok"


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "embedded"
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    return "ok"


def check_search() -> str:
    url = settings.ELASTICSEARCH_URL
    if not url:
        return "database"
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=1.5, max_retries=0)
    if not client.ping():
        raise ConnectionError("Elasticsearch did not answer the ping")
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "search": check_search}


@never_cache
def health(request):
    """200 when every service answers; 503 naming the ones that do not. Never hangs."""
    started = time.monotonic()
    futures = {name: _pool.submit(check) for name, check in CHECKS.items()}
    services = {}
    for name, future in futures.items():
        remaining = max(0.05, CHECK_TIMEOUT_SECONDS - (time.monotonic() - started))
        try:
            services[name] = {"status": future.result(timeout=remaining)}
        except FutureTimeout:
            services[name] = {"status": "down", "error": f"no answer within {CHECK_TIMEOUT_SECONDS} s"}
        except Exception as error:
            services[name] = {"status": "down", "error": f"{type(error).__name__}: {error}"[:300]}
    healthy = all(service["status"] != "down" for service in services.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "services": services,
         "elapsed_ms": round((time.monotonic() - started) * 1000)},
        status=200 if healthy else 503,
    )
