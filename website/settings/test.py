"""Settings for the test suite: cheap, deterministic, and on real services when they are named.

DATABASE_URL and REDIS_URL point the tests at PostgreSQL and Redis (CI sets both); without them
the suite runs on SQLite and the local-memory cache.
"""

import os

# Playwright's sync API runs an event loop in this process; the ORM must still work beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Files come from the finders; an empty STATIC_ROOT keeps WhiteNoise from warning that it is missing.
STATIC_ROOT = VAR_DIR / "static-root"  # noqa: F405
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))  # noqa: F405
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
DEMO_MODE = False
ADMIN_MFA_REQUIRED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
