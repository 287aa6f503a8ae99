from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpennessProgramsConfig(AppConfig):
    name = "openness_programs"
    verbose_name = _("Openness programmes")

    def ready(self):
        from wagtail.signals import page_published

        from openness_programs.models import ProgrammePage

        def hand_draft(sender, instance, revision=None, **kwargs):
            instance.hand_draft_to_cycle(revision)

        page_published.connect(hand_draft, sender=ProgrammePage, weak=False, dispatch_uid="programme_draft")
