"""Cohorts, their calendars and the co-creation cycle (DESIGN §4.4).

`Cycle` is the only source of a member's stage; `Transition` is its history. The stages and the
moves between them are declared in `cohorts.cycle`; `cohorts.services` is the only code that
changes a cycle.
"""

import calendar
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import Member, Territory


def month_end(month: date) -> date:
    """The last day of a month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


class Stage(models.TextChoices):
    """Where a member stands in one cycle, in the order it goes through them."""

    JOINED = "joined", _("Joined")
    TRAINING = "training", _("Training")
    PHASE_ONE = "phase_one", _("Phase one: collecting ideas")
    DRAFTING = "drafting", _("Drafting the programme")
    PHASE_TWO = "phase_two", _("Phase two: consultation on the draft")
    COUNCIL = "council", _("Adoption by the council")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Self-evaluation and report")
    CLOSED = "closed", _("Cycle closed")

    @classmethod
    def order(cls, stage: str) -> int:
        return cls.values.index(stage)


class Cohort(models.Model):
    """Collectivities admitted together, who go through the cycle on one calendar."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True,
                            help_text=_("Optional: the cohort is called “Cohort <number>” otherwise."))
    intake_year = models.PositiveSmallIntegerField(_("intake year"))
    call_opens_on = models.DateField(_("call for applications opens on"), null=True, blank=True)
    call_closes_on = models.DateField(_("call for applications closes on"), null=True, blank=True)
    # Where the calendar comes from (the national plan's activities) and what is uncertain in it.
    source_note = models.TextField(_("source of the calendar"), blank=True)
    is_demo = models.BooleanField(_("demo cohort"), default=False)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering: ClassVar[list[str]] = ["number"]
        constraints: ClassVar[list] = [
            models.CheckConstraint(
                condition=Q(call_closes_on__isnull=True) | Q(call_opens_on__isnull=True)
                | Q(call_closes_on__gte=models.F("call_opens_on")),
                name="cohort_call_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        if self.name:
            return self.name
        if self.is_demo:
            # Numbered: the demo has more than one.
            return str(_("Demonstration cohort %(number)s") % {"number": self.number})
        return str(_("Cohort %(number)s") % {"number": self.number})

    def clean(self):
        super().clean()
        if self.call_opens_on and self.call_closes_on and self.call_closes_on < self.call_opens_on:
            raise ValidationError({"call_closes_on": _("The call cannot close before it opens.")})


class PlannedStage(models.Model):
    """One line of a cohort's calendar: when a stage of a cycle is planned, in months."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="planned_stages")
    cycle_number = models.PositiveSmallIntegerField(_("cycle"), default=1)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    # The first day of the planned start and end months: the plan gives months, not days.
    starts_in = models.DateField(_("planned start (month)"))
    ends_in = models.DateField(_("planned end (month)"))
    uncertain = models.BooleanField(_("uncertain reading of the plan"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("The plan's activity, for example “12.16”."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("planned stage")
        verbose_name_plural = _("planned stages")
        ordering: ClassVar[list[str]] = ["cohort__number", "cycle_number", "starts_in", "pk"]
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["cohort", "cycle_number", "stage"], name="one_plan_per_stage"),
            models.CheckConstraint(condition=Q(ends_in__gte=models.F("starts_in")), name="plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.get_stage_display()}"

    def save(self, *args, **kwargs):
        self.starts_in = self.starts_in.replace(day=1)
        self.ends_in = self.ends_in.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def first_day(self) -> date:
        return self.starts_in.replace(day=1)

    @property
    def last_day(self) -> date:
        return month_end(self.ends_in)

    def clean(self):
        super().clean()
        # Months, as `save()` stores them: the constraints are then checked on what will be saved.
        self.starts_in = self.starts_in and self.starts_in.replace(day=1)
        self.ends_in = self.ends_in and self.ends_in.replace(day=1)
        if self.starts_in and self.ends_in and self.ends_in < self.starts_in:
            raise ValidationError({"ends_in": _("The planned end comes before the planned start.")})


class CohortMembership(models.Model):
    """A collectivity's place in a cohort, from its application to its withdrawal."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ADMITTED = "admitted", _("Admitted")
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="memberships")
    # An applicant is not a member yet: the territory names it; admission makes the Member.
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="cohort_memberships")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="cohort_memberships")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    joined_on = models.DateField(_("joined the cohort on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # Real members are placed from public sources; this says which, and how sure it is.
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        ordering: ClassVar[list[str]] = ["cohort__number", "territory__code"]
        constraints: ClassVar[list] = [
            # A collectivity is in one cohort at a time; after a withdrawal it may apply again.
            models.UniqueConstraint(
                fields=["territory"], condition=~Q(status="withdrawn"), name="one_current_cohort_per_territory"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory} · {self.cohort}"


class Cycle(models.Model):
    """One co-creation cycle of one member: the only source of its stage and phase dates."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("cycle"), default=1)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="cycles")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.JOINED)
    # The member's own phase dates, inside its cohort's window. A phase is open from the first day
    # to the last day inclusive, in Africa/Casablanca (TIME_ZONE).
    phase_one_opens_on = models.DateField(_("phase one opens on"), null=True, blank=True)
    phase_one_closes_on = models.DateField(_("phase one closes on"), null=True, blank=True)
    phase_two_opens_on = models.DateField(_("phase two opens on"), null=True, blank=True)
    phase_two_closes_on = models.DateField(_("phase two closes on"), null=True, blank=True)
    stage_since = models.DateField(_("in this stage since"), default=timezone.localdate)
    # Demo progress on a real member is marked as such wherever it shows.
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering: ClassVar[list[str]] = ["member__territory__code", "number"]
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["member", "number"], name="one_cycle_per_number"),
            models.CheckConstraint(
                condition=Q(phase_one_closes_on__isnull=True) | Q(phase_one_opens_on__isnull=True)
                | Q(phase_one_closes_on__gte=models.F("phase_one_opens_on")),
                name="phase_one_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(phase_two_closes_on__isnull=True) | Q(phase_two_opens_on__isnull=True)
                | Q(phase_two_closes_on__gte=models.F("phase_two_opens_on")),
                name="phase_two_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {_('cycle')} {self.number}"

    @property
    def stage_order(self) -> int:
        return Stage.order(self.stage)

    def phase_dates(self, phase: str) -> tuple[date | None, date | None]:
        return getattr(self, f"{phase}_opens_on"), getattr(self, f"{phase}_closes_on")


class Transition(models.Model):
    """One move of a cycle from a stage to the next: who made it, when, and why."""

    class Actor(models.TextChoices):
        STAFF = "staff", _("The member's staff")
        COORDINATOR = "coordinator", _("A coordinator")
        CALENDAR = "calendar", _("The calendar")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("move"), max_length=40)
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    happened_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.CharField(max_length=16, choices=Actor.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering: ClassVar[list[str]] = ["cycle", "recorded_at", "pk"]
        constraints: ClassVar[list] = [
            # A cycle only moves forward: each move happens once, which also stops a double post.
            models.UniqueConstraint(fields=["cycle", "name"], name="each_move_once_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.name}"


class ProgrammeVersionQuerySet(models.QuerySet):
    """The one way to find a cycle's drafts: `cycle.versions.latest_draft()` is the draft residents
    comment on (the last one published), `first_draft()` the one that opened the consultation."""

    def drafts(self) -> "ProgrammeVersionQuerySet":
        return self.filter(kind=ProgrammeVersion.Kind.DRAFT)

    def newest_first(self) -> "ProgrammeVersionQuerySet":
        return self.order_by("-taken_at", "-pk")

    def latest_draft(self) -> "ProgrammeVersion | None":
        return self.drafts().newest_first().first()

    def first_draft(self) -> "ProgrammeVersion | None":
        return self.drafts().order_by("taken_at", "pk").first()


class ProgrammeVersion(models.Model):
    """A frozen snapshot of a member's programme, taken by a transition or on publication.

    The guards read these, so the cycle never needs the programme's pages.
    """

    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft put to consultation")
        ADOPTED = "adopted", _("Text adopted by the council")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=255)
    body = models.JSONField(default=list)  # the programme's StreamField, as stored
    source_page_id = models.PositiveIntegerField(null=True, blank=True)  # source-language page
    source_revision_id = models.PositiveIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)

    objects = ProgrammeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme version")
        ordering: ClassVar[list[str]] = ["cycle", "taken_at", "pk"]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_kind_display()}"


class Adoption(models.Model):
    """The council's adoption of a cycle's programme: created only by the `adopt` move."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="adoption")
    session_date = models.DateField(_("date of the council's session"))
    deliberation_number = models.CharField(_("deliberation number"), max_length=60)
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    # The deliberation, in the member's collection.
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("deliberation (PDF)"))
    version = models.OneToOneField(ProgrammeVersion, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="adoption")

    class Meta:
        verbose_name = _("adoption")

    def __str__(self) -> str:
        return f"{self.cycle}: {self.deliberation_number}"


class SelfEvaluation(models.Model):
    """The member's published self-evaluation and report, which closes a cycle."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="self_evaluation")
    summary = models.TextField(_("summary"))
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("report (PDF)"))
    published_on = models.DateField(_("published on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("self-evaluation")

    def __str__(self) -> str:
        return f"{self.cycle}: {self.published_on}"
