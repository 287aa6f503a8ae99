"""What a member's public pages show of its cycle: the timeline, the phase gate, the follow button.

Template tags rather than `MemberPage.get_context`, so that `communes` never imports `cohorts`
(imports go one way, DESIGN §4.1). A constant few queries per page, whatever the network's size.
"""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from accounts.models import Follow
from cohorts.cycle import PHASE_ONE, PHASE_TWO, today
from cohorts.participation import current_gate, gate, with_action_url
from cohorts.standing import current_cycle, timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def member_standing(context, member) -> dict:
    """Where `member` stands in its current cycle and what residents can do now."""
    request = context["request"]
    cycle = current_cycle(member)
    found = current_gate(member, cycle=cycle)
    if found.is_open:
        found = with_action_url(found, _action_url(found, context))
    user = request.user
    return {
        "cycle": cycle,
        "timeline": timeline(cycle, today()) if cycle else None,
        "gate": found,
        "is_following": user.is_authenticated and Follow.objects.filter(user=user, member=member).exists(),
    }


def _action_url(found, context) -> str:
    """Where the invitation leads until the ideas and comment forms arrive: the member page's
    ideas section in phase one; the programme page (or the consultation page) in phase two."""
    if found.phase == PHASE_ONE:
        return "#ideas"
    programme = found.cycle.programme_pages.live().filter(locale__language_code=get_language()).first()
    return programme.url if programme else reverse("cohorts:consultation", args=[found.cycle.pk])


@register.simple_tag
def consultation_gate(cycle):
    """Phase two of a programme page's cycle: open (with its button) or what happens instead."""
    found = gate(cycle.member, PHASE_TWO, cycle=cycle)
    return with_action_url(found, reverse("cohorts:consultation", args=[cycle.pk]))
