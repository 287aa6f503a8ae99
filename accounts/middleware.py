"""Staff and coordinators enter the admin only after a second factor (allauth's TOTP).

- Not logged in: Wagtail sends the visitor to the log-in page (allauth's, DESIGN §4.11).
- Logged in without admin rights (a resident): sent to the public site with a message; never a
  redirect to the log-in page, which allauth would bounce straight back here (a loop).
- Admin rights, no TOTP authenticator yet: sent to set one up. Activating it proves the code,
  so the session counts as authenticated with the second factor (accounts.signal_handlers).
- Admin rights and TOTP, but this session was opened without the code (before it was set up, or
  as a resident before joining a member's staff): asked for a code (allauth's MFA
  re-authentication), then sent back where they were going.
- The embedded demo lets its demo logins in without a second factor (DEMO_MODE, never in
  production).
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"
# The log-in and log-out addresses under /admin/ are allauth's own (website/urls.py); the
# JavaScript catalogue and icon sprite are served to anyone.
EXEMPT = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/admin/sprite/")


def used_second_factor(request) -> bool:
    """Whether this session's user passed the second factor (allauth keeps one record per step;
    without the user, allauth 65 returns no records at all)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def exempt_from_second_factor(user) -> bool:
    """The embedded demo lets its own demo logins in without one; production never does."""
    return settings.DEMO_MODE and getattr(user, "is_demo", False)


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class AdminSecondFactorMiddleware:
    """Keeps residents out of the admin, and admin users out until their second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = request.user
        outside_admin = not path.startswith(ADMIN_PREFIX) or path.startswith(EXEMPT)
        if outside_admin or not user.is_authenticated:
            return self.get_response(request)
        if not user.has_perm("wagtailadmin.access_admin"):
            messages.error(request, _("This account has no access to the administration."))
            return redirect("/")
        if settings.ADMIN_MFA_REQUIRED and not exempt_from_second_factor(user):
            totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
            if not totp.exists():
                messages.info(
                    request, _("Set up two-factor authentication to enter the administration.")
                )
                return redirect(_with_next("mfa_activate_totp", request))
            if not used_second_factor(request):
                return redirect(_with_next("mfa_reauthenticate", request))
        return self.get_response(request)
