"""Demo progress: two demonstration cohorts, one after the other, where three real members show the cycle.

The plan's cohorts have their windows in the past and their real members have no recorded
progress, so the demo puts the members that carry demo content (communes.demo.DEMO_CONTENT_CODES)
into cohorts of their own, marked as demo, with calendars laid out like the plan's (one stage after
another) around the day `seed_demo` first runs:

- cohort 91, a year ahead of the other: Tétouan went through both phases and waits for its council
  past the council's planned months (the dashboard flags it late); Souss-Massa had its programme
  adopted and implements it;
- cohort 90, now: Agadir has phase one open today, and its phase two dates set inside their window.

Every move goes through cohorts.services, as a person or the calendar would make it, on the day it
would have happened; every cycle, note, draft and deliberation made here says that it is demo.
Run again, it changes nothing; run on a database laid out otherwise (the earlier single demo
cohort, with its overlapping calendar), it removes the demo rows, and only those, and lays it out
anew.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.documents import get_document_model

from cohorts.models import (
    Adoption,
    Cohort,
    CohortMembership,
    Cycle,
    PlannedStage,
    ProgrammeVersion,
    SelfEvaluation,
    Stage,
    month_end,
)
from cohorts.plan import intake_hints
from cohorts.services import admit, move, record_draft, set_phase_dates
from cohorts.standing import current_cycle
from communes.demo import DEMO_CONTENT_CODES
from communes.models import Member
from communes.permissions import staff_of
from communes.roles import COORDINATORS

CURRENT, EARLIER = 90, 91
DEMO_COHORTS = (CURRENT, EARLIER)
NOTE = "Demo progress, made up to show the cycle: not a real event."
# Stored in English like the plan's notes; the cohort page shows its own translated words.
CALENDAR_NOTE = "Demonstration calendar: made up to show the cycle, one stage after another; not the national plan's."
DELIBERATION_TITLE = "Demo deliberation (made up, not a real council decision)"

# The demonstration calendar, in months from the month its phase one starts; like the plan's,
# each stage starts after the month the previous one ends (drafting has the month between the phases).
CALENDAR = (
    (Stage.JOINED, -2, -2),
    (Stage.TRAINING, -1, -1),
    (Stage.PHASE_ONE, 0, 2),
    (Stage.PHASE_TWO, 4, 5),
    (Stage.COUNCIL, 6, 7),
    (Stage.IMPLEMENTATION, 8, 31),
    (Stage.EVALUATION, 32, 33),
)
# The month each cohort's phase one starts, in months from today's: 90 is in phase one now, 91 a
# year ahead (in implementation now, its council months over).
PHASE_ONE_STARTS = {CURRENT: -1, EARLIER: -13}


@dataclass(frozen=True)
class Walk:
    """How far a demo member goes, and the day of each move (None: it does not get there)."""

    cohort: int
    joined: date
    training: date
    phase_one: tuple[date, date]
    phase_two: tuple[date, date]
    draft: date | None = None  # without a draft, phase two's dates are only set, ahead
    session: date | None = None
    adopted: date | None = None
    implementation: date | None = None


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def progress(today: date) -> dict[str, Walk]:
    """Each demo member's walk, in days of the months around `today` (days up to 28: every month has them)."""

    def on(months: int, day: int) -> date:
        return add_months(today, months).replace(day=day)

    phase_one_first, phase_one_last = on(-1, 1), month_end(on(1, 1))  # cohort 90's phase one months
    return {
        # Souss-Massa (region): adopted in the council's months, implementing since.
        "09": Walk(EARLIER, joined=on(-15, 3), training=on(-14, 6), phase_one=(on(-13, 2), on(-11, 14)),
                   draft=on(-10, 5), phase_two=(on(-9, 1), on(-9, 28)), session=on(-7, 14), adopted=on(-7, 16),
                   implementation=on(-5, 4)),
        # Tétouan: both phases done; its council has not voted, months after the planned ones.
        "01.571.01.11": Walk(EARLIER, joined=on(-15, 6), training=on(-14, 10), phase_one=(on(-13, 8), on(-11, 20)),
                             draft=on(-10, 12), phase_two=(on(-9, 5), on(-8, 15))),
        # Agadir: phase one open today; phase two's dates set, inside its months.
        "09.001.01.01": Walk(CURRENT, joined=on(-3, 10), training=on(-2, 12),
                             phase_one=(max(today - timedelta(days=14), phase_one_first),
                                        min(today + timedelta(days=28), phase_one_last)),
                             phase_two=(on(3, 2), on(4, 25))),
    }


assert set(progress(date(2026, 1, 31))) == set(DEMO_CONTENT_CODES)


