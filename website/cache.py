"""A Redis cache that degrades to a per-process cache instead of failing."""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# After a failure, Redis is not tried again for this many seconds (no 0.5 s wait per call).
RETRY_AFTER_SECONDS = 10


class ResilientRedisCache(RedisCache):
    """Every call falls back to a local-memory cache while Redis is unreachable.

    Rate limits (allauth's, ours) then hold per process instead of turning into 500s.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"fallback-{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except Exception as error:
                logger.warning("Redis cache unavailable (%s); using the per-process cache", error)
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
