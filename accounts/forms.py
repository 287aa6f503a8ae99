"""Sign-up asks for consent to the privacy notice (law 09-08) and nothing more than needed."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.privacy import record_consent


def _consent_label() -> str:
    """The consent sentence, with a link to the privacy notice in the visitor's language."""
    from website.models import StandardPage

    page = StandardPage.objects.live().filter(role="privacy", locale__language_code=get_language()).first()
    text = _("I have read the privacy notice and agree that the platform keeps my e-mail address to run my account.")
    if page is None:
        return text
    return format_html('{} <a href="{}">{}</a>', text, page.url, _("Read the privacy notice"))


class SignupConsentForm(forms.Form):
    """Mixed into allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Name shown publicly (optional)"), max_length=150, required=False,
        help_text=_("Shown next to your ideas and comments. You may leave it empty."),
    )
    accept_privacy = forms.BooleanField(
        required=True,
        error_messages={"required": _("To create an account, please accept the privacy notice.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_privacy"].label = _consent_label()

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data.get("display_name", "")
        user.save(update_fields=["display_name"])
        record_consent(user)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be recovered."), required=True,
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )

