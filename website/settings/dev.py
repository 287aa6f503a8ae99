"""The embedded default: what `make run` serves on a laptop. Needs nothing but Python."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A key for the local demo only; production.py refuses to start without its own.
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-remacto-embedded-demo")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
DEMO_MODE = env.bool("DEMO_MODE", default=True)
# Static files straight from the source folders: no collectstatic needed to browse.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Files come from the finders; an empty STATIC_ROOT keeps WhiteNoise from warning that it is missing.
STATIC_ROOT = VAR_DIR / "static-root"  # noqa: F405
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG
