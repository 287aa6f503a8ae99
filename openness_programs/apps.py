from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpennessProgramsConfig(AppConfig):
    name = "openness_programs"
    verbose_name = _("Openness programmes")

    def ready(self) -> None:
        from openness_programs import signal_handlers  # noqa: F401  (connecting is importing)
