"""Forms of the cohorts' admin: a cohort and its calendar, admissions, and a cycle's moves.

The forms check what a person typed (dates in order, a real PDF, one line per stage); whether a
move is allowed is for `cohorts.services` alone to say.
"""

from collections import defaultdict
from datetime import date
from typing import ClassVar

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.documents import get_document_model

from cohorts.cycle import PHASE_LABELS, PHASE_ONE, PHASE_STAGE, PHASE_TWO, PHASES
from cohorts.models import Cohort, PlannedStage, Stage
from communes.viewsets import clean_code_or_territory, territory_chooser_viewset
from website.dates import long_month
from website.uploads import content_matches

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_NOTE_LENGTH = 2000


# A cohort and its calendar ----------------------------------------------------------------------

class MonthInput(forms.DateInput):
    """A month picker; browsers without one show a text box that takes "2030-03"."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "YYYY-MM", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month, stored as its first day (the plan gives months, not days)."""

    widget = MonthInput
    input_formats: ClassVar[list[str]] = ["%Y-%m", "%Y-%m-%d", "%m/%Y"]
    default_error_messages: ClassVar[dict] = {"invalid": gettext_lazy("Enter a month as year and month, e.g. 2030-03.")}

    def to_python(self, value):
        month = super().to_python(value)
        return month.replace(day=1) if month else month


class CohortForm(WagtailAdminModelForm):
    class Meta:
        model = Cohort
        fields = ("number", "name", "intake_year", "call_opens_on", "call_closes_on", "source_note")
        widgets: ClassVar[dict] = {"call_opens_on": AdminDateInput, "call_closes_on": AdminDateInput,
                   "source_note": forms.Textarea(attrs={"rows": 3})}

    def clean_intake_year(self):
        year = self.cleaned_data["intake_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give the year as four digits, e.g. 2026."))
        return year


class PlannedStageForm(forms.ModelForm):
    starts_in = MonthField(label=gettext_lazy("Planned start (month)"))
    ends_in = MonthField(label=gettext_lazy("Planned end (month)"))

    class Meta:
        model = PlannedStage
        fields = ("stage", "cycle_number", "starts_in", "ends_in", "uncertain", "source", "note")
        # One line per stage: the note is a line too, so the calendar reads as a table.
        widgets: ClassVar[dict] = {"note": forms.TextInput, "cycle_number": forms.NumberInput(attrs={"min": 1})}
        help_texts: ClassVar[dict] = {"source": ""}  # said once above the calendar: a help line would break the row
        labels: ClassVar[dict] = {"source": gettext_lazy("Source in the plan")}

    def clean_cycle_number(self):
        number = self.cleaned_data["cycle_number"]
        if not number or number < 1:
            raise forms.ValidationError(_("Cycles are numbered from 1."))
        return number

    def clean(self):
        cleaned = super().clean()
        starts_in, ends_in = cleaned.get("starts_in"), cleaned.get("ends_in")
        if starts_in and ends_in and ends_in < starts_in:
            self.add_error("ends_in", _("The planned end (%(end)s) comes before the planned start (%(start)s).") % {
                "end": long_month(ends_in), "start": long_month(starts_in)})
        return cleaned


class BasePlannedStageFormSet(BaseInlineFormSet):
    """One line per stage and cycle, and phase two after phase one.

    Phases may share their boundary month: the plan itself has phase one end in May and phase
    two start in May (cohorts 2, 3 and 4). Phase two may not start before the month phase one
    ends, which also keeps their ends in order.
    """

    def kept_forms(self) -> list[forms.Form]:
        """The lines the calendar will have: existing ones (changed or not) and new ones filled in."""
        existing = self.initial_forms
        return [form for form in self.forms
                if (form in existing or form.has_changed()) and not self._should_delete_form(form)
                and hasattr(form, "cleaned_data")]

    def clean(self):
        lines: dict[tuple[int, str], forms.Form] = {}
        duplicated = False
        for form in self.kept_forms():
            stage, number = form.cleaned_data.get("stage"), form.cleaned_data.get("cycle_number")
            if not stage or not number:
                continue
            if (number, stage) in lines:
                duplicated = True
                form.add_error("stage", _("“%(stage)s” is already planned for cycle %(number)s: one line per stage.")
                               % {"stage": Stage(stage).label, "number": number})
            else:
                lines[(number, stage)] = form
        self._check_phase_order(lines)
        if not duplicated and not any(form.errors for form in self.forms):
            super().clean()  # the model's unique checks, now that no duplicate can reach them

    @staticmethod
    def _check_phase_order(lines: dict[tuple[int, str], forms.Form]) -> None:
        by_cycle: dict[int, dict[str, forms.Form]] = defaultdict(dict)
        for (number, stage), form in lines.items():
            by_cycle[number][stage] = form
        for stages in by_cycle.values():
            one, two = stages.get(PHASE_STAGE[PHASE_ONE]), stages.get(PHASE_STAGE[PHASE_TWO])
            if not one or not two:
                continue
            one_ends, two_starts = one.cleaned_data.get("ends_in"), two.cleaned_data.get("starts_in")
            if one_ends and two_starts and two_starts < one_ends:
                two.add_error("starts_in", _(
                    "The phases overlap: phase two may start in the month phase one ends (%(month)s) at the "
                    "earliest, not before.") % {"month": long_month(one_ends)})


