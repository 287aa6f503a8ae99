"""Open data: /api/v2/cohorts/, every cohort with its calendar, its members and where each stands.

Public data only: collectivities, dates and stages; no user, e-mail address or staff note. The
listing and the detail read a fixed number of queries whatever the number of members.
"""

from typing import ClassVar

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.api import APIField

from cohorts.models import Adoption, Cohort, CohortMembership, PlannedStage
from cohorts.standing import current_cycles
from website.api import PublicAPIViewSet, PublicSerializer
from website.dates import iso_month


def _day(value) -> str | None:
    return value.isoformat() if value else None


class CohortSerializer(PublicSerializer):
    def get_label(self, cohort) -> str:
        return str(cohort)

    def get_html_url(self, cohort) -> str | None:
        try:
            path = reverse("cohorts:detail", args=[cohort.number])
        except NoReverseMatch:
            return None
        return self.context["request"].build_absolute_uri(path)

    def get_calendar(self, cohort) -> list[dict]:
        return [
            {
                "cycle_number": planned.cycle_number,
                "stage": planned.stage,
                "stage_label": planned.get_stage_display(),
                "starts_in": iso_month(planned.starts_in),
                "ends_in": iso_month(planned.ends_in),
                "first_day": _day(planned.first_day),
                "last_day": _day(planned.last_day),
                "uncertain": planned.uncertain,
                "source": planned.source,
                "note": planned.note,
            }
            for planned in cohort.planned_stages.all()
        ]

    def get_members(self, cohort) -> list[dict]:
        return [_membership(membership, cohort) for membership in cohort.memberships.all()]


def _membership(membership: CohortMembership, cohort: Cohort) -> dict:
    territory = membership.territory
    cycle = next(iter(membership.member.current_cycles), None) if membership.member else None
    adoption = getattr(cycle, "adoption", None) if cycle else None
    return {
        "code": territory.code,
        # A real collectivity shown in a demonstration cohort, or with demo progress: not its real place.
        "is_demo": cohort.is_demo or bool(cycle and cycle.is_demo),
        "name_ar": territory.name_ar,
        "name_fr": territory.name_fr,
        "level": territory.level,
        "status": membership.status,
        "status_label": membership.get_status_display(),
        "joined_on": _day(membership.joined_on),
        "withdrawn_on": _day(membership.withdrawn_on),
        "cycle": None if cycle is None else {
            "number": cycle.number,
            "cohort_number": cycle.cohort.number,
            "stage": cycle.stage,
            "stage_label": cycle.get_stage_display(),
            "stage_since": _day(cycle.stage_since),
            "phase_one_opens_on": _day(cycle.phase_one_opens_on),
            "phase_one_closes_on": _day(cycle.phase_one_closes_on),
            "phase_two_opens_on": _day(cycle.phase_two_opens_on),
            "phase_two_closes_on": _day(cycle.phase_two_closes_on),
            "adopted_on": _day(adoption.session_date) if adoption else None,
            "is_demo": cycle.is_demo,
        },
    }


class CohortsAPIViewSet(PublicAPIViewSet):
    """The programme's cohorts: calendar (with the plan's uncertain readings flagged) and members."""

    model = Cohort
    name = "cohorts"
    summary = _("The programme's cohorts: their calendar, their members and where each stands.")
    base_serializer_class = CohortSerializer
    body_fields: ClassVar[list] = [
        "id", "number",
        APIField("name", serializer=serializers.SerializerMethodField(method_name="get_label")),
        "intake_year", "call_opens_on", "call_closes_on", "is_demo", "source_note",
        APIField("html_url", serializer=serializers.SerializerMethodField()),
        APIField("calendar", serializer=serializers.SerializerMethodField()),
        APIField("members", serializer=serializers.SerializerMethodField()),
    ]
    listing_default_fields: ClassVar[list[str]] = [
        "id", "type", "detail_url", "number", "name", "intake_year", "call_opens_on", "call_closes_on", "is_demo",
        "html_url", "calendar", "members",
    ]

    def get_queryset(self):
        cycles = current_cycles().select_related("cohort").prefetch_related(
            Prefetch("adoption", queryset=Adoption.objects.only("cycle_id", "session_date"))
        )
        memberships = (
            CohortMembership.objects.select_related("territory", "member")
            .prefetch_related(Prefetch("member__cycles", queryset=cycles, to_attr="current_cycles"))
            .order_by("territory__code")
        )
        return Cohort.objects.order_by("number").prefetch_related(
            Prefetch("planned_stages", queryset=PlannedStage.objects.order_by("cycle_number", "starts_in", "pk")),
            Prefetch("memberships", queryset=memberships),
        )

    # Labels (stage, status, the cohort's name) and the page's address in the requested language.
    def listing_view(self, request):
        with translation.override(request.GET.get("locale") or get_language()):
            return super().listing_view(request)

    def detail_view(self, request, pk):
        with translation.override(request.GET.get("locale") or get_language()):
            return super().detail_view(request, pk)


def register(router) -> None:
    """Add this app's endpoints to the platform's API router."""
    router.register_endpoint("cohorts", CohortsAPIViewSet)
