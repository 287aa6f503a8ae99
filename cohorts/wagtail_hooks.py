"""The cohorts' admin hooks (Wagtail loads this module): the cohorts' and cycles' viewsets, the
"Our cycle" and dashboard menu items, the dashboard's URLs, and the labels of the history's actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from cohorts import parts
from cohorts.cycle import MOVES_BY_NAME
from cohorts.services import ADMITTED, APPLIED, MOVED, PHASE_DATES_SET, SELF_EVALUATION_PUBLISHED, WITHDRAWN
from cohorts.views_dashboard import DashboardView, ExportView, may_see_dashboard
from cohorts.viewsets import cohort_viewset, cycle_viewset
from communes.extensions import DIRECTORY_FILTERS, MEMBER_PAGE_PANELS, ROLE_PERMISSIONS
from communes.models import Territory
from communes.permissions import staff_members
from website.extensions import HOME_PAGE_PARTS

# Cohorts and cycles ------------------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_cohorts_admin():
    return [cohort_viewset, cycle_viewset]


class OurCycleMenuItem(MenuItem):
    """For a member's staff: their own cycle, one click from anywhere in the admin."""

    def is_shown(self, request):
        return staff_members(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_our_cycle_menu_item():
    return OurCycleMenuItem(_("Our cycle"), reverse("cohorts_cycle:ours"), name="our-cycle",
                            icon_name="date", order=155)


# The coordinators' dashboard ---------------------------------------------------------------------


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


# The history's actions ---------------------------------------------------------------------------


class CollectivityLogFormatter(LogFormatter):
    """A cohort's history names the collectivity in the reader's script."""

    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        name = data.get(Territory.name_field())
        return self.template % {"name": name or data.get("code", "")}


def _register_collectivity_action(actions, action, label, template):
    formatter = type("_Formatter", (CollectivityLogFormatter,), {"label": label, "template": template})
    actions.register_action(action)(formatter)


class MoveLogFormatter(LogFormatter):
    label = _("Move the cycle")

    def format_message(self, log_entry):
        move = MOVES_BY_NAME.get((log_entry.data or {}).get("move"))
        return str(_("Cycle moved: %(move)s") % {"move": move.label if move else "?"})


@hooks.register("register_log_actions")
def register_cohort_log_actions(actions):
    _register_collectivity_action(actions, ADMITTED, _("Admit into the cohort"), _("Admitted %(name)s"))
    _register_collectivity_action(actions, APPLIED, _("Record an application"), _("Application of %(name)s"))
    _register_collectivity_action(actions, WITHDRAWN, _("Withdraw from the cohort"), _("Withdrew %(name)s"))
    actions.register_action(MOVED)(MoveLogFormatter)
    actions.register_action(PHASE_DATES_SET, _("Set the phase dates"), _("Phase dates set"))
    actions.register_action(SELF_EVALUATION_PUBLISHED, _("Publish the self-evaluation"),
                            _("Self-evaluation published"))


# What cohorts adds to the pages of the apps below it (cohorts.parts) -------------------------

hooks.register(MEMBER_PAGE_PANELS, parts.member_page_panels)
hooks.register(HOME_PAGE_PARTS, parts.home_page_parts)
hooks.register(DIRECTORY_FILTERS, parts.directory_filters)
hooks.register(ROLE_PERMISSIONS, parts.role_permissions)
