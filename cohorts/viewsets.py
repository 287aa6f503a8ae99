"""The cohorts' admin viewsets (registered in cohorts.wagtail_hooks): the coordinators' cohorts
with their calendar and admissions, and every member's cycle page. Their views live in
cohorts.views_admin; the coordinators' dashboard (cohorts.views_dashboard) sits beside them at
/admin/cohorts/dashboard/.
"""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.forms import CohortForm
from cohorts.models import Cohort
from cohorts.views_admin import (
    AdmissionView,
    CohortCreateView,
    CohortEditView,
    CohortIndexView,
    CycleView,
    MemberCycleView,
    OurCycleView,
    WithdrawView,
)
from communes.permissions import NoDeletePermissionPolicy


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "calendar-alt"
    menu_label = gettext_lazy("Cohorts")
    menu_order = 160
    add_to_admin_menu = True
    form_fields = CohortForm.Meta.fields
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    copy_view_enabled = False
    inspect_view_enabled = False

    @property
    def permission_policy(self):
        # A cohort is part of the record: edited, never deleted (as members are archived, not deleted).
        return NoDeletePermissionPolicy(self.model)

    def get_form_class(self, for_update=False):
        return CohortForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("admit/<int:pk>/", AdmissionView.as_view(), name="admit"),
            path("withdraw/<int:pk>/", WithdrawView.as_view(), name="withdraw"),
        ]


# Prefix /admin/cohorts/; the dashboard lives beside it at /admin/cohorts/dashboard/.
cohort_viewset = CohortViewSet("cohorts_admin", url_prefix="cohorts")


class CycleViewSet(ViewSet):
    """/admin/cohorts/cycles/: a cycle's page and the addresses its forms post to."""

    icon = "date"

    def get_urlpatterns(self):
        return [
            path("ours/", OurCycleView.as_view(), name="ours"),
            path("member/<int:pk>/", MemberCycleView.as_view(), name="member"),
            path("<int:pk>/", CycleView.as_view(), name="detail"),
            path("<int:pk>/moves/<slug:name>/", CycleView.as_view(action="move"), name="move"),
            path("<int:pk>/phase-dates/", CycleView.as_view(action="phase_dates"), name="phase_dates"),
            path("<int:pk>/self-evaluation/", CycleView.as_view(action="self_evaluation"),
                 name="self_evaluation"),
        ]


cycle_viewset = CycleViewSet("cohorts_cycle", url_prefix="cohorts/cycles")
