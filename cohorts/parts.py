"""What cohorts adds to the pages of the apps below it (the members' pages, the home page, the
directory, the roles), through their extension points; registered in cohorts/wagtail_hooks.py.

A constant few queries per page, whatever the network's size."""

from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cohorts.cycle import PHASE_ONE, today
from cohorts.extensions import CONSULTATION_PAGE
from cohorts.models import Cohort, CohortMembership, Cycle
from cohorts.phase_gates import current_gate, with_action_url
from cohorts.standing import current_cycle, timeline
from communes.extensions import COORDINATORS_ROLE, DirectoryFilter, Grant, RowTag
from communes.models import Follow
from website.extensions import Part, gather


def member_standing(request, member) -> dict:
    """Where `member` stands in its current cycle and what residents can do now."""
    cycle = current_cycle(member)
    found = current_gate(member, cycle=cycle)
    if found.is_open:
        found = with_action_url(found, action_url(found.phase, found.cycle))
    user = request.user
    return {
        "cycle": cycle,
        "timeline": timeline(cycle, today()) if cycle else None,
        "gate": found,
        "is_following": user.is_authenticated and Follow.objects.filter(user=user, member=member).exists(),
    }


def action_url(phase: str, cycle: Cycle) -> str:
    """Where the invitation leads until the ideas and comment forms arrive: the member page's
    ideas section in phase one; in phase two the page that shows the draft (the programme page,
    from the app that holds it), or the consultation page."""
    if phase == PHASE_ONE:
        return "#ideas"
    return consultation_url(cycle)


def consultation_url(cycle: Cycle, language: str | None = None) -> str:
    language = language or get_language()
    pages = [url for url in gather(CONSULTATION_PAGE, cycle, language) if url]
    return pages[0] if pages else reverse("cohorts:consultation", args=[cycle.pk])


def member_page_panels(request, member, page) -> list[Part]:
    standing = {"standing": member_standing(request, member)}
    return [
        Part("cohorts/includes/member_now.html", standing, slot="main", order=10),
        Part("cohorts/includes/member_cycle.html", standing, slot="main", order=20),
        Part("cohorts/includes/member_ideas_card.html", standing, slot="take_part", order=20),
    ]


def home_page_parts(request, page) -> list[Part]:
    return [
        Part("cohorts/includes/home_cycle_action.html", slot="actions", order=20),
        Part("cohorts/includes/home_cycle.html", slot="after_body", order=10),
    ]


# The directory's cohort filter ----------------------------------------------------------------

NO_COHORT = "none"
# A member is in a cohort once admitted, until it withdraws.
IN_COHORT = (CohortMembership.Status.ADMITTED, CohortMembership.Status.ACTIVE)


def _cohort_choice(cohort) -> str:
    return str(cohort) if cohort.is_demo else f"{cohort} ({cohort.intake_year})"


class CohortFilter(DirectoryFilter):
    name = "cohort"

    def field(self):
        cohorts = Cohort.objects.order_by("number")
        return forms.ChoiceField(label=_("Cohort"), required=False, choices=[
            ("", _("All cohorts")),
            *((str(cohort.number), _cohort_choice(cohort)) for cohort in cohorts),
            (NO_COHORT, _("Not in a cohort")),
        ])

    def filter(self, members, value):
        if value == NO_COHORT:
            return members.exclude(cohort_memberships__status__in=IN_COHORT)
        if value:
            return members.filter(cohort_memberships__cohort__number=int(value),
                                  cohort_memberships__status__in=IN_COHORT)
        return members

    def row_tags(self, members):
        """Member id -> the cohort it is in, for one page of the directory, in one query."""
        memberships = CohortMembership.objects.filter(
            member__in=members, status__in=IN_COHORT
        ).select_related("cohort")
        return {m.member_id: [RowTag("cohort", str(m.cohort))] for m in memberships}


def directory_filters() -> CohortFilter:
    return CohortFilter()


def role_permissions() -> list[Grant]:
    # Cohorts are created and edited, never deleted (cohorts.viewsets).
    return [Grant(COORDINATORS_ROLE, "cohorts", codename)
            for codename in ("add_cohort", "change_cohort", "view_cohort")]
