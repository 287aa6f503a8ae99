"""The co-creation cycle: every move for every role, its guards, and the history it writes.

The tests are driven by `cohorts.cycle.MOVES`: a move added to the table is tested here for every
role without a line of this file changing (and fails until `tests.cycle_helpers.STEPS` says when
it is due). Each refusal is checked for its reason and for leaving everything as it was.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from cohorts.cycle import MOVES, MOVES_BY_NAME, Actor
from cohorts.models import Adoption, Cycle, ProgrammeVersion, SelfEvaluation, Stage, Transition
from cohorts.services import (
    Refused,
    actor_for,
    allowed_moves,
    move,
    publish_self_evaluation,
    record_draft,
)
from tests.cycle_helpers import (
    PHASE_ONE_DATES,
    PHASE_TWO_DATES,
    SESSION_DATE,
    STEPS,
    adoption_data,
    place,
    prepare,
    state_of,
    walk_to,
)
from tests.helpers import casablanca, upload_pdf
from website.outbox import Outbox

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("staff", "coordinator", "calendar", "forged", "resident", "anonymous")
ACTOR_OF_ROLE = {"staff": Actor.STAFF, "coordinator": Actor.COORDINATOR, "calendar": Actor.CALENDAR}
WHO = {Actor.STAFF: "the member's staff", Actor.COORDINATOR: "a coordinator", Actor.CALENDAR: "the calendar"}
NOT_ITS_STAFF = "Only this member's staff and the network's coordinators may change its cycle."


@pytest.fixture
def people(staff_of_a, staff_of_b, coordinator, resident):
    """Everyone who may try to move Agadir's cycle: `forged` is Tétouan's staff."""
    return {"staff": staff_of_a, "coordinator": coordinator, "calendar": None, "forged": staff_of_b,
            "resident": resident, "anonymous": AnonymousUser()}


def test_every_move_has_a_date_on_the_test_calendar():
    assert set(STEPS) == set(MOVES_BY_NAME)
    # The main path visits every stage once, in the order of `Stage`.
    targets = [m.target for m in MOVES]
    assert targets == Stage.values[1:]


def expected_happened_on(name: str) -> date:
    """Phases open on their first day and close on their last, whoever records it."""
    return {
        "open_phase_one": PHASE_ONE_DATES[0], "close_phase_one": PHASE_ONE_DATES[1],
        "open_phase_two": PHASE_TWO_DATES[0], "close_phase_two": PHASE_TWO_DATES[1],
    }.get(name, STEPS[name].date())


# Every move × every stage it leaves × every role --------------------------------------------

MOVE_SOURCES = [(m.name, source) for m in MOVES for source in m.sources]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "source"), MOVE_SOURCES, ids=[f"{n}-from-{s}" for n, s in MOVE_SOURCES])
def test_each_move_for_each_role(cycle_a, people, name, source, role):
    spec = MOVES_BY_NAME[name]
    coordinator = people["coordinator"]
    cycle = walk_to(cycle_a, source, coordinator)
    extra = prepare(cycle, name, coordinator)
    cycle.refresh_from_db()
    user = people[role]
    actor = ACTOR_OF_ROLE.get(role)
    before = state_of(cycle)

    if actor in spec.actors:
        if user is not None:  # the person is offered the move, as allowed
            offered = {m.name: check.allowed for m, check in allowed_moves(cycle, user, now=STEPS[name])}
            assert offered[name] is True
        transition = move(cycle, name, user, now=STEPS[name], **extra)
        cycle.refresh_from_db()
        assert cycle.stage == spec.target
        assert cycle.stage_since == transition.happened_on == expected_happened_on(name)
        assert (transition.name, transition.from_stage, transition.to_stage) == (name, source, spec.target)
        assert (transition.actor, transition.by) == (actor, user)
        assert Transition.objects.filter(cycle=cycle).count() == len(before["transitions"]) + 1
        new_outbox = set(Outbox.objects.values_list("key", flat=True)) - set(before["outbox"])
        if spec.phase:
            assert new_outbox == {f"phase:{cycle.pk}:{spec.phase}:{spec.event}"}
        else:
            assert new_outbox == set()
        return

    reason = NOT_ITS_STAFF if actor is None else f"“{spec.label}” cannot be made by {WHO[actor]}."
    with pytest.raises(Refused) as refused:
        move(cycle, name, user, now=STEPS[name], **extra)
    assert refused.value.message == reason
    assert state_of(cycle) == before
    # The buttons offered to that person agree with the refusal.
    if user is not None:
        assert name not in [m.name for m, _check in allowed_moves(cycle, user, now=STEPS[name])]


@pytest.mark.parametrize("name", list(MOVES_BY_NAME))
def test_each_move_out_of_order_is_refused_with_where_the_cycle_stands(cycle_a, coordinator, name):
    """At every stage it does not leave, a move is 'not yet' or 'already done', and changes nothing."""
    spec = MOVES_BY_NAME[name]
    cycle = cycle_a
    for stage in Stage.values:
        cycle = walk_to(cycle, stage, coordinator)
        if stage in spec.sources:
            continue
        extra = prepare(cycle, name, coordinator)
        before = state_of(cycle)
        label = cycle.get_stage_display()
        with pytest.raises(Refused) as refused:
            move(cycle, name, coordinator, now=STEPS[name], **extra)
        if Stage.order(stage) >= Stage.order(spec.target):
            assert refused.value.message == f"Already done: this cycle is at “{label}”."
        else:
            assert refused.value.message == (
                f"Not yet: this cycle is at “{label}”, and “{spec.label}” comes later.")
        assert state_of(cycle) == before


def test_who_acts_in_which_role(member_a, staff_of_a, staff_of_b, coordinator, resident):
    from django.contrib.auth.models import Group

    from communes.roles import COORDINATORS

    assert actor_for(None, member_a) == Actor.CALENDAR
    assert actor_for(staff_of_a, member_a) == Actor.STAFF
    assert actor_for(coordinator, member_a) == Actor.COORDINATOR
    for outsider in (staff_of_b, resident, AnonymousUser()):
        with pytest.raises(Refused, match="Only this member's staff"):
            actor_for(outsider, member_a)
    # A staff account switched off acts for nobody, even in the coordinators' group.
    staff_of_a.groups.add(Group.objects.get(name=COORDINATORS))
    staff_of_a.is_active = False
    staff_of_a.save()
    with pytest.raises(Refused):
        actor_for(staff_of_a, member_a)


def test_a_member_that_left_the_network_has_a_frozen_cycle(cycle_a, coordinator):
    from communes.services import leave_network

    leave_network(cycle_a.member)
    before = state_of(cycle_a)
    for role_user in (coordinator, None):
        with pytest.raises(Refused, match="left the network: its cycle is frozen"):
            move(cycle_a, "start_training", role_user, now=STEPS["start_training"])
    assert state_of(cycle_a) == before


def test_an_unknown_move_is_refused(cycle_a, coordinator):
    before = state_of(cycle_a)
    with pytest.raises(Refused, match="Unknown move"):
        move(cycle_a, "skip_to_adoption", coordinator, now=STEPS["adopt"])
    assert state_of(cycle_a) == before


# Guards ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["staff", "coordinator", "calendar"])
def test_phase_two_needs_a_published_draft(cycle_a, people, role):
    cycle = walk_to(cycle_a, Stage.DRAFTING, people["coordinator"])
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "open_phase_two", people[role], now=STEPS["open_phase_two"])
    assert refused.value.message == "Phase two needs a published draft programme: publish the draft first."
    assert state_of(cycle) == before

    record_draft(cycle, title="Draft", body=[{"type": "paragraph", "value": "<p>Open data</p>"}])
    move(cycle, "open_phase_two", people[role], now=STEPS["open_phase_two"])
    assert Cycle.objects.get(pk=cycle.pk).stage == Stage.PHASE_TWO


def test_an_adopted_version_copies_the_latest_draft(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    record_draft(cycle, title="First draft", body=[{"type": "paragraph", "value": "<p>one</p>"}])
    record_draft(cycle, title="Second draft", body=[{"type": "paragraph", "value": "<p>two</p>"}])
    cycle = walk_to(cycle, Stage.ADOPTED, coordinator)
    adoption = Adoption.objects.get(cycle=cycle)
    assert (adoption.session_date, adoption.deliberation_number, adoption.votes_for, adoption.votes_against,
            adoption.abstentions) == (SESSION_DATE, "D-12/2030", 25, 3, 2)
    assert adoption.version.kind == ProgrammeVersion.Kind.ADOPTED
    assert (adoption.version.title, adoption.version.body) == (
        "Second draft", [{"type": "paragraph", "value": "<p>two</p>"}])
    # Drafts published once the consultation runs change no snapshot.
    assert record_draft(cycle, title="Late edit", body=[]) is None
    assert cycle.versions.filter(kind=ProgrammeVersion.Kind.DRAFT).count() == 2


def another_members_pdf(member_b):
    return upload_pdf(member_b, "Tétouan's deliberation")


# Each bad adoption form: what is wrong, and the reason given.
BAD_ADOPTIONS = [
    ({"session_date": None}, "Give the date of the council's session."),
    ({"session_date": date(2030, 9, 21)}, "The council's session cannot be in the future."),
    ({"session_date": date(2030, 5, 4)},
     "The council adopts the programme after the consultation on its draft (phase two opened on 5 May 2030)."),
    ({"deliberation_number": "  "}, "Give the deliberation number."),
    ({"deliberation_number": "D" * 61}, "The deliberation number is too long: give it as the council wrote it."),
    ({"votes_for": None}, "Give the result of the vote."),
    ({"votes_for": 10, "votes_against": 10},
     "With 10 votes for and 10 against, the council did not adopt the programme."),
    ({"votes_for": 3, "votes_against": 20},
     "With 3 votes for and 20 against, the council did not adopt the programme."),
    ({"votes_for": 0, "votes_against": 0}, "With 0 votes for and 0 against, the council did not adopt the programme."),
    ({"votes_against": -4}, "Give the votes as whole numbers, zero or more."),
    ({"abstentions": 1.5}, "Give the votes as whole numbers, zero or more."),
    ({"document": None}, "Attach the deliberation as a PDF."),
    ({"document": "text renamed .pdf"}, "The deliberation must be a PDF file."),
    ({"document": "pdf bytes, .txt name"}, "The deliberation must be a PDF file."),
    ({"document": "another member's"}, "The deliberation must be in this member's documents."),
]


@pytest.mark.parametrize(("change", "reason"), BAD_ADOPTIONS, ids=[r for _c, r in BAD_ADOPTIONS])
def test_adoption_needs_session_deliberation_vote_and_pdf(cycle_a, member_b, coordinator, change, reason):
    cycle = walk_to(cycle_a, Stage.COUNCIL, coordinator)
    documents = {
        "text renamed .pdf": lambda: upload_pdf(cycle.member, content=b"Minutes of the council.\n"),
        "pdf bytes, .txt name": lambda: upload_pdf(cycle.member, name="deliberation.txt"),
        "another member's": lambda: another_members_pdf(member_b),
    }
    if isinstance(change.get("document"), str):
        change = {**change, "document": documents[change["document"]]()}
    data = adoption_data(cycle.member, **change)
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "adopt", coordinator, adoption=data, now=STEPS["adopt"])
    assert refused.value.message == reason
    assert state_of(cycle) == before
    assert not Adoption.objects.filter(cycle=cycle).exists()


def test_adoption_without_its_form_is_refused(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.COUNCIL, coordinator)
    before = state_of(cycle)
    with pytest.raises(Refused, match="Record the adoption with its session date"):
        move(cycle, "adopt", staff_of_a, now=STEPS["adopt"])
    assert state_of(cycle) == before


@pytest.mark.parametrize("session_date", [PHASE_TWO_DATES[0], date(2030, 9, 20)], ids=["phase-two-day", "today"])
def test_adoption_at_the_limits_of_its_session_date(cycle_a, staff_of_a, coordinator, session_date):
    """A session on the day phase two opened, or on the day it is recorded, is allowed; so is a
    majority of one."""
    cycle = walk_to(cycle_a, Stage.COUNCIL, coordinator)
    data = adoption_data(cycle.member, session_date=session_date, votes_for=1, votes_against=0)
    transition = move(cycle, "adopt", staff_of_a, adoption=data, now=casablanca(2030, 9, 20, 23, 59))
    assert transition.happened_on == date(2030, 9, 20)
    assert Adoption.objects.get(cycle=cycle).session_date == session_date


def test_implementation_needs_the_adoption(cycle_a, staff_of_a, coordinator):
    """A cycle placed at "adopted" without its adoption (by a data load, say) cannot go on."""
    cycle = place(walk_to(cycle_a, Stage.COUNCIL, coordinator), Stage.ADOPTED)
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "start_implementation", staff_of_a, now=STEPS["start_implementation"])
    assert refused.value.message == "Implementation needs the council's adoption, recorded first."
    assert state_of(cycle) == before


def test_a_cycle_closes_only_with_a_published_self_evaluation(cycle_a, member_b, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.EVALUATION, coordinator)
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "close_cycle", staff_of_a, now=STEPS["close_cycle"])
    assert refused.value.message == "A cycle closes with a published self-evaluation: publish it first."
    assert state_of(cycle) == before

    bad = [
        ({"summary": "  ", "document": upload_pdf(cycle.member)}, "Summarise the self-evaluation."),
        ({"summary": "Done", "document": None}, "Attach the report as a PDF."),
        ({"summary": "Done", "document": another_members_pdf(member_b)},
         "The report must be in this member's documents."),
        ({"summary": "Done", "document": upload_pdf(cycle.member, content=b"plain text")},
         "The report must be a PDF file."),
    ]
    for fields, reason in bad:
        with pytest.raises(Refused) as refused:
            publish_self_evaluation(cycle, staff_of_a, **fields)
        assert refused.value.message == reason
    assert not SelfEvaluation.objects.filter(cycle=cycle).exists()

    report = upload_pdf(cycle.member, "Report", name="report.pdf")
    evaluation = publish_self_evaluation(cycle, staff_of_a, summary=" Done with civil society. ", document=report,
                                         now=casablanca(2032, 2, 1))
    assert (evaluation.summary, evaluation.published_on) == ("Done with civil society.", date(2032, 2, 1))
    with pytest.raises(Refused, match="already published"):
        publish_self_evaluation(cycle, staff_of_a, summary="Again", document=report)

    move(cycle, "close_cycle", staff_of_a, now=STEPS["close_cycle"])
    cycle.refresh_from_db()
    assert cycle.stage == Stage.CLOSED
    following = Cycle.objects.get(member=cycle.member, number=cycle.number + 1)
    assert (following.stage, following.cohort, following.stage_since) == (
        Stage.JOINED, cycle.cohort, STEPS["close_cycle"].date())
    assert following.phase_dates("phase_one") == (None, None)


def test_the_self_evaluation_is_published_in_its_stage_by_the_members_people(cycle_a, staff_of_b, coordinator):
    cycle = walk_to(cycle_a, Stage.IMPLEMENTATION, coordinator)
    report = upload_pdf(cycle.member, "Report", name="report.pdf")
    with pytest.raises(Refused, match="during the self-evaluation stage"):
        publish_self_evaluation(cycle, coordinator, summary="Too early", document=report)
    cycle = walk_to(cycle, Stage.EVALUATION, coordinator)
    with pytest.raises(Refused, match="Only this member's staff"):
        publish_self_evaluation(cycle, staff_of_b, summary="Forged", document=report)
    assert not SelfEvaluation.objects.filter(cycle=cycle).exists()


# The audit trail ------------------------------------------------------------------------------

def test_a_whole_cycle_leaves_one_transition_per_move(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.CLOSED, coordinator)
    history = list(cycle.transitions.order_by("recorded_at", "pk").values_list(
        "name", "from_stage", "to_stage", "happened_on", "actor", "by", "note"))
    assert history == [
        (m.name, m.sources[-1] if m.name == "open_phase_one" else m.sources[0], m.target,
         expected_happened_on(m.name), Actor.COORDINATOR, coordinator.pk, "")
        for m in MOVES
    ]
    assert Outbox.objects.filter(kind="cohorts.phase_event").count() == 4
    assert Cycle.objects.filter(member=cycle.member).count() == 2


def test_opening_early_needs_a_note_and_moves_the_opening_date_to_today(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    early = casablanca(2030, 3, 4, 16)
    before = state_of(cycle)
    for note in ("", "   "):
        with pytest.raises(Refused) as refused:
            move(cycle, "open_phase_one", staff_of_a, note=note, now=early)
        assert refused.value.message == "Say why phase one opens before its date (10 March 2030)."
        assert refused.value.field == "note"
        assert state_of(cycle) == before

    transition = move(cycle, "open_phase_one", staff_of_a, note=" Workshops start with the souk week. ", now=early)
    cycle.refresh_from_db()
    assert cycle.phase_dates("phase_one") == (date(2030, 3, 4), PHASE_ONE_DATES[1])
    assert (transition.happened_on, transition.actor, transition.by, transition.note) == (
        date(2030, 3, 4), Actor.STAFF, staff_of_a, "Workshops start with the souk week.")
    assert cycle.stage_since == date(2030, 3, 4)


def test_closing_early_needs_a_note_and_moves_the_closing_date_to_today(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    early = casablanca(2030, 4, 2, 10)
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "close_phase_one", staff_of_a, now=early)
    assert refused.value.message == "Say why phase one closes before its date (10 April 2030)."
    assert state_of(cycle) == before

    transition = move(cycle, "close_phase_one", coordinator, note="Enough ideas; drafting starts.", now=early)
    cycle.refresh_from_db()
    assert cycle.phase_dates("phase_one") == (PHASE_ONE_DATES[0], date(2030, 4, 2))
    assert (transition.happened_on, transition.note, transition.actor) == (
        date(2030, 4, 2), "Enough ideas; drafting starts.", Actor.COORDINATOR)


def test_the_calendar_cannot_open_early_nor_close_before_the_end(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "open_phase_one", None, note="early", now=casablanca(2030, 3, 9, 23, 59))
    assert refused.value.message == "Phase one opens on 10 March 2030."
    assert state_of(cycle) == before
    cycle = walk_to(cycle, Stage.PHASE_ONE, coordinator)
    before = state_of(cycle)
    with pytest.raises(Refused) as refused:
        move(cycle, "close_phase_one", None, now=casablanca(2030, 4, 10, 23, 59))
    assert refused.value.message == "Phase one closes after 10 April 2030."
    assert state_of(cycle) == before


def test_recorded_late_a_phase_still_opened_and_closed_on_its_dates(cycle_a, staff_of_a, coordinator):
    """Residents saw the phase open and close on its dates: a late record says so, by anyone."""
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    opened = move(cycle, "open_phase_one", staff_of_a, now=casablanca(2030, 3, 14))
    closed = move(cycle, "close_phase_one", None, now=casablanca(2030, 4, 17))
    assert (opened.happened_on, closed.happened_on) == PHASE_ONE_DATES
    cycle.refresh_from_db()
    assert cycle.phase_dates("phase_one") == PHASE_ONE_DATES
    assert cycle.stage_since == PHASE_ONE_DATES[1]


def test_phase_two_opened_late_by_a_late_draft_records_the_drafts_day(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    draft = record_draft(cycle, title="Draft", body=[])
    ProgrammeVersion.objects.filter(pk=draft.pk).update(taken_at=casablanca(2030, 5, 8, 15))
    transition = move(cycle, "open_phase_two", None, now=casablanca(2030, 5, 9, 0, 5))
    cycle.refresh_from_db()
    assert transition.happened_on == date(2030, 5, 8)
    assert cycle.phase_dates("phase_two") == (date(2030, 5, 8), PHASE_TWO_DATES[1])


def test_opening_a_phase_whose_dates_ended_asks_for_new_dates(cycle_a, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    before = state_of(cycle)
    for user in (staff_of_a, None):
        with pytest.raises(Refused) as refused:
            move(cycle, "open_phase_one", user, note="late", now=casablanca(2030, 4, 11, 0, 0))
        assert refused.value.message == "The dates of phase one ended on 10 April 2030: set new dates to open it."
    assert state_of(cycle) == before


def test_a_phase_move_needs_its_dates(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.TRAINING, coordinator)
    cycle = place(cycle, phase_one=(None, None))
    with pytest.raises(Refused, match=r"Set the dates of phase one first\."):
        move(cycle, "open_phase_one", coordinator, note="now", now=STEPS["open_phase_one"])
