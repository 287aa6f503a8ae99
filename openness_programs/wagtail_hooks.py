"""What openness programmes add to the apps below them: the programme section of every member's
space, its card on the member page, and the page where a cycle's draft is consulted."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cohorts.extensions import CONSULTATION_PAGE
from communes.extensions import MEMBER_PAGE_PANELS, MEMBER_SECTIONS, Section
from openness_programs.models import ProgrammeIndexPage, ProgrammePage
from website.extensions import Part


@hooks.register(MEMBER_SECTIONS)
def programme_section() -> Section:
    # The first of a member's sections.
    return Section(ProgrammeIndexPage, "programme", _("Openness programme"), order=0)


@hooks.register(MEMBER_PAGE_PANELS)
def programme_card(request, member, page) -> Part:
    return Part("openness_programs/includes/member_programme_card.html", slot="take_part", order=10)


@hooks.register(CONSULTATION_PAGE)
def programme_page(cycle, language: str) -> str | None:
    """In phase two, the cycle's programme page in that language shows the draft."""
    programme = ProgrammePage.objects.live().filter(cycle=cycle, locale__language_code=language).first()
    return programme.url if programme else None
