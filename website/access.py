"""The ways into restricted content, all behind a limit: one account log-in, and shared passwords.

Wagtail brings a plain Django log-in at `/<language>/_util/login/` (where private pages and
documents send visitors) and two forms that check a page's or a collection's shared password;
none of them is rate-limited. Accounts log in through allauth only (its rate limits, e-mail
verification and the staff's second factor); the old address forwards there. The shared-password
forms keep Wagtail's views, behind a limit per address and per restriction.
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.core.internal.ratelimit import consume_or_429
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

# A shared password gets as few tries as an account's password (ACCOUNT_RATE_LIMITS).
PASSWORD_RATE_LIMITS = {"shared_password": "10/m/ip,5/5m/key"}


@require_GET
def frontend_login(request):
    """Wagtail's front-end log-in address: forwarded to the one log-in, `next` kept if it is ours."""
    target = request.GET.get("next", "")
    query = ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        query = "?" + urlencode({"next": target})
    return redirect(reverse("account_login") + query)


def _limited(view, restriction_kwarg: str):
    """Wagtail's password form view, answering 429 after too many posts."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        restriction = kwargs.get(restriction_kwarg)
        limited = consume_or_429(request, app="website", action="shared_password",
                                 config=PASSWORD_RATE_LIMITS, key=f"{view.__name__}:{restriction}")
        return limited or view(request, *args, **kwargs)

    return wrapped


page_password = _limited(wagtail_views.authenticate_with_password, "page_view_restriction_id")
document_password = _limited(document_views.authenticate_with_password, "restriction_id")
