"""The second factor: a session that has just activated TOTP counts as authenticated with it."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def count_activation_as_second_factor(sender, request, user, authenticator, **kwargs) -> None:
    """Activating TOTP means typing a valid code: record it the way allauth records a log-in with
    the code, so the staff member goes on to the admin instead of being asked again."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
