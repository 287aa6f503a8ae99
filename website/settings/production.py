"""Production: every secret and host comes from the environment; secure cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DEMO_MODE = False
ADMIN_MFA_REQUIRED = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' preload list is hard to undo: the operator opts in once the domain is ready.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview panel shows the site's own pages in a frame; other hosts are refused (and CSP
# says frame-ancestors 'self').
X_FRAME_OPTIONS = "SAMEORIGIN"
# The two choices above, made on purpose, are what `check --deploy` warns about.
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]
