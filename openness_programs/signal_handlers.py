"""The openness programmes' signal handlers (connected on import, from OpennessProgramsConfig.ready)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from openness_programs.models import ProgrammePage


@receiver(page_published, sender=ProgrammePage, dispatch_uid="programme_draft")
def hand_draft(sender, instance, revision=None, **kwargs) -> None:
    """A programme page published before phase two hands its text to the cycle as the draft."""
    instance.hand_draft_to_cycle(revision)
