"""What communes keeps about a person (law 09-08): the members they follow, shown and downloaded
with the rest of their data and erased with their account (accounts.extensions, registered in
communes.wagtail_hooks)."""

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.extensions import PersonalDataSection
from communes.models import Follow, MemberPage


def follows_section(user, request=None) -> PersonalDataSection:
    """The members this person follows: code, name and public page in the active language, in the
    order they followed them (two queries, however many)."""
    pages = MemberPage.objects.live().filter(locale__language_code=get_language()).only("id", "url_path", "member_id")
    follows = (Follow.objects.filter(user=user).select_related("member__territory").order_by("created_at")
               .prefetch_related(Prefetch("member__pages", queryset=pages, to_attr="pages_in_language")))
    items = []
    for follow in follows:
        page = next(iter(follow.member.pages_in_language), None)
        url = page.get_url(request) if page else None
        items.append({
            "member": follow.member.territory.code,
            "name": follow.member.territory.name,
            "url": request.build_absolute_uri(url) if url and request else url,
            "since": follow.created_at,
        })
    return PersonalDataSection(key="follows", title=_("Members you follow"), items=items,
                               template="communes/includes/personal_data_follows.html")


def delete_follows(user) -> None:
    Follow.objects.filter(user=user).delete()
