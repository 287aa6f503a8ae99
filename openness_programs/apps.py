from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpennessProgramsConfig(AppConfig):
    name = "openness_programs"
    verbose_name = _("Openness programmes")
