"""Demo progress: the demonstration cohort, around today, where three real members show the cycle.

The plan's cohorts have their windows in the past and their real members have no recorded
progress, so the demo puts the members that carry demo content (communes.demo.DEMO_CONTENT_CODES)
into a cohort of its own, number 90, marked as demo, with a calendar around the day `seed_demo`
first runs: one member has phase one open today, one has closed phase two and awaits its council,
one has its programme adopted. Every move goes through cohorts.services, as a person or the
calendar would make it, on the day it would have happened; every cycle, note, draft and
deliberation made here says that it is demo.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from cohorts.models import Cohort, CohortMembership, Cycle, PlannedStage, ProgrammeVersion, Stage
from cohorts.services import admit, current_cycle, move, record_draft, set_phase_dates
from communes.demo import DEMO_CONTENT_CODES
from communes.models import Member
from communes.roles import COORDINATORS

DEMO_COHORT = 90
NOTE = "Demo progress, made up to show the cycle: not a real event."

# Days from the day the demo is seeded. Each member is shown at a different stage.
PROGRESS = {
    "09": {  # Souss-Massa (region): programme adopted
        "joined": -200, "training": -190, "phase_one": (-170, -140), "draft": -120, "phase_two": (-110, -80),
        "session": -50, "adopt": -45,
    },
    "01.571.01.11": {  # Tétouan: phase two closed, the council has not voted yet
        "joined": -150, "training": -140, "phase_one": (-120, -90), "draft": -70, "phase_two": (-60, -30),
    },
    "09.001.01.01": {  # Agadir: phase one open today
        "joined": -60, "training": -40, "phase_one": (-10, 35),
    },
}
assert set(PROGRESS) == set(DEMO_CONTENT_CODES)

# The demonstration calendar, in days from seeding: wide windows, overlapping, so that members at
# different stages all stand inside it.
CALENDAR = [
    (Stage.JOINED, -200, -60),
    (Stage.TRAINING, -190, -40),
    (Stage.PHASE_ONE, -170, 35),
    (Stage.PHASE_TWO, -110, 120),
    (Stage.COUNCIL, -80, 180),
    (Stage.IMPLEMENTATION, -45, 730),
    (Stage.EVALUATION, 730, 790),
]


@dataclass
class DemoProgressReport:
    cohort_created: bool = False
    seeded: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def demo_cohort(today: date) -> tuple[Cohort, bool]:
    """The demonstration cohort; its calendar is laid around `today` when it is first made."""
    cohort, created = Cohort.objects.get_or_create(number=DEMO_COHORT, defaults={
        "is_demo": True, "intake_year": today.year,
        "call_opens_on": today - timedelta(days=240), "call_closes_on": today - timedelta(days=210),
        "source_note": (f"Demonstration cohort, made up around {today.isoformat()} to show every stage of the "
                        f"cycle. Its members are real collectivities; their progress here is not."),
    })
    if created:
        for stage, first, last in CALENDAR:
            PlannedStage.objects.create(
                cohort=cohort, stage=stage, starts_in=today + timedelta(days=first),
                ends_in=today + timedelta(days=last), source="demo",
                note="Demonstration calendar: wide, overlapping windows so that demo members show several "
                     "stages at once.",
            )
    return cohort, created


def seed_demo_progress(today: date | None = None) -> DemoProgressReport:
    """Admit the demo-content members into the demonstration cohort and walk each to its stage.

    Run again, it changes nothing: a member already in a cohort keeps its place and its history.
    """
    today = today or timezone.localdate()
    report = DemoProgressReport()
    cohort, report.cohort_created = demo_cohort(today)
    coordinator = get_user_model().objects.filter(groups__name=COORDINATORS, is_demo=True).order_by("pk").first()
    if coordinator is None:
        raise RuntimeError("No demo coordinator: communes.demo.load_demo_network makes the demo logins first.")
    placed = dict(CohortMembership.objects.exclude(status=CohortMembership.Status.WITHDRAWN)
                  .filter(territory__code__in=PROGRESS).values_list("territory__code", "cohort__number"))
    for code, steps in PROGRESS.items():
        if code in placed:
            report.kept.append(code)
            continue
        _walk(cohort, code, steps, today, coordinator)
        report.seeded.append(code)
    return report


@transaction.atomic
def _walk(cohort: Cohort, code: str, steps: dict, today: date, coordinator) -> Cycle:
    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    def at(offset: int) -> datetime:
        return _noon(day(offset))

    membership = admit(cohort, code, joined_on=day(steps["joined"]), is_demo=True,
                       source_note="Demo: placed in the demonstration cohort to show the cycle.")
    member = membership.member
    cycle = current_cycle(member)
    staff = get_user_model().objects.filter(groups=member.staff_group_id, is_demo=True).order_by("pk").first()
    person = staff or coordinator
    move(cycle, "start_training", coordinator, note=NOTE, now=at(steps["training"]))
    opens, closes = steps["phase_one"]
    set_phase_dates(cycle, person, {"phase_one": (day(opens), day(closes))}, now=at(steps["training"]))
    move(cycle, "open_phase_one", None, note=NOTE, now=at(opens))
    if "phase_two" not in steps:
        return cycle
    move(cycle, "close_phase_one", None, note=NOTE, now=at(closes + 1))
    cycle.refresh_from_db()
    draft = record_draft(cycle, title="Demo draft openness programme (made up)", body=[
        {"type": "rich_text", "value": "<p>Demo content: a made-up draft, to show phase two.</p>"},
    ])
    ProgrammeVersion.objects.filter(pk=draft.pk).update(taken_at=at(steps["draft"]))
    opens, closes = steps["phase_two"]
    set_phase_dates(cycle, person, {"phase_two": (day(opens), day(closes))}, now=at(steps["draft"]))
    move(cycle, "open_phase_two", None, note=NOTE, now=at(opens))
    move(cycle, "close_phase_two", None, note=NOTE, now=at(closes + 1))
    if "adopt" in steps:
        move(cycle, "adopt", person, note=NOTE, now=at(steps["adopt"]), adoption={
            "session_date": day(steps["session"]), "deliberation_number": f"DEMO-{day(steps['session']).year}-01",
            "votes_for": 31, "votes_against": 2, "abstentions": 1, "document": _demo_deliberation(member),
        })
    cycle.refresh_from_db()
    return cycle


def _demo_deliberation(member: Member):
    return get_document_model().objects.create(
        title="Demo deliberation (made up, not a real council decision)", collection=member.collection,
        file=ContentFile(demo_pdf("DEMO - not a real deliberation of the council"), name="demo-deliberation.pdf"),
    )


def demo_pdf(line: str) -> bytes:
    """A one-page PDF that says it is a demo (Latin text only: the standard fonts have no Arabic)."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 20 Tf 60 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
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
