"""Open data: the territorial collectivities and the network's members."""

from typing import ClassVar

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError

from communes.models import Level, Member, MemberPage, Territory
from website.api import PublicAPIViewSet, PublicSerializer

LEVEL_FILTERS = {
    "region": [Level.REGION],
    "province": [Level.PROVINCE],
    "commune": [Level.COMMUNE],
    "arrondissements_prefecture": [Level.ARRONDISSEMENTS_PREFECTURE],
}
MAX_SEARCH_LENGTH = 100


class TerritorySerializer(PublicSerializer):
    def get_is_member(self, territory) -> bool:
        # select_related("membership"): no query; a missing reverse relation raises, hence hasattr.
        return hasattr(territory, "membership") and territory.membership.status == Member.Status.ACTIVE


class TerritoriesAPIViewSet(PublicAPIViewSet):
    """Every territorial collectivity of Morocco: filter by level, region, province; search by
    name in Arabic or Latin script."""

    model = Territory
    name = "territories"
    summary = _("Every territorial collectivity of Morocco: filter by level, region or province, "
                    "search by name in Arabic or Latin script.")
    base_serializer_class = TerritorySerializer
    extra_query_parameters = frozenset({"level", "region", "province", "search", "member"})
    body_fields: ClassVar[list] = [
        "id", "code", "level", "kind", "name_fr", "name_ar", "iso_code",
        APIField("region_code", serializer=serializers.CharField(source="region.code", default=None)),
        APIField("province_code", serializer=serializers.CharField(source="province.code", default=None)),
        APIField("parent_code", serializer=serializers.CharField(source="parent.code", default=None)),
        APIField("urban", serializer=serializers.BooleanField(source="is_urban", allow_null=True)),
        "population_2014", "population_2024", "households_2024", "latitude", "longitude",
        APIField("is_member", serializer=serializers.SerializerMethodField()),
    ]
    listing_default_fields: ClassVar[list[str]] = [
        "id", "type", "detail_url", "code", "level", "kind", "name_fr", "name_ar",
        "region_code", "province_code", "population_2024", "is_member",
    ]
    nested_default_fields: ClassVar[list[str]] = ["id", "code", "name_fr", "name_ar"]

    def get_queryset(self):
        queryset = Territory.objects.select_related("region", "province", "parent", "membership").order_by("code")
        params = self.request.GET
        if "level" in params:
            if params["level"] not in LEVEL_FILTERS:
                raise BadRequestError(
                    f"level must be one of: {', '.join(LEVEL_FILTERS)} (got {params['level'][:40]!r})"
                )
            queryset = queryset.filter(level__in=LEVEL_FILTERS[params["level"]])
        if "region" in params:
            queryset = queryset.filter(region__code=params["region"])
        if "province" in params:
            queryset = queryset.filter(province__code=params["province"])
        if "member" in params:
            if params["member"] not in ("true", "false"):
                raise BadRequestError("member must be true or false")
            queryset = queryset.filter(membership__status=Member.Status.ACTIVE) if params["member"] == "true" \
                else queryset.exclude(membership__status=Member.Status.ACTIVE)
        if "search" in params:
            if len(params["search"]) > MAX_SEARCH_LENGTH:
                raise BadRequestError(f"search is longer than {MAX_SEARCH_LENGTH} characters")
            queryset = queryset.search(params["search"])
        return queryset



class MemberSerializer(PublicSerializer):
    def get_html_url(self, member) -> str | None:
        page = self.context["view"].member_pages.get(member.pk)
        request = self.context["request"]
        return request.build_absolute_uri(page.get_url(request)) if page else None


class MembersAPIViewSet(PublicAPIViewSet):
    """The network's active members: their collectivity, when they joined, their page."""

    model = Member
    name = "members"
    summary = _("The network's active members: their collectivity, when they joined, their page.")
    base_serializer_class = MemberSerializer
    extra_query_parameters = frozenset({"level", "region", "search"})
    body_fields: ClassVar[list] = [
        "id",
        APIField("code", serializer=serializers.CharField(source="territory.code")),
        APIField("level", serializer=serializers.CharField(source="territory.level")),
        APIField("name_fr", serializer=serializers.CharField(source="territory.name_fr")),
        APIField("name_ar", serializer=serializers.CharField(source="territory.name_ar")),
        APIField("region_code", serializer=serializers.CharField(source="territory.region.code", default=None)),
        APIField("province_code", serializer=serializers.CharField(source="territory.province.code", default=None)),
        "joined_on", "is_demo",
        APIField("html_url", serializer=serializers.SerializerMethodField()),
    ]
    listing_default_fields: ClassVar[list[str]] = [
        "id", "type", "detail_url", "code", "level", "name_fr", "name_ar", "region_code", "joined_on", "html_url",
    ]

    def get_queryset(self):
        queryset = (
            Member.objects.active()
            .select_related("territory__region", "territory__province")
            .order_by("territory__code")
        )
        params = self.request.GET
        if "level" in params:
            if params["level"] not in ("region", "province", "commune"):
                raise BadRequestError("level must be one of: region, province, commune")
            queryset = queryset.filter(territory__level=params["level"])
        if "region" in params:
            region = params["region"]
            queryset = queryset.filter(Q(territory__region__code=region) | Q(territory__code=region))
        if "search" in params:
            if len(params["search"]) > MAX_SEARCH_LENGTH:
                raise BadRequestError(f"search is longer than {MAX_SEARCH_LENGTH} characters")
            queryset = queryset.filter(territory__in=Territory.objects.search(params["search"]))
        return queryset

    def paginate_queryset(self, queryset):
        members = super().paginate_queryset(queryset)
        # The member pages in the requested language, in one query for the whole listing.
        language = self.request.GET.get("locale") or get_language()
        pages = MemberPage.objects.live().filter(member__in=members, locale__language_code=language)
        self.member_pages = {page.member_id: page for page in pages}
        return members

    def get_object(self):
        member = super().get_object()
        language = self.request.GET.get("locale") or get_language()
        page = member.page_in(language)
        self.member_pages = {member.pk: page} if page else {}
        return member