def planned_months(number: int, today: date) -> list[tuple[str, date, date]]:
    """A demo cohort's calendar: (stage, first month, last month)."""
    start = PHASE_ONE_STARTS[number]
    return [(stage, add_months(today, start + first), add_months(today, start + last))
            for stage, first, last in CALENDAR]


@dataclass
class DemoProgressReport:
    laid_out: bool = False  # the demo cohorts' calendars were (re)made
    replaced: int = 0  # demo cycles of an earlier layout removed
    seeded: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def seed_demo_progress(today: date | None = None) -> DemoProgressReport:
    """Lay out the demonstration cohorts and walk each demo member to its stage.

    A demo already laid out as here is kept as it is. A demo member that is in a real cohort, or
    whose demo cycle has a programme page, is left alone: those are not demo rows to remove.
    """
    today = today or timezone.localdate()
    walks = progress(today)
    report = DemoProgressReport()
    coordinator = get_user_model().objects.filter(groups__name=COORDINATORS, is_demo=True).order_by("pk").first()
    if coordinator is None:
        raise RuntimeError("No demo coordinator: communes.demo.load_demo_network makes the demo logins first.")
    with transaction.atomic():
        cohorts = _demo_cohorts()
        left_alone = _not_demo_to_touch(walks)
        report.kept += sorted(left_alone)
        walks = {code: walk for code, walk in walks.items() if code not in left_alone}
        if _in_place(cohorts, walks):
            report.kept += sorted(walks)
            return report
        report.replaced = _remove_demo_rows(cohorts, walks)
        cohorts = {number: _lay_out(number, today) for number in DEMO_COHORTS}
        report.laid_out = True
        hints = intake_hints()
        for code, walk in walks.items():
            _walk(cohorts[walk.cohort], code, walk, coordinator, hints.get(code))
            report.seeded.append(code)
    return report


def _demo_cohorts() -> dict[int, Cohort]:
    cohorts = {cohort.number: cohort for cohort in Cohort.objects.filter(number__in=DEMO_COHORTS)}
    real = sorted(number for number, cohort in cohorts.items() if not cohort.is_demo)
    if real:
        raise RuntimeError(f"Cohort {', '.join(map(str, real))} is a real cohort: the demo needs numbers "
                           f"{' and '.join(map(str, DEMO_COHORTS))} for its demonstration cohorts.")
    return cohorts


def _not_demo_to_touch(walks: dict[str, Walk]) -> set[str]:
    """Demo members whose place is real: in a real cohort, or with a programme page on a demo cycle."""
    in_real_cohort = CohortMembership.objects.filter(territory__code__in=walks, cohort__is_demo=False).exclude(
        status=CohortMembership.Status.WITHDRAWN).values_list("territory__code", flat=True)
    demo_cycles = Cycle.objects.filter(member__territory__code__in=walks, is_demo=True)
    # Rows of the apps above that point at a demo cycle (a programme page…): found by the relations
    # themselves, since cohorts never names those apps.
    pointed_at = Q()
    for relation in Cycle._meta.related_objects:
        if relation.related_model._meta.app_label != Cycle._meta.app_label:
            pointed_at |= Q(**{f"{relation.name}__isnull": False})
    with_pages = demo_cycles.filter(pointed_at).values_list("member__territory__code", flat=True) if pointed_at else []
    return set(in_real_cohort) | set(with_pages)


def _in_place(cohorts: dict[int, Cohort], walks: dict[str, Walk]) -> bool:
    """Both demo cohorts with this module's calendar (in whatever months it was laid out), and each
    demo member walked in its own one."""
    if set(cohorts) != set(DEMO_COHORTS):
        return False
    expected = [(stage, last - first) for stage, first, last in CALENDAR]
    for cohort in cohorts.values():
        rows = sorted(cohort.planned_stages.filter(cycle_number=1), key=lambda row: row.starts_in)
        months = [(row.stage, (row.ends_in.year - row.starts_in.year) * 12 + row.ends_in.month - row.starts_in.month)
                  for row in rows]
        if months != expected or cohort.planned_stages.exclude(cycle_number=1).exists():
            return False
    placed = dict(CohortMembership.objects.filter(territory__code__in=walks, cohort__number__in=DEMO_COHORTS).exclude(
        status=CohortMembership.Status.WITHDRAWN).values_list("territory__code", "cohort__number"))
    in_cycles = set(Cycle.objects.filter(member__territory__code__in=walks, is_demo=True).values_list(
        "member__territory__code", "cohort__number"))
    return all(placed.get(code) == walk.cohort and (code, walk.cohort) in in_cycles for code, walk in walks.items())


