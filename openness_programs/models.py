"""Openness programmes and their projects (the Programmes issue fills them in)."""

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from communes.models import MemberSectionPage


class ProgrammeIndexPage(MemberSectionPage):
    """A member's openness programmes, one per cycle."""

    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("openness programme index")
