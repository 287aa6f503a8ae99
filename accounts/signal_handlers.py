"""The accounts' signal handlers (connected on import, from AccountsConfig.ready)."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.sessions import ADMIN_ACCESS, start_staff_session


@receiver(user_logged_in)
def mark_staff_session(sender, request, user, **kwargs) -> None:
    """Every log-in of an admin user starts a staff session, its clocks at zero (accounts.sessions)."""
    if request is not None and hasattr(request, "session") and user.has_perm(ADMIN_ACCESS):
        start_staff_session(request)


@receiver(authenticator_added)
def count_activation_as_second_factor(sender, request, user, authenticator, **kwargs) -> None:
    """The second factor: a session that has just activated TOTP counts as authenticated with it.

    Activating TOTP means typing a valid code: record it the way allauth records a log-in with
    the code, so the staff member goes on to the admin instead of being asked again."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
