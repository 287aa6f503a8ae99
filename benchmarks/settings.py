"""Production settings for the benchmark server, with one minimal view to compare pages against.

Only `make bench` uses this module (benchmarks/run.py sets SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL). The product's URLs stay as they are: the minimal view lives in
benchmarks/urls.py.
"""

from website.settings.production import *  # noqa: F403
from website.settings.production import CACHES, VAR_DIR, env

ROOT_URLCONF = "benchmarks.urls"
# The benchmark's own collectstatic output, served by WhiteNoise like production.
STATIC_ROOT = VAR_DIR / "bench" / "staticfiles"
# The two servers (63 and 1,590 members) share one Redis database: keep their keys apart.
CACHES["default"]["KEY_PREFIX"] = env("BENCH_CACHE_PREFIX", default="bench")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
