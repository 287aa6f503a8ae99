"""Openness programmes and their projects (the Programmes issue fills them in).

A `ProgrammePage` is one cycle's programme. It knows its cycle and, when published before phase
two, hands its text to the cycle as the draft residents will comment on (DESIGN §4.4): the
cycle's guards read that snapshot and never this page.
"""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cohorts.models import Cycle
from communes.models import MemberPage, MemberSectionPage
from website.blocks import BodyBlock
from website.models import BasePage


class ProgrammeIndexPage(MemberSectionPage):
    """A member's openness programmes, one per cycle."""

    subpage_types: ClassVar[list[str]] = ["openness_programs.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("openness programme index")


class ProgrammePageForm(WagtailAdminPageForm):
    """Offers the cycles of the member whose space the page is in, and no other.

    A new page has no place in the tree while its form is checked, so `ProgrammePage.clean()`
    cannot find its member then: the parent page tells it here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anchor = self.instance if self.instance.pk else self.parent_page
        member_page = MemberPage.objects.ancestor_of(anchor, inclusive=True).first() if anchor else None
        if member_page and "cycle" in self.fields:
            field = self.fields["cycle"]
            field.queryset = Cycle.objects.filter(member_id=member_page.member_id).order_by("number")
            field.error_messages["invalid_choice"] = _("Choose a cycle of this member.")


class ProgrammePage(BasePage):
    """One cycle's openness programme: its text is a StreamField, so that comments in phase two
    can attach to its blocks."""

    parent_page_types: ClassVar[list[str]] = ["openness_programs.ProgrammeIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    # A ForeignKey, not a OneToOneField: each language has its own copy of this page.
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="programme_pages",
                              verbose_name=_("cycle"))
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("programme"))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("cycle"), FieldPanel("body")]
    base_form_class = ProgrammePageForm
    translatable_fields: ClassVar[list] = [
        *BasePage.translatable_fields, SynchronizedField("cycle"), TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("openness programme")

    def clean(self):
        super().clean()
        member_page = MemberPage.objects.ancestor_of(self).first() if self.path else None
        if self.cycle_id and member_page and self.cycle.member_id != member_page.member_id:
            raise ValidationError({"cycle": _("Choose a cycle of this member.")})

    def hand_draft_to_cycle(self, revision=None) -> None:
        """Called on publication: the text as published becomes the cycle's draft (if the cycle
        has not reached phase two yet). Only the source-language page's publication counts."""
        from cohorts.services import record_draft

        # The first copy made is the source language; translations follow it.
        if self.alias_of_id or self.get_translations().filter(pk__lt=self.pk).exists():
            return
        record_draft(self.cycle, title=self.title, body=self.body.get_prep_value(), page_id=self.pk,
                     revision_id=getattr(revision, "pk", None))
