"""Public views of the network's members: the directory; follow a member, or stop."""

from functools import wraps
from urllib.parse import urlencode

from allauth.core.internal.ratelimit import consume_or_429
from django.conf import settings
from django.contrib import messages
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communes.forms import DirectoryFilterForm
from communes.models import Follow, Member, MemberPage, Territory

PER_PAGE = 24


def members_directory(request):
    """Every member of the network, filtered by region and level, searchable by name."""
    if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
        return render(request, "communes/members_directory.html", {
            "form": DirectoryFilterForm(language=get_language()), "rows": [], "page_title": _("Members of the network"),
            "refused": _("This search is too long. Shorten it and try again."),
        }, status=400)
    language = get_language()
    form = DirectoryFilterForm(request.GET or None, language=language)
    members = (
        Member.objects.active()
        .select_related("territory__region", "territory__province")
        .order_by("territory__level", "territory__name_fr", "pk")
    )
    errors = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            members = members.filter(territory__in=Territory.objects.search(data["q"]))
        if data["region"]:
            # The region's own council counts among the region's members.
            members = members.filter(Q(territory__region__code=data["region"]) | Q(territory__code=data["region"]))
        if data["level"]:
            members = members.filter(territory__level=data["level"])
        for extra in form.extra_filters:
            members = extra.filter(members, data[extra.name])
    elif form.is_bound:
        errors = True  # the form shows what is wrong; the unfiltered directory stays below it
    paginator = Paginator(members, PER_PAGE)
    number = form.cleaned_data.get("page") if form.is_bound and not errors else None
    try:
        page = paginator.page(number or 1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    entries = list(page.object_list)
    pages = {
        p.member_id: p
        for p in MemberPage.objects.live().filter(member__in=entries, locale__language_code=language)
    }
    # What the apps above show on each row (e.g. the member's cohort), a fixed few queries a page.
    tags = [extra.row_tags(entries) for extra in form.extra_filters]
    for member in entries:
        member.row_tags = [tag for by_member in tags for tag in by_member.get(member.pk, ())]
    rows = [(member, pages.get(member.pk)) for member in entries]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "communes/members_directory.html", {
        "form": form,
        "rows": rows,
        "page_obj": page,
        "paginator": paginator,
        "query_string": query.urlencode(),
        "page_title": _("Members of the network"),
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
        member = Member.objects.active().filter(pk=member_id).first()
        if member is None:
            raise Http404
        back = _return_to(request, member)
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
        limited = consume_or_429(request, app="communes", action="follow", config=FOLLOW_RATE_LIMITS)
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
