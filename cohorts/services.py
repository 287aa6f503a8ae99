"""The only code that changes a cycle: moves, phase dates, admissions, adoption, self-evaluation.

Every function here checks who asks and whether the move is allowed before it writes anything,
raises `Refused` with a reason in the user's language otherwise, and writes its history, its
audit log entry (Wagtail's, shown in the admin's history) and its outbox rows in the same
transaction as the change. An entry's user is the person who asked (`user`, or the admin request's
user through Wagtail's log context); the calendar's moves are logged with no user: the system's.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import LogContext, log

from cohorts.cycle import (
    ANYONE,
    CLOSES,
    MOVES_BY_NAME,
    OPENS,
    PHASE_LABELS,
    PHASE_ONE,
    PHASE_STAGE,
    PHASE_TWO,
    PHASES,
    Actor,
    Move,
    move_into,
    move_out_of,
    phase_state,
    today,
)
from cohorts.models import (
    Adoption,
    Cohort,
    CohortMembership,
    Cycle,
    PlannedStage,
    ProgrammeVersion,
    SelfEvaluation,
    Stage,
    Transition,
)
from cohorts.standing import current_cycle
from communes.models import Member, Territory
from communes.permissions import is_coordinator, is_staff_of
from communes.services import find_territory, join_network
from website.dates import long_date
from website.outbox import Outbox

# Wagtail log actions (their labels are registered in cohorts.wagtail_hooks).
ADMITTED = "cohorts.admit"
APPLIED = "cohorts.apply"
WITHDRAWN = "cohorts.withdraw"
MOVED = "cohorts.move"
PHASE_DATES_SET = "cohorts.phase_dates"
SELF_EVALUATION_PUBLISHED = "cohorts.self_evaluation"

# Outbox kinds (their handlers live in cohorts.notifications).
PHASE_EVENT = "cohorts.phase_event"
STAFF_REMINDER = "cohorts.staff_reminder"


class Refused(Exception):
    """A change that is not allowed: nothing was written. `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Who is asking --------------------------------------------------------------------------------

def actor_for(user, member: Member) -> str:
    """The role in which a user acts on a member's cycle, or Refused."""
    if user is None:
        return Actor.CALENDAR
    # A switched-off account acts for nobody, whatever groups it is still in (communes.permissions).
    if is_coordinator(user):
        return Actor.COORDINATOR
    if is_staff_of(user, member):
        return Actor.STAFF
    raise Refused(_("Only this member's staff and the network's coordinators may change its cycle."))


# Moves ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    allowed: bool
    reason: str = ""


def check_move(cycle: Cycle, move: Move, actor: str, *, day: date, adoption: dict | None = None) -> Check:
    """Whether `actor` may make `move` on `cycle` today, and if not, why not (nothing written).

    The reasons come in the order that helps most: a frozen cycle, then who may make the move,
    then where the cycle stands, then the move's own conditions.
    """
    if cycle.member.status != Member.Status.ACTIVE:
        return Check(False, _("This member has left the network: its cycle is frozen."))
    if actor not in move.actors:
        who = {
            Actor.STAFF: _("the member's staff"), Actor.COORDINATOR: _("a coordinator"),
            Actor.CALENDAR: _("the calendar"),
        }[actor]
        return Check(False, _("“%(move)s” cannot be made by %(who)s.") % {"move": move.label, "who": who})
    if cycle.stage not in move.sources:
        if cycle.stage == move.target or Stage.order(cycle.stage) > Stage.order(move.target):
            return Check(False, _("Already done: this cycle is at “%(stage)s”.") % {"stage": cycle.get_stage_display()})
        return Check(False, _("Not yet: this cycle is at “%(stage)s”, and “%(move)s” comes later.")
                     % {"stage": cycle.get_stage_display(), "move": move.label})
    if move.phase:
        reason = _phase_move_problem(cycle, move, actor, day)
        if reason:
            return Check(False, reason)
    if move.requires and not move.requires.met(cycle):
        return Check(False, str(move.requires.missing))
    if move.records_adoption and adoption is not None:
        reason = _adoption_problem(cycle, adoption, day)
        if reason:
            return Check(False, reason)
    return Check(True)


def _phase_move_problem(cycle: Cycle, move: Move, actor: str, day: date) -> str:
    opens_on, closes_on = cycle.phase_dates(move.phase)
    label = PHASE_LABELS[move.phase]
    if opens_on is None or closes_on is None:
        return _("Set the dates of %(phase)s first.") % {"phase": label}
    if move.event == OPENS:
        if actor == Actor.CALENDAR and day < opens_on:
            return _("%(phase)s opens on %(date)s.") % {"phase": label.capitalize(), "date": long_date(opens_on)}
        if day > closes_on:
            return _("The dates of %(phase)s ended on %(date)s: set new dates to open it.") % {
                "phase": label, "date": long_date(closes_on)}
    if move.event == CLOSES and actor == Actor.CALENDAR and day <= closes_on:
        return _("%(phase)s closes after %(date)s.") % {"phase": label.capitalize(), "date": long_date(closes_on)}
    return ""


def _adoption_problem(cycle: Cycle, data: dict, day: date) -> str:
    session_date = data.get("session_date")
    if not session_date:
        return _("Give the date of the council's session.")
    if session_date > day:
        return _("The council's session cannot be in the future.")
    if cycle.phase_two_opens_on and session_date < cycle.phase_two_opens_on:
        return _("The council adopts the programme after the consultation on its draft "
                 "(phase two opened on %(date)s).") % {"date": long_date(cycle.phase_two_opens_on)}
    number = (data.get("deliberation_number") or "").strip()
    if not number:
        return _("Give the deliberation number.")
    if len(number) > Adoption._meta.get_field("deliberation_number").max_length:
        return _("The deliberation number is too long: give it as the council wrote it.")
    votes_for, votes_against = data.get("votes_for"), data.get("votes_against") or 0
    if votes_for is None:
        return _("Give the result of the vote.")
    votes = (votes_for, votes_against, data.get("abstentions") or 0)
    if not all(isinstance(count, int) and not isinstance(count, bool) and count >= 0 for count in votes):
        return _("Give the votes as whole numbers, zero or more.")
    if votes_for <= votes_against:
        return _("With %(for)s votes for and %(against)s against, the council did not adopt the programme.") % {
            "for": votes_for, "against": votes_against}
    document = data.get("document")
    if document is None:
        return _("Attach the deliberation as a PDF.")
    if document.collection_id != cycle.member.collection_id:
        return _("The deliberation must be in this member's documents.")
    if not _is_pdf(document):
        return _("The deliberation must be a PDF file.")
    return ""


def _is_pdf(document) -> bool:
    """A .pdf name and the bytes of a PDF: a renamed text file is not a deliberation."""
    if not (document.file.name or "").lower().endswith(".pdf"):
        return False
    try:
        with document.file.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except (OSError, ValueError):
        return False


def allowed_moves(cycle: Cycle, user, *, now=None) -> list[tuple[Move, Check]]:
    """The moves a person could make next on this cycle, each with whether it is allowed now."""
    try:
        actor = actor_for(user, cycle.member)
    except Refused:
        return []
    day = today(now)
    return [
        (move, check_move(cycle, move, actor, day=day))
        for move in MOVES_BY_NAME.values() if cycle.stage in move.sources and actor in move.actors
    ]


def move(cycle: Cycle, name: str, user=None, *, note: str = "", expected_stage: str | None = None,
         adoption: dict | None = None, now=None) -> Transition:
    """Make a move: check, change the stage (and the phase's date when early), write history.

    `user=None` is the calendar. `expected_stage` is the stage the person saw: a form posted
    twice, or after someone else moved the cycle, is refused instead of applied to a later stage.
    """
    spec = MOVES_BY_NAME.get(name)
    if spec is None:
        raise Refused(_("Unknown move."))
    day = today(now)
    note = (note or "").strip()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(of=("self",)).select_related("member", "cohort").get(
            pk=cycle.pk)
        actor = actor_for(user, cycle.member)
        if expected_stage and expected_stage != cycle.stage:
            raise Refused(_("This cycle has moved on since the page was opened: it is now at “%(stage)s”. "
                            "Nothing was changed.") % {"stage": cycle.get_stage_display()})
        check = check_move(cycle, spec, actor, day=day, adoption=adoption if spec.records_adoption else None)
        if not check.allowed:
            raise Refused(check.reason)
        if spec.records_adoption and adoption is None:
            raise Refused(_("Record the adoption with its session date, deliberation, vote and PDF."))
        happened_on = day
        if spec.phase:
            happened_on = _move_phase_dates(cycle, spec, actor, day, note)
        from_stage = cycle.stage
        cycle.stage, cycle.stage_since = spec.target, happened_on
        cycle.save(update_fields=["stage", "stage_since", *_phase_fields(spec)])
        try:
            with transaction.atomic():
                transition = Transition.objects.create(
                    cycle=cycle, name=name, from_stage=from_stage, to_stage=spec.target,
                    happened_on=happened_on, actor=actor, by=user, note=note,
                )
        except IntegrityError:
            raise Refused(_("Already done: this move was recorded before.")) from None
        if spec.records_adoption:
            _record_adoption(cycle, adoption)
        if spec.opens_next_cycle:
            Cycle.objects.create(member=cycle.member, cohort=cycle.cohort, number=cycle.number + 1,
                                 stage=Stage.JOINED, stage_since=day, is_demo=cycle.is_demo)
        if spec.phase:
            enqueue_phase_event(cycle, spec.phase, spec.event)
        _log_move(cycle, transition, user, now)
    return transition


def _log_move(cycle: Cycle, transition: Transition, user, now) -> None:
    entry = {"instance": cycle, "action": MOVED, "timestamp": now or timezone.now(),
             "data": {"move": transition.name, "from": transition.from_stage, "to": transition.to_stage}}
    if user is not None:
        log(user=user, **entry)
        return
    with LogContext(generate_uuid=False):  # the calendar acts for nobody, whatever request is running
        log(**entry)


def adopt(cycle: Cycle, user, *, adoption: dict, upload=None, note: str = "", expected_stage: str | None = None,
          now=None) -> Transition:
    """Record the council's adoption: its session, deliberation and vote (`adoption`), with the
    deliberation's PDF, a document of the member's (`adoption["document"]`) or an `upload` stored
    as one; then the move. A refused adoption keeps neither the document nor its file."""
    name = next(spec.name for spec in MOVES_BY_NAME.values() if spec.records_adoption)
    stored = None
    try:
        with transaction.atomic():
            if adoption.get("document") is None and upload is not None:
                stored = store_pdf(upload, cycle.member, user, _("Deliberation %(number)s") % {
                    "number": adoption.get("deliberation_number") or ""})
                adoption = {**adoption, "document": stored}
            return move(cycle, name, user, note=note, expected_stage=expected_stage, adoption=adoption, now=now)
    except Refused:
        _discard(stored)
        raise


def _phase_fields(spec: Move) -> list[str]:
    return [f"{spec.phase}_opens_on", f"{spec.phase}_closes_on"] if spec.phase else []


def _move_phase_dates(cycle: Cycle, spec: Move, actor: str, day: date, note: str) -> date:
    """The day the phase really opened or closed, which the transition records.

    People may open a phase before its date, or close it before its end, with a note; the
    phase's dates then say what really happened. Otherwise the phase opened and closed on its
    dates, as residents saw it (`phase_state`), whoever records it and however late: the first
    day, or the last. Phase two opens only with its draft, so a late draft is its opening day.
    """
    opens_attr, closes_attr = f"{spec.phase}_opens_on", f"{spec.phase}_closes_on"
    opens_on, closes_on = getattr(cycle, opens_attr), getattr(cycle, closes_attr)
    label = PHASE_LABELS[spec.phase]
    if spec.event == OPENS:
        if day < opens_on:  # only people get here: the calendar waits for the date
            if not note:
                raise Refused(_("Say why %(phase)s opens before its date (%(date)s).") % {
                    "phase": label, "date": long_date(opens_on)}, field="note")
            setattr(cycle, opens_attr, day)
            return day
        opened = min(day, max(opens_on, _draft_day(cycle))) if spec.phase == PHASE_TWO else opens_on
        setattr(cycle, opens_attr, opened)
        return opened
    if day < closes_on and actor != Actor.CALENDAR:
        if not note:
            raise Refused(_("Say why %(phase)s closes before its date (%(date)s).") % {
                "phase": label, "date": long_date(closes_on)}, field="note")
        setattr(cycle, closes_attr, day)
        return day
    return min(day, closes_on)


def _draft_day(cycle: Cycle) -> date:
    """The day the first draft was published (phase two's guard made sure there is one)."""
    first = cycle.versions.first_draft()
    return timezone.localdate(first.taken_at)


def _record_adoption(cycle: Cycle, data: dict) -> Adoption:
    latest = cycle.versions.latest_draft()
    version = None
    if latest is not None:
        version = ProgrammeVersion.objects.create(
            cycle=cycle, kind=ProgrammeVersion.Kind.ADOPTED, title=latest.title, body=latest.body,
            source_page_id=latest.source_page_id, source_revision_id=latest.source_revision_id,
        )
    return Adoption.objects.create(
        cycle=cycle, session_date=data["session_date"], deliberation_number=data["deliberation_number"].strip(),
        votes_for=data["votes_for"], votes_against=data.get("votes_against") or 0,
        abstentions=data.get("abstentions") or 0, document=data["document"], version=version,
    )


# Phase dates ----------------------------------------------------------------------------------

def phase_window(cycle: Cycle, phase: str) -> tuple[date, date] | None:
    """The first and last day the cohort's calendar allows for a phase, if it plans it."""
    planned = PlannedStage.objects.filter(
        cohort_id=cycle.cohort_id, cycle_number=cycle.number, stage=PHASE_STAGE[phase]
    ).first()
    return (planned.first_day, planned.last_day) if planned else None


def set_phase_dates(cycle: Cycle, user, dates: dict[str, tuple[date | None, date | None]], *, now=None) -> Cycle:
    """A member sets its own phase dates, inside its cohort's window.

    `dates` maps "phase_one"/"phase_two" to (opens_on, closes_on). A phase already closed keeps
    its dates; an open phase keeps its opening date; a phase opens today only through its move.
    """
    day = today(now)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(of=("self",)).select_related("member").get(pk=cycle.pk)
        actor_for(user, cycle.member)
        if cycle.member.status != Member.Status.ACTIVE:
            raise Refused(_("This member has left the network: its cycle is frozen."))
        unknown = set(dates) - set(PHASES)
        if unknown:
            raise ValueError(f"Not a phase: {', '.join(sorted(unknown))}")
        changed = []
        stored = {phase: cycle.phase_dates(phase) for phase in PHASES}
        proposed = dict(stored)
        for phase in PHASES:  # phase one first: its reasons come first
            if phase not in dates or tuple(dates[phase]) == stored[phase]:
                continue
            opens_on, closes_on = dates[phase]
            _check_phase_change(cycle, phase, opens_on, closes_on, day, now)
            proposed[phase] = (opens_on, closes_on)
            changed += [f"{phase}_opens_on", f"{phase}_closes_on"]
        one_closes, two_opens = proposed[PHASE_ONE][1], proposed[PHASE_TWO][0]
        # Only a change can overlap: phases that ran back to back on one day stay on the record.
        touched = (one_closes, two_opens) != (stored[PHASE_ONE][1], stored[PHASE_TWO][0])
        if touched and one_closes and two_opens and two_opens <= one_closes:
            raise Refused(_("The phases overlap: phase two must open after phase one closes (%(date)s).") % {
                "date": long_date(one_closes)}, field="phase_two_opens_on")
        for phase in PHASES:
            setattr(cycle, f"{phase}_opens_on", proposed[phase][0])
            setattr(cycle, f"{phase}_closes_on", proposed[phase][1])
        if changed:
            cycle.save(update_fields=changed)
        log(instance=cycle, action=PHASE_DATES_SET, user=user, timestamp=now or timezone.now(), data={
            f"{phase}_{edge}": value.isoformat() if value else None
            for phase in PHASES for edge, value in zip(("opens_on", "closes_on"), proposed[phase], strict=True)})
    return cycle


def _check_phase_change(cycle: Cycle, phase: str, opens_on, closes_on, day: date, now=None) -> None:
    label = PHASE_LABELS[phase]
    old_opens, old_closes = cycle.phase_dates(phase)
    stage_order, phase_order = Stage.order(cycle.stage), Stage.order(PHASE_STAGE[phase])
    # Over once the cycle moved past it, or once its last day passed while it was open (the
    # calendar records the closing at its next run; residents saw it close at midnight).
    if stage_order > phase_order or (stage_order == phase_order and old_closes and day > old_closes):
        raise Refused(_("%(phase)s is over: its dates are part of the record.") % {"phase": label.capitalize()},
                      field=f"{phase}_opens_on")
    if not opens_on or not closes_on:
        raise Refused(_("Give both dates of %(phase)s.") % {"phase": label}, field=f"{phase}_opens_on")
    if closes_on < opens_on:
        raise Refused(_("%(phase)s cannot close (%(closes)s) before it opens (%(opens)s).") % {
            "phase": label.capitalize(), "closes": long_date(closes_on), "opens": long_date(opens_on)},
            field=f"{phase}_closes_on")
    # Open for residents: recorded as open, or open on its dates before the calendar records it.
    if stage_order == phase_order or phase_state(cycle, phase, now).is_open:
        if opens_on != old_opens:
            raise Refused(_("%(phase)s is open: its opening date cannot change.") % {"phase": label.capitalize()},
                          field=f"{phase}_opens_on")
        if closes_on < day:
            raise Refused(_("To close %(phase)s now, use its close button, with a note.") % {"phase": label},
                          field=f"{phase}_closes_on")
    elif opens_on < day:
        raise Refused(_("%(phase)s cannot open in the past; to open it today, use its open button.") % {
            "phase": label.capitalize()}, field=f"{phase}_opens_on")
    # An opening date already on the record (a phase opened early, with a note) stays as it is.
    window = phase_window(cycle, phase)
    if window and ((opens_on != old_opens and opens_on < window[0]) or closes_on > window[1]):
        raise Refused(_("The cohort's calendar plans %(phase)s between %(first)s and %(last)s: choose dates "
                        "inside that window.") % {"phase": label, "first": long_date(window[0]),
                                                  "last": long_date(window[1])}, field=f"{phase}_opens_on")


# Programme versions and self-evaluation -------------------------------------------------------

def record_draft(cycle: Cycle, *, title: str, body, page_id: int | None = None,
                 revision_id: int | None = None) -> ProgrammeVersion | None:
    """A programme page published before phase two hands its text here: the draft residents
    will comment on. Later publications (during phase two and after) change no snapshot."""
    with transaction.atomic():
        # The stage as stored, locked: a draft published while phase two opens lands before it or
        # not at all, never beside a consultation already running.
        stage = Cycle.objects.select_for_update(of=("self",)).values_list("stage", flat=True).get(pk=cycle.pk)
        if Stage.order(stage) > Stage.order(Stage.DRAFTING):
            return None
        return ProgrammeVersion.objects.create(
            cycle_id=cycle.pk, kind=ProgrammeVersion.Kind.DRAFT, title=title, body=body,
            source_page_id=page_id, source_revision_id=revision_id,
        )


def publish_self_evaluation(cycle: Cycle, user, *, summary: str, document=None, upload=None,
                            now=None) -> SelfEvaluation:
    """Publish the cycle's self-evaluation: a summary and the report's PDF, a document of the
    member's or an `upload` stored as one (kept only if the publication is)."""
    stored = None
    try:
        with transaction.atomic():
            if document is None and upload is not None:
                document = stored = store_pdf(upload, cycle.member, user, _("Self-evaluation, cycle %(number)s") % {
                    "number": cycle.number})
            return _publish_self_evaluation(cycle, user, summary=summary, document=document, now=now)
    except Refused:
        _discard(stored)
        raise


def _publish_self_evaluation(cycle: Cycle, user, *, summary: str, document, now=None) -> SelfEvaluation:
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(of=("self",)).select_related("member").get(pk=cycle.pk)
        actor_for(user, cycle.member)
        if cycle.stage != Stage.EVALUATION:
            raise Refused(_("The self-evaluation is published during the self-evaluation stage."))
        if SelfEvaluation.objects.filter(cycle=cycle).exists():
            raise Refused(_("This cycle's self-evaluation is already published."))
        if not (summary or "").strip():
            raise Refused(_("Summarise the self-evaluation."), field="summary")
        if document is None:
            raise Refused(_("Attach the report as a PDF."), field="document")
        if document.collection_id != cycle.member.collection_id:
            raise Refused(_("The report must be in this member's documents."), field="document")
        if not _is_pdf(document):
            raise Refused(_("The report must be a PDF file."), field="document")
        evaluation = SelfEvaluation.objects.create(cycle=cycle, summary=summary.strip(), document=document,
                                                   published_on=today(now))
        log(instance=cycle, action=SELF_EVALUATION_PUBLISHED, user=user, timestamp=now or timezone.now())
    return evaluation


def store_pdf(upload, member: Member, user, title: str):
    """An uploaded PDF as a document of the member's collection (inside the caller's transaction)."""
    name = upload.name if upload.name.lower().endswith(".pdf") else f"{upload.name}.pdf"
    upload.name = name
    document = get_document_model()(title=title[:255], collection=member.collection, uploaded_by_user=user,
                                    file=upload)
    document._set_document_file_metadata()
    document.save()
    return document


def _discard(stored) -> None:
    """A refused change rolls its new document's row back; the file on disk goes too."""
    if stored is not None:
        stored.file.delete(save=False)


# Cohorts: admission ---------------------------------------------------------------------------

def apply(cohort: Cohort, territory_code: str, *, applied_on: date | None = None) -> CohortMembership:
    territory = find_territory(territory_code)
    with transaction.atomic():
        _lock_territory(territory)
        _refuse_if_in_a_cohort(territory)
        membership = CohortMembership.objects.create(
            cohort=cohort, territory=territory, status=CohortMembership.Status.APPLIED,
            applied_on=applied_on or timezone.localdate(),
        )
        _log_collectivity(cohort, APPLIED, territory)
    return membership


def admit(cohort: Cohort, territory_code: str, *, joined_on: date | None = None, source_note: str = "",
          is_demo: bool = False) -> CohortMembership:
    """Admit a collectivity into a cohort: it joins the network if it is not a member yet, and its
    first cycle (or next one) starts in this cohort. Admitting it twice is refused. Both the joining
    (by communes.services.join_network) and the admission are logged."""
    territory = find_territory(territory_code)
    joined_on = joined_on or timezone.localdate()
    with transaction.atomic():
        _lock_territory(territory)
        membership = CohortMembership.objects.filter(territory=territory).exclude(
            status=CohortMembership.Status.WITHDRAWN).select_related("cohort").first()
        if membership and membership.status != CohortMembership.Status.APPLIED:
            raise Refused(_("“%(name)s” is already admitted into %(cohort)s.") % {
                "name": territory.name, "cohort": membership.cohort}, field="territory")
        if membership and membership.cohort_id != cohort.pk:
            raise Refused(_("“%(name)s” applied to %(cohort)s: admit it there, or withdraw its application.") % {
                "name": territory.name, "cohort": membership.cohort}, field="territory")
        member = join_network(territory.code, joined_on=joined_on, is_demo=is_demo)
        if membership is None:
            membership = CohortMembership(cohort=cohort, territory=territory)
        membership.member, membership.status, membership.joined_on = member, CohortMembership.Status.ADMITTED, joined_on
        membership.source_note = source_note or membership.source_note
        membership.save()
        cycle = current_cycle(member)
        if cycle is None or cycle.stage == Stage.CLOSED:
            Cycle.objects.create(member=member, cohort=cohort, number=(cycle.number + 1) if cycle else 1,
                                 stage=Stage.JOINED, stage_since=joined_on, is_demo=is_demo)
        _log_collectivity(cohort, ADMITTED, territory)
    return membership


def withdraw(membership: CohortMembership) -> CohortMembership:
    with transaction.atomic():
        membership = CohortMembership.objects.select_for_update().select_related("cohort", "territory").get(
            pk=membership.pk)
        if membership.status == CohortMembership.Status.WITHDRAWN:
            raise Refused(_("Already withdrawn."))
        membership.status, membership.withdrawn_on = CohortMembership.Status.WITHDRAWN, timezone.localdate()
        membership.save(update_fields=["status", "withdrawn_on"])
        _log_collectivity(membership.cohort, WITHDRAWN, membership.territory)
    return membership


def _log_collectivity(cohort: Cohort, action: str, territory: Territory) -> None:
    """A cohort's history names the collectivity in both scripts (cohorts.wagtail_hooks reads them)."""
    log(instance=cohort, action=action,
        data={"code": territory.code, "name_fr": territory.name_fr, "name_ar": territory.name_ar})


def _lock_territory(territory: Territory) -> None:
    Territory.objects.select_for_update().filter(pk=territory.pk).first()


def _refuse_if_in_a_cohort(territory: Territory) -> None:
    existing = CohortMembership.objects.filter(territory=territory).exclude(
        status=CohortMembership.Status.WITHDRAWN).select_related("cohort").first()
    if existing:
        raise Refused(_("“%(name)s” is already in %(cohort)s.") % {"name": territory.name, "cohort": existing.cohort},
                      field="territory")


# The calendar ---------------------------------------------------------------------------------

def run_calendar(now=None) -> list[Transition]:
    """Record the moves the calendar makes today: phases open on their first day and close the
    day after their last. Safe to run any number of times; each move happens once."""
    day = today(now)
    done = []
    for phase in PHASES:
        opening, closing = move_into(phase), move_out_of(phase)
        due_to_open = Cycle.objects.filter(
            stage__in=opening.sources, **{f"{phase}_opens_on__lte": day, f"{phase}_closes_on__gte": day},
            member__status=Member.Status.ACTIVE,
        )
        for cycle in due_to_open.values_list("pk", flat=True):
            done += _calendar_move(cycle, opening.name, now)
        due_to_close = Cycle.objects.filter(
            stage=PHASE_STAGE[phase], **{f"{phase}_closes_on__lt": day}, member__status=Member.Status.ACTIVE,
        )
        for cycle in due_to_close.values_list("pk", flat=True):
            done += _calendar_move(cycle, closing.name, now)
    return done


def _calendar_move(cycle_id: int, name: str, now) -> list[Transition]:
    assert MOVES_BY_NAME[name].actors == ANYONE
    try:
        return [move(Cycle(pk=cycle_id), name, None, now=now)]
    except Refused:
        return []  # not due after all (no draft for phase two, dates changed meanwhile)


def enqueue_phase_event(cycle: Cycle, phase: str, event: str) -> Outbox:
    """Followers are told once per (cycle, phase, event), whoever or whatever made the move."""
    return Outbox.enqueue(PHASE_EVENT, f"phase:{cycle.pk}:{phase}:{event}",
                          {"cycle": cycle.pk, "phase": phase, "event": event})