PlannedStageFormSet = inlineformset_factory(
    Cohort, PlannedStage, form=PlannedStageForm, formset=BasePlannedStageFormSet,
    extra=2, can_delete=True, max_num=60, validate_max=True,
)


# Admissions -------------------------------------------------------------------------------------

class AdmissionForm(forms.Form):
    """A collectivity, by its HCP code or picked from the list, admitted or applying."""

    ADMIT, APPLY = "admit", "apply"

    code = forms.CharField(
        label=gettext_lazy("HCP code"), required=False, max_length=16,
        help_text=gettext_lazy("Its code in the HCP nomenclature, e.g. 09.001.01.01."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    territory = forms.ModelChoiceField(
        label=gettext_lazy("or choose the collectivity"), required=False,
        queryset=territory_chooser_viewset.model.objects.all(), widget=territory_chooser_viewset.widget_class(),
        help_text=gettext_lazy(
            "The list shows collectivities that are not members yet; a member is found by its code."),
    )
    on = forms.DateField(
        label=gettext_lazy("Date"), required=False, widget=AdminDateInput,
        help_text=gettext_lazy("The date of the admission or of the application; today if left empty."),
    )
    source_note = forms.CharField(
        label=gettext_lazy("Source"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Where the admission is recorded, e.g. the ministry's decision."),
    )

    def clean(self):
        return clean_code_or_territory(self, super().clean())


# A cycle's moves --------------------------------------------------------------------------------

class MoveForm(forms.Form):
    """A move as the person saw it: the stage on their screen travels with the note, so a second
    post, or a post from a stale page, is refused rather than applied to a later stage."""

    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Kept in the history. Needed to open or close a phase before its date."),
    )
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)


class PdfField(forms.FileField):
    """A PDF up to 10 MB, recognised by its first bytes, not by its name."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("This file is %(size)s: the limit is %(limit)s.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_PDF_BYTES)})
        if not content_matches(upload, "pdf"):
            raise forms.ValidationError(_("This file is not a PDF: choose the PDF of the document."))
        return upload


class DocumentOrUploadMixin(forms.Form):
    """A PDF from the member's documents, or a new one uploaded into its collection."""

    upload_label = gettext_lazy("Upload the PDF")
    document_label = gettext_lazy("or choose it from the member's documents")

    def __init__(self, *args, collection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"] = PdfField(label=self.upload_label, required=False,
                                         widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
                                         help_text=_("A PDF file, 10 MB at most."))
        documents = get_document_model().objects.filter(collection=collection).order_by("-created_at")
        self.fields["document"] = forms.ModelChoiceField(
            label=self.document_label, required=False, queryset=documents,
            empty_label=_("No document chosen"),
        )

    def clean(self):
        cleaned = super().clean()
        upload, document = cleaned.get("upload"), cleaned.get("document")
        if upload and document:
            self.add_error("upload", _("Upload a PDF or choose a document, not both."))
        elif not upload and not document and "upload" not in self.errors:
            self.add_error("upload", _("Attach the PDF: upload it or choose it from the member's documents."))
        return cleaned


class AdoptionForm(DocumentOrUploadMixin, MoveForm):
    """The council's adoption: its session, deliberation, vote and the deliberation's PDF."""

    upload_label = gettext_lazy("Upload the deliberation (PDF)")
    document_label = gettext_lazy("or choose the deliberation from the member's documents")

    session_date = forms.DateField(label=gettext_lazy("Date of the council's session"), widget=AdminDateInput)
    deliberation_number = forms.CharField(label=gettext_lazy("Deliberation number"), max_length=60)
    votes_for = forms.IntegerField(label=gettext_lazy("Votes for"), min_value=0, max_value=10_000)
    votes_against = forms.IntegerField(label=gettext_lazy("Votes against"), min_value=0, max_value=10_000, initial=0)
    abstentions = forms.IntegerField(label=gettext_lazy("Abstentions"), min_value=0, max_value=10_000, initial=0)

    field_order = ("session_date", "deliberation_number", "votes_for", "votes_against", "abstentions",
                   "upload", "document", "note", "expected_stage")

    def clean_session_date(self):
        session_date = self.cleaned_data["session_date"]
        if session_date > timezone.localdate():
            raise forms.ValidationError(_("The council's session cannot be in the future."))
        return session_date

    def clean_deliberation_number(self):
        number = self.cleaned_data["deliberation_number"].strip()
        if not number:
            raise forms.ValidationError(_("Give the deliberation number."))
        return number

    def clean(self):
        cleaned = super().clean()
        votes_for, votes_against = cleaned.get("votes_for"), cleaned.get("votes_against")
        if votes_for is not None and votes_against is not None and votes_for <= votes_against:
            self.add_error("votes_for", _(
                "With %(for)s votes for and %(against)s against, the council did not adopt the programme.") % {
                "for": votes_for, "against": votes_against})
        return cleaned


class SelfEvaluationForm(DocumentOrUploadMixin, forms.Form):
    upload_label = gettext_lazy("Upload the report (PDF)")
    document_label = gettext_lazy("or choose the report from the member's documents")

    summary = forms.CharField(
        label=gettext_lazy("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What the member did, what it learnt, and what civil society said: shown publicly."),
    )

    field_order = ("summary", "upload", "document")


class PhaseDatesForm(forms.Form):
    """The member's own phase dates; a phase that is over (or its opening, once open) is fixed."""

    phase_one_opens_on = forms.DateField(label=gettext_lazy("Phase one opens on"), required=False,
                                         widget=AdminDateInput)
    phase_one_closes_on = forms.DateField(label=gettext_lazy("Phase one closes on"), required=False,
                                          widget=AdminDateInput)
    phase_two_opens_on = forms.DateField(label=gettext_lazy("Phase two opens on"), required=False,
                                         widget=AdminDateInput)
    phase_two_closes_on = forms.DateField(label=gettext_lazy("Phase two closes on"), required=False,
                                          widget=AdminDateInput)

    def __init__(self, *args, cycle, **kwargs):
        initial = {name: getattr(cycle, name) for name in self.base_fields}
        super().__init__(*args, initial=initial, **kwargs)
        stage_order = Stage.order(cycle.stage)
        self.phase_notes: dict[str, str] = {}  # why a phase's dates are fixed, shown by its fields
        for phase in PHASES:
            phase_order = Stage.order(PHASE_STAGE[phase])
            if stage_order > phase_order:
                self.fields[f"{phase}_opens_on"].disabled = True
                self.fields[f"{phase}_closes_on"].disabled = True
                self.phase_notes[phase] = _("%(phase)s is over: its dates are part of the record.") % {
                    "phase": PHASE_LABELS[phase].capitalize()}
            elif stage_order == phase_order:
                self.fields[f"{phase}_opens_on"].disabled = True
                self.phase_notes[phase] = _("%(phase)s is open: its closing date may still move.") % {
                    "phase": PHASE_LABELS[phase].capitalize()}

    def by_phase(self) -> list[tuple[str, str, list]]:
        """(label, note, bound fields) for each phase, as the template sets them out."""
        return [(PHASE_LABELS[phase], self.phase_notes.get(phase, ""),
                 [self[f"{phase}_opens_on"], self[f"{phase}_closes_on"]]) for phase in PHASES]

    def dates(self) -> dict[str, tuple[date | None, date | None]]:
        """The dates per phase, as `services.set_phase_dates` takes them."""
        return {phase: (self.cleaned_data.get(f"{phase}_opens_on"), self.cleaned_data.get(f"{phase}_closes_on"))
                for phase in PHASES}

