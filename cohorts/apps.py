from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Cohorts and the co-creation cycle")

    def ready(self) -> None:
        from cohorts import api, notifications  # noqa: F401  (outbox handlers register on import)
        from website.api import api_router

        api.register(api_router)
