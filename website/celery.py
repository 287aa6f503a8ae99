"""The Celery application: a worker and beat in the full stack; unused in the embedded default."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")
app = Celery("remacto")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
