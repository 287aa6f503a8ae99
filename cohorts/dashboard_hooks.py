"""The coordinators' dashboard in the admin (registered on import): its menu item and URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cohorts.views_dashboard import DashboardView, ExportView, may_see_dashboard


class DashboardMenuItem(MenuItem):
    """Shown to coordinators, and to a member's staff (who see their own row)."""

    def is_shown(self, request):
        return may_see_dashboard(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("cohorts/dashboard/", DashboardView.as_view(), name="cohorts_dashboard"),
        path("cohorts/dashboard/export.csv", ExportView.as_view(format="csv"), name="cohorts_dashboard_csv"),
        path("cohorts/dashboard/export.xlsx", ExportView.as_view(format="xlsx"), name="cohorts_dashboard_xlsx"),
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(_("Cohorts dashboard"), reverse("cohorts_dashboard"), icon_name="table",
                             name="cohorts-dashboard", order=140)
