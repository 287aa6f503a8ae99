"""What communes adds to the site's pages and to the members' spaces, through the extension points
(website.extensions, communes.extensions); registered in communes/wagtail_hooks.py."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from communes.extensions import Section
from communes.models import DocumentIndexPage, MeetingIndexPage, Member, NewsIndexPage, NewsPage
from website.extensions import Link, Part


def navigation() -> Link:
    return Link("members:directory", _("Members"), order=10)


def home_page_parts(request, page) -> list[Part]:
    active = Member.objects.active()
    figures = {
        "member_total": active.count(),
        "members_by_level": dict(active.values_list("territory__level").annotate(n=Count("id")).order_by()),
        "members_by_region": Member.objects.count_by_region(),
        "latest_news": (
            NewsPage.objects.live().public().filter(locale=page.locale)
            .select_related("member__territory").order_by("-date", "-pk")[:4]
        ),
    }
    return [
        Part("communes/includes/home_find_member.html", slot="actions", order=10),
        Part("communes/includes/home_network.html", figures, slot="before_body", order=10),
    ]


def not_found_parts(request) -> Part:
    return Part("communes/includes/not_found_search.html", order=10)


def member_sections() -> list[Section]:
    # After the programme (openness_programs registers it first, order 0).
    return [
        Section(NewsIndexPage, "news", _("News"), order=10),
        Section(MeetingIndexPage, "meetings", _("Meetings"), order=20),
        Section(DocumentIndexPage, "documents", _("Documents"), order=30),
    ]


def member_page_panels(request, member, page) -> Part:
    return Part("communes/includes/member_meetings_card.html", slot="take_part", order=30)
