"""What residents may do on a member's pages, decided by its phase dates (DESIGN §4.5).

`gate(member, phase)` says whether ideas (phase one) or comments on the draft (phase two) are
open today in Africa/Casablanca, and what to tell residents otherwise; `require_open_phase(phase)`
guards the views that receive ideas and comments. Checked on every request, never cached.
"""

from dataclasses import dataclass, replace
from functools import wraps

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from cohorts.cycle import PHASE_ONE, PHASE_TWO, PhaseState, phase_state, today
from cohorts.models import Cycle, Stage
from cohorts.standing import current_cycle
from communes.models import Member
from website.dates import long_date

OPEN, UPCOMING, CLOSED, UNSCHEDULED = "open", "upcoming", "closed", "unscheduled"


# Gates ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gate:
    """A phase's state for one member, and the words that tell residents about it."""

    member: Member
    cycle: Cycle | None
    phase: str
    state: PhaseState
    title: str
    message: str
    next_step: str = ""
    # While the phase is open: the invitation, as the page's most prominent button.
    action_label: str = ""
    action_url: str = ""

    @property
    def is_open(self) -> bool:
        return self.state.is_open and self.member.is_active


# "Look the current cycle up", as opposed to None: "the member has no cycle".
CURRENT = object()


def gate(member: Member, phase: str, now=None, *, cycle=CURRENT, has_draft: bool | None = None) -> Gate:
    """Whether `phase` is open for `member` now (a datetime; today in Casablanca by default), and
    what to tell residents. `cycle` saves a query when the caller has the current cycle."""
    if cycle is CURRENT:
        cycle = current_cycle(member)
    if cycle is None:
        state = PhaseState(phase, UNSCHEDULED, None, None)
        return Gate(member, None, phase, state, _("No co-creation cycle yet"),
                    _("This member has not started a co-creation cycle with its residents yet."),
                    _("When it joins a cohort, the dates to propose ideas and comment on its programme will be "
                      "announced here."))
    state = phase_state(cycle, phase, now, has_draft=has_draft)
    if not member.is_active:
        return Gate(member, cycle, phase, state, _("Participation is closed"),
                    _("This member has left the network: its pages no longer take ideas or comments."))
    words = _phase_one_words if phase == PHASE_ONE else _phase_two_words
    return words(member, cycle, state, now)


def _phase_one_words(member: Member, cycle: Cycle, state: PhaseState, now) -> Gate:
    opens_on, closes_on = state.opens_on, state.closes_on
    if state.state == OPEN:
        return Gate(member, cycle, PHASE_ONE, state, _("Phase one is open: propose your ideas"),
                    _("Until %(date)s, residents and associations propose ideas for this collectivity's openness "
                      "programme.") % {"date": long_date(closes_on)},
                    action_label=_("Propose an idea"))
    if state.state == UPCOMING:
        return Gate(member, cycle, PHASE_ONE, state, _("Phase one opens on %(date)s") % {"date": long_date(opens_on)},
                    _("From %(opens)s to %(closes)s, residents and associations will propose ideas for this "
                      "collectivity's openness programme.") % {"opens": long_date(opens_on),
                                                                "closes": long_date(closes_on)},
                    _follow_hint())
    past = Stage.order(cycle.stage) > Stage.order(Stage.PHASE_ONE)
    if state.state == CLOSED or past:
        title = (_("Phase one closed on %(date)s.") % {"date": long_date(closes_on)} if closes_on
                 else _("Phase one is over."))
        return Gate(member, cycle, PHASE_ONE, state, title,
                    _("The ideas collected are being turned into openness projects for the draft programme."),
                    _after_phase_one(member, cycle, now))
    return Gate(member, cycle, PHASE_ONE, state, _("The dates of phase one are not set yet"),
                _("Residents will propose ideas once the member opens phase one of its cycle."),
                _("Its dates will be announced on this page.") + " " + _follow_hint())


def _after_phase_one(member: Member, cycle: Cycle, now) -> str:
    """What comes after phase one: the consultation on the draft, when it is known."""
    two = phase_state(cycle, PHASE_TWO, now, has_draft=True)  # the date is what residents need here
    if two.state == UPCOMING and two.opens_on and two.opens_on > today(now):
        return _("Consultation on the draft opens on %(date)s.") % {"date": long_date(two.opens_on)}
    if two.state == UPCOMING:
        return _("Consultation on the draft opens once the draft programme is published.")
    return _("The consultation on the draft programme will be announced here.")


