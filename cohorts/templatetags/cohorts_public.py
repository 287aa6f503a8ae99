"""What the pages of the apps above show of a cycle: the programme page's phase-two gate.

(A member's page gets its cycle, phase gate and follow button from cohorts.parts, through the
member page's extension point.)
"""

from django import template
from django.urls import reverse

from cohorts.cycle import PHASE_TWO
from cohorts.phase_gates import gate, with_action_url

register = template.Library()


@register.simple_tag
def consultation_gate(cycle):
    """Phase two of a programme page's cycle: open (with its button) or what happens instead."""
    found = gate(cycle.member, PHASE_TWO, cycle=cycle)
    return with_action_url(found, reverse("cohorts:consultation", args=[cycle.pk]))
