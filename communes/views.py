"""Public views of the network's members."""

from django.apps import apps
from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from communes.forms import NO_COHORT, DirectoryFilterForm
from communes.models import Member, MemberPage
from website.text import fold

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
            members = members.filter(territory__search_text__contains=fold(data["q"]))
        if data["region"]:
            # The region's own council counts among the region's members.
            members = members.filter(Q(territory__region__code=data["region"]) | Q(territory__code=data["region"]))
        if data["level"]:
            members = members.filter(territory__level=data["level"])
        if data["cohort"] == NO_COHORT:
            members = members.exclude(cohort_memberships__status__in=_in_cohort_statuses())
        elif data["cohort"]:
            members = members.filter(cohort_memberships__cohort__number=int(data["cohort"]),
                                     cohort_memberships__status__in=_in_cohort_statuses())
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
    cohorts = _current_cohorts(entries)
    for member in entries:
        member.current_cohort = cohorts.get(member.pk)
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



# Cohorts build on communes: the directory names their models rather than importing them.

def _in_cohort_statuses() -> list[str]:
    """A member is in a cohort once admitted, until it withdraws."""
    status = apps.get_model("cohorts", "CohortMembership").Status
    return [status.ADMITTED, status.ACTIVE]


def _current_cohorts(members) -> dict:
    """Member id → the cohort it is in, for one page of the directory, in one query."""
    memberships = apps.get_model("cohorts", "CohortMembership").objects.filter(
        member__in=members, status__in=_in_cohort_statuses()
    ).select_related("cohort")
    return {membership.member_id: membership.cohort for membership in memberships}
