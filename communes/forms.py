"""The members directory's filters: validated, so bad input gets a message and no error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.extensions import directory_filters
from communes.models import JOINABLE_LEVELS, Level, Territory

MAX_QUERY_LENGTH = 100


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
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, *args, language: str = "ar", **kwargs):
        super().__init__(*args, **kwargs)
        regions = (Territory.objects.filter(level=Level.REGION).order_by("code")
                   .values_list("code", Territory.name_field(language)))
        self.fields["region"].choices = [("", _("All regions")), *regions]
        # The apps above add their own filters (communes.extensions.DIRECTORY_FILTERS), before `page`.
        self.extra_filters = directory_filters()
        page = self.fields.pop("page")
        for extra in self.extra_filters:
            self.fields[extra.name] = extra.field()
        self.fields["page"] = page
