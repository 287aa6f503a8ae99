"""A person's own data: see it, download it, delete it (law 09-08); follow a member, or stop."""

import json
from functools import wraps
from urllib.parse import urlencode

from allauth.core.internal.ratelimit import consume_or_429
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import DeleteAccountForm
from accounts.models import Follow
from accounts.privacy import delete_personal_data, export_personal_data


@login_required
def my_data(request):
    return render(request, "accounts/my_data.html", {
        "data": export_personal_data(request.user, request), "page_title": _("My personal data"),
        "retention_days": settings.OUTBOX_RETENTION_DAYS,
    })


@login_required
def my_data_export(request):
    response = HttpResponse(
        json.dumps(export_personal_data(request.user, request), cls=DjangoJSONEncoder,
                   ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="remacto-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_personal_data(request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Your personal data is no longer kept."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {
        "form": form, "page_title": _("Delete my account"),
    })


# Following a member ----------------------------------------------------------------------------

# Per person and per address, counted by allauth's rate limiter as for the log-in forms
# (ACCOUNT_RATE_LIMITS), with this action's own limits.
FOLLOW_RATE_LIMITS = {"follow": "30/m/user,60/m/ip"}


def _follow_view(view):
    """POST only; a visitor who is not logged in is sent to log in, then back to the member page;
    too many posts get the site's 429 page."""

    @wraps(view)
    @require_POST
    def wrapped(request, member_id: int):
        # Named through the relation: accounts never imports communes (DESIGN §4.1).
        member = Follow.member.field.related_model.objects.active().filter(pk=member_id).first()
        if member is None:
            raise Http404
        back = _return_to(request, member)
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
        limited = consume_or_429(request, app="accounts", action="follow", config=FOLLOW_RATE_LIMITS)
        if limited:
            return limited
        view(request, member)
        return redirect(back)

    return wrapped


def _return_to(request, member) -> str:
    """The member page the button was on (only a path of this site), else its page."""
    target = request.POST.get("next", "")
    # A path only: redirect() takes "foo" for the name of a URL (and fails), "//host" for another site.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    page = member.page_in()
    return page.url if page else "/"


@_follow_view
def follow_member(request, member):
    Follow.objects.get_or_create(user=request.user, member=member)
    messages.success(request, _("You follow %(name)s: we e-mail you when its phases open and close. "
                                "Stop at any time.") % {"name": member.territory.name})


@_follow_view
def unfollow_member(request, member):
    Follow.objects.filter(user=request.user, member=member).delete()
    messages.success(request, _("You no longer follow %(name)s: we will not e-mail you about it.")
                     % {"name": member.territory.name})
