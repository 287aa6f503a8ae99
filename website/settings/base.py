"""Settings shared by every way of running the platform.

Every integration is switched on by its own environment variable; with none set, the platform
runs embedded: SQLite, database search, tasks run by the outbox loop, e-mail to the console.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from website import languages  # registers Tamazight with Django before LANGUAGES is read

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first: their templates and commands win over the libraries'.
    "accounts",
    "website",
    "communes",
    "cohorts",
    "openness_programs",
    "search",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "website.middleware.PrefixedLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "website.csp.PlatformCSPMiddleware",
    "website.middleware.PermissionsPolicyMiddleware",
    "website.bad_requests.RefuseBadParametersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.sessions.StaffSessionMiddleware",
    "accounts.middleware.AdminSecondFactorMiddleware",
    "communes.middleware.MemberScopeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.platform",
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# Embedded default: SQLite in WAL mode with IMMEDIATE transactions, so that the web server and
# the outbox loop can both write without "database is locked".
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'remacto.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# https://docs.djangoproject.com/en/5.2/topics/cache/
# Redis when REDIS_URL is set, wrapped so that a Redis outage degrades to a per-process cache
# (rate limits included) instead of turning every request into a 500.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "website.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Residents stay logged in for two weeks (Django's default); a session that can enter the admin
# ends after half an hour without activity or after a working day (accounts.sessions).
SESSION_COOKIE_AGE = 14 * 24 * 3600
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_HOURS = env.int("STAFF_SESSION_HOURS", default=10)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up adds consent to the privacy notice (law 09-08) and an optional public name.
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupConsentForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
# Rate limits (allauth's defaults, tightened for sign-up): per IP and per account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "5/m/ip,20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
}
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth names a person by their address, never by the free-text public name (accounts.adapter).
ACCOUNT_USER_DISPLAY = "accounts.adapter.account_address"
# https://docs.allauth.org/en/latest/common/rate_limits.html
# How many proxies in front of the application append to X-Forwarded-For: the rate limits count
# the address the last of them saw. 0 (no proxy) ignores the header, which anyone can forge.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
LOGIN_URL = "account_login"
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "REMACTO"
# Staff and coordinators must pass a second factor before the admin (accounts.middleware).
ADMIN_MFA_REQUIRED = env.bool("ADMIN_MFA_REQUIRED", default=True)
# The embedded demo may let its own demo logins in without a second factor; it says so on the
# login page. Never set in production (production.py forces it off).
DEMO_MODE = env.bool("DEMO_MODE", default=False)

# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "ar"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("zgh", _("Tamazight")),
    ("en", _("English")),
]
assert [code for code, _name in LANGUAGES] == list(languages.LANGUAGE_CODES)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["website.formats"]

# https://docs.wagtail.org/en/stable/reference/contrib/i18n.html
WAGTAIL_I18N_ENABLED = True
WAGTAIL_SITE_NAME = "REMACTO"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "account_login"
# Private pages and documents send visitors to the same log-in (website.access).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt"]
# Wagtail's own limit (none by default). 20 MB holds a scanned council deliberation or a programme
# with its photos; beyond that a file is a video or an archive, which the network does not publish.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Size, type by content and whole images are checked in these forms (website.uploads).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "website.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "website.uploads.ImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Wagtail's own index serves the admin search only (typed text taken as words: website.admin_search);
# public search is ours (search/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "website.admin_search"}}
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")

# https://docs.djangoproject.com/en/5.2/howto/static-files/
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# https://docs.djangoproject.com/en/5.2/topics/email/
# Every mail goes through the outbox (website.mail), which a worker hands to the real backend.
EMAIL_BACKEND = "website.mail.OutboxEmailBackend"
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
OUTBOX_EMAIL_DELIVERY = environ.Env.email_url_config(EMAIL_URL)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="REMACTO <no-reply@remacto.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Without REDIS_URL there is no broker: the outbox loop (manage.py relay_outbox) runs tasks itself.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The timings nest: a task ends within its hard limit (90 s); a row still pending 300 s after it
# was published is published again (its message was lost, or its worker died); Redis hands an
# unacknowledged message to another worker only after 600 s, long after any task has ended.
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600, "socket_connect_timeout": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
# Recurring jobs: Celery beat in the full stack, the embedded relay otherwise (website.relay).
# Both jobs are idempotent (each move and each reminder is keyed), so a late or repeated run is harmless.
CELERY_BEAT_SCHEDULE: dict = {
    # Phases open and close on their dates in Africa/Casablanca: within five minutes of midnight.
    "cohorts-run-calendar": {
        "task": "cohorts.tasks.run_calendar", "schedule": 5 * 60, "options": {"expires": 4 * 60},
    },
    # Staff reminders before their dates (cohorts.reminders), every morning, local time.
    "cohorts-staff-reminders": {
        "task": "cohorts.tasks.write_staff_reminders", "schedule": crontab(hour=7, minute=0),
    },
    # Outbox rows past OUTBOX_RETENTION_DAYS are deleted every night (website.outbox.prune).
    "website-prune-outbox": {"task": "website.tasks.prune_outbox", "schedule": crontab(hour=3, minute=30)},
}
# Law 09-08: a done outbox row (a sent mail's subject, address and dates) is deleted after this
# many days. 60: long enough to answer "I never got the mail", and longer than the longest time a
# row's key keeps a job from running twice (a month-before reminder stays due up to 31 days);
# the privacy notice quotes this figure.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=60)
OUTBOX_REPUBLISH_AFTER_SECONDS = 300
# The relay waits this long for the broker, then leaves the rows pending for its next pass.
OUTBOX_BROKER_TIMEOUT_SECONDS = 2

# https://django-csp.readthedocs.io/
# No public page makes a request to another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        # No inline script or style on public pages; website.csp loosens this for the admin.
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# https://developer.mozilla.org/docs/Web/HTTP/Reference/Headers/Permissions-Policy
# No page needs a camera, a microphone, a location or a payment; the admin copies to the clipboard.
PERMISSIONS_POLICY = {
    "accelerometer": "()", "autoplay": "()", "camera": "()", "display-capture": "()",
    "geolocation": "()", "gyroscope": "()", "magnetometer": "()", "microphone": "()",
    "midi": "()", "payment": "()", "publickey-credentials-get": "()", "usb": "()",
    "clipboard-write": "(self)", "fullscreen": "(self)",
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html
WAGTAILAPI_LIMIT_MAX = 500
# Absolute addresses in API answers (detail_url) start with this where it is set, otherwise with
# the address the request came to (website.api.base_url).
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", default=None)
# Bounds of the public API and directory: longer query strings get a clear 400.
MAX_QUERY_STRING_LENGTH = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail logs every page action and every in-process task at INFO.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