def _phase_two_words(member: Member, cycle: Cycle, state: PhaseState, now) -> Gate:
    opens_on, closes_on = state.opens_on, state.closes_on
    if state.state == OPEN:
        return Gate(member, cycle, PHASE_TWO, state, _("Consultation on the draft is open"),
                    _("Until %(date)s, comment on the draft openness programme before the council adopts it.")
                    % {"date": long_date(closes_on)},
                    action_label=_("Comment on the draft programme"))
    if state.state == UPCOMING:
        if opens_on > today(now):
            title = _("Consultation on the draft opens on %(date)s.") % {"date": long_date(opens_on)}
        elif Stage.order(cycle.stage) < Stage.order(Stage.DRAFTING):
            title = _("Consultation on the draft opens after phase one.")
        else:
            title = _("Consultation on the draft opens once the draft programme is published.")
        return Gate(member, cycle, PHASE_TWO, state, title,
                    _("Residents will comment on the draft programme until %(date)s.") % {"date": long_date(closes_on)},
                    _follow_hint())
    past = Stage.order(cycle.stage) > Stage.order(Stage.PHASE_TWO)
    if state.state == CLOSED or past:
        title = (_("Consultation on the draft closed on %(date)s.") % {"date": long_date(closes_on)} if closes_on
                 else _("Consultation on the draft is over."))
        if Stage.order(cycle.stage) >= Stage.order(Stage.ADOPTED):
            message = _("The council has adopted the openness programme; its projects are followed on its page.")
        else:
            message = _("The programme, revised after the consultation, now goes to the council for adoption.")
        return Gate(member, cycle, PHASE_TWO, state, title, message)
    return Gate(member, cycle, PHASE_TWO, state, _("The dates of the consultation on the draft are not set yet"),
                _("The consultation follows the drafting of the programme from residents' ideas."),
                _("Its dates will be announced on this page.") + " " + _follow_hint())


def _follow_hint() -> str:
    return _("Follow this member to be told by e-mail when it opens.")


def current_gate(member: Member, now=None, *, cycle=CURRENT, has_draft: bool | None = None) -> Gate:
    """The gate residents need now: phase one until it is over, then the consultation on the draft."""
    one = gate(member, PHASE_ONE, now, cycle=cycle, has_draft=has_draft)
    if one.cycle is None or one.state.state in (OPEN, UPCOMING):
        return one
    two = gate(member, PHASE_TWO, now, cycle=one.cycle, has_draft=has_draft)
    if two.state.state in (OPEN, CLOSED) or Stage.order(one.cycle.stage) > Stage.order(Stage.PHASE_TWO):
        return two
    return one  # phase one closed: say so, and when the consultation opens


# The guard of the views that take ideas and comments ------------------------------------------

def require_open_phase(phase: str):
    """Let a view run only while `phase` is open for the member it serves, on GET and POST alike.

    The view names its member by a `member_id` keyword (its current cycle counts) or a `cycle_id`
    keyword (that cycle). Outside the phase it answers 403 with a page in the visitor's language
    that says when the phase opened or closed and what comes next. The view finds the gate on
    `request.phase_gate`. For a class-based view:
    `@method_decorator(require_open_phase(PHASE_ONE), name="dispatch")`.
    """

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            member, cycle = _member_and_cycle(kwargs)
            found = gate(member, phase, cycle=cycle)
            if not found.is_open:
                return render(request, "cohorts/phase_closed.html", {
                    "gate": found, "member": member, "member_page": member.page_in(),
                    "page_title": found.title,
                }, status=403)
            request.phase_gate = found
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def _member_and_cycle(kwargs: dict) -> tuple[Member, Cycle | None]:
    if "cycle_id" in kwargs:
        cycle = Cycle.objects.select_related("member__territory", "cohort").filter(pk=kwargs["cycle_id"]).first()
        if cycle is None:
            raise Http404
        return cycle.member, cycle
    if "member_id" in kwargs:
        member = Member.objects.select_related("territory").filter(pk=kwargs["member_id"]).first()
        if member is None:
            raise Http404
        return member, current_cycle(member)
    raise TypeError("require_open_phase: the view needs a member_id or cycle_id keyword")


def with_action_url(found: Gate, url: str) -> Gate:
    return replace(found, action_url=url) if found.action_label else found