def _remove_demo_rows(cohorts: dict[int, Cohort], walks: dict[str, Walk]) -> int:
    """Delete what an earlier demo made for these members, and the demo cohorts' calendars."""
    cycles = Cycle.objects.filter(member__territory__code__in=walks, is_demo=True)
    adoptions = Adoption.objects.filter(cycle__in=cycles)
    deliberations = list(adoptions.filter(document__title=DELIBERATION_TITLE).values_list("document_id", flat=True))
    adoptions.delete()
    SelfEvaluation.objects.filter(cycle__in=cycles).delete()
    get_document_model().objects.filter(pk__in=deliberations).delete()
    replaced = cycles.count()
    cycles.delete()  # with their transitions and programme versions
    CohortMembership.objects.filter(cohort__in=cohorts.values(), territory__code__in=walks).delete()
    PlannedStage.objects.filter(cohort__in=cohorts.values()).delete()
    return replaced


def _lay_out(number: int, today: date) -> Cohort:
    """A demo cohort with its calendar around `today` (its call the month before it joins)."""
    months = planned_months(number, today)
    joins = months[0][1]
    call = add_months(joins, -1)
    story = {
        CURRENT: "its members are at the start of the cycle: phase one is open",
        EARLIER: (f"its calendar runs a year ahead of cohort {CURRENT}'s: its members have been through both "
                  f"phases, and the council's months are over"),
    }[number]
    cohort, _created = Cohort.objects.update_or_create(number=number, defaults={
        "is_demo": True, "intake_year": joins.year, "call_opens_on": call, "call_closes_on": month_end(call),
        "source_note": (f"Demonstration cohort, laid out on {today.isoformat()} to show the cycle: {story}. "
                        f"Its calendar is made up, one stage after another like the national plan's. Its members "
                        f"are real collectivities; their progress here is not."),
    })
    PlannedStage.objects.bulk_create([
        PlannedStage(cohort=cohort, stage=stage, starts_in=first, ends_in=last, note=CALENDAR_NOTE)
        for stage, first, last in months
    ])
    return cohort


def _walk(cohort: Cohort, code: str, walk: Walk, coordinator, intake: int | None) -> Cycle:
    def at(day: date) -> datetime:
        return _noon(day)

    placed = f"Demo: placed in demonstration cohort {cohort.number} to show the cycle."
    if intake:
        placed += (f" Public sources place it in cohort {intake} (data/morocco/remacto_member_evidence.csv); "
                   f"it is shown here instead.")
    membership = admit(cohort, code, joined_on=walk.joined, is_demo=True, source_note=placed)
    member = membership.member
    cycle = current_cycle(member)
    staff = staff_of(member).filter(is_demo=True).order_by("pk").first()
    person = staff or coordinator
    move(cycle, "start_training", coordinator, note=NOTE, now=at(walk.training))
    opens, closes = walk.phase_one
    set_phase_dates(cycle, person, {"phase_one": (opens, closes)}, now=at(walk.training))
    move(cycle, "open_phase_one", None, note=NOTE, now=at(opens))
    if walk.draft is None:
        # Staff set phase two's dates once phase one is open: ahead, inside the calendar's months.
        set_phase_dates(cycle, person, {"phase_two": walk.phase_two}, now=at(opens))
        return cycle
    move(cycle, "close_phase_one", None, note=NOTE, now=at(closes + timedelta(days=1)))
    draft = record_draft(cycle, title="Demo draft openness programme (made up)", body=[
        {"type": "rich_text", "value": "<p>Demo content: a made-up draft, to show phase two.</p>"},
    ])
    ProgrammeVersion.objects.filter(pk=draft.pk).update(taken_at=at(walk.draft))
    opens, closes = walk.phase_two
    set_phase_dates(cycle, person, {"phase_two": (opens, closes)}, now=at(walk.draft))
    move(cycle, "open_phase_two", None, note=NOTE, now=at(opens))
    move(cycle, "close_phase_two", None, note=NOTE, now=at(closes + timedelta(days=1)))
    if walk.adopted:
        move(cycle, "adopt", person, note=NOTE, now=at(walk.adopted), adoption={
            "session_date": walk.session, "deliberation_number": f"DEMO-{walk.session.year}-01",
            "votes_for": 31, "votes_against": 2, "abstentions": 1, "document": _demo_deliberation(member),
        })
    if walk.implementation:
        move(cycle, "start_implementation", person, note=NOTE, now=at(walk.implementation))
    cycle.refresh_from_db()
    return cycle


def _demo_deliberation(member: Member):
    return get_document_model().objects.create(
        title=DELIBERATION_TITLE, collection=member.collection,
        file=ContentFile(demo_pdf("DEMO - not a real deliberation of the council"), name="demo-deliberation.pdf"),
    )


def demo_pdf(line: str) -> bytes:
    """A one-page PDF that says it is a demo (Latin text only: the standard fonts have no Arabic)."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 20 Tf 60 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>"),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return pdf
