from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Network website")

    def ready(self) -> None:
        from website import (  # noqa: F401  (registering is importing)
            mail,  # the outbox's e-mail handler
            notify,  # the outbox's personal mail handler
            signal_handlers,
        )
