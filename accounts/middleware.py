"""Staff and coordinators enter the admin only after a second factor (allauth's TOTP)."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

ADMIN_PREFIX = "/admin/"
# The log-in and log-out addresses under /admin/ are allauth's own (website/urls.py).
EXEMPT = ("/admin/login/", "/admin/logout/")


def used_second_factor(request) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request))


def exempt_from_second_factor(user) -> bool:
    """The embedded demo lets its own demo logins in without one; production never does."""
    return settings.DEMO_MODE and getattr(user, "is_demo", False)


class AdminSecondFactorMiddleware:
    """Sends an admin user without TOTP to set it up; refuses sessions that did not use it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = request.user
        if (
            settings.ADMIN_MFA_REQUIRED
            and path.startswith(ADMIN_PREFIX)
            and not path.startswith(EXEMPT)
            and user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not exempt_from_second_factor(user)
        ):
            has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            if not has_totp:
                return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
            if not used_second_factor(request):
                # A session opened without the second factor (e.g. before it was set up): log in again.
                logout(request)
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
