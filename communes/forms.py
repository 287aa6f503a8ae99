"""The members directory's filters: validated, so bad input gets a message and no error."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from communes.models import JOINABLE_LEVELS, Level, Territory

MAX_QUERY_LENGTH = 100


NO_COHORT = "none"


def _cohort_choice(cohort) -> str:
    return str(cohort) if cohort.is_demo else f"{cohort} ({cohort.intake_year})"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"), required=False, max_length=MAX_QUERY_LENGTH, strip=True,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name in Arabic or French"),
                                      "autocomplete": "off"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False,
        choices=[("", _("All levels"))] + [(level.value, level.label) for level in Level if level in JOINABLE_LEVELS],
    )
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, *args, language: str = "ar", **kwargs):
        super().__init__(*args, **kwargs)
        name = "name_ar" if language == "ar" else "name_fr"
        regions = Territory.objects.filter(level=Level.REGION).order_by("code").values_list("code", name)
        self.fields["region"].choices = [("", _("All regions")), *regions]
        # By name: cohorts build on communes, and this module must not import them.
        cohorts = apps.get_model("cohorts", "Cohort").objects.order_by("number")
        self.fields["cohort"].choices = [
            ("", _("All cohorts")),
            *((str(cohort.number), _cohort_choice(cohort)) for cohort in cohorts),
            (NO_COHORT, _("Not in a cohort")),
        ]
