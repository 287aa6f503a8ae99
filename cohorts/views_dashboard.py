"""The coordinators' dashboard in the admin, and its exports.

Coordinators see every cohort, its members, the plan's indicators and the chart across cohorts.
A member's staff see their own member's row and its cohort's calendar, nothing of other members.
Anyone else is refused. The filters, the sort and the page live in the query string, so a view
can be bookmarked and its export holds the same rows.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cohorts import dashboard, export
from cohorts.models import Cohort, Stage
from cohorts.standing import current_cycles
from communes.permissions import is_coordinator, staff_members

# The columns a header link sorts by: first click, and the click when already sorted so.
SORTABLE = {"name": ("name", "name"), "stage": ("stage", "-stage"), "since": ("since", "-since"),
            "late": ("late", "late")}


def may_see_dashboard(user) -> bool:
    return is_coordinator(user) or staff_members(user).exists()


class DashboardMixin:
    """Who is asking, which cohort, which rows: shared by the page and its exports."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.coordinator = is_coordinator(user)
        self.own_members = None if self.coordinator else staff_members(user)
        if not self.coordinator and not self.own_members.exists():
            return permission_denied(request)
        self.today = timezone.localdate()
        self.cohorts = self.visible_cohorts()
        regions = dashboard.region_choices() if self.coordinator else []
        self.form = dashboard.DashboardFilterForm(request.GET, cohorts=self.cohorts, regions=regions)
        self.form.is_valid()
        chosen = self.form.value("cohort")
        by_number = {cohort.number: cohort for cohort in self.cohorts}
        self.cohort = by_number.get(chosen) or dashboard.default_cohort(self.cohorts)
        self.table = None
        if self.cohort is not None:
            # Filters are a coordinator's: a member's staff are offered none, and their own row
            # stays whatever the address asks.
            value = self.form.value if self.coordinator else (lambda name: None)
            self.table = dashboard.member_table(
                self.cohort, self.today, members=self.own_members,
                region=value("region"), level=value("level"),
                stage=value("stage"), late_only=bool(value("late")),
                sort=value("sort") or dashboard.DEFAULT_SORT,
            )
        return super().dispatch(request, *args, **kwargs)

    def visible_cohorts(self) -> list[Cohort]:
        cohorts = dashboard.cohorts_with_counts()
        if self.coordinator:
            return cohorts
        theirs = set(current_cycles(still_in_cohort=True).filter(member__in=self.own_members)
                     .values_list("cohort_id", flat=True))
        return [cohort for cohort in cohorts if cohort.pk in theirs]


class DashboardView(DashboardMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "cohorts/dashboard/index.html"
    page_title = gettext_lazy("Cohorts dashboard")
    header_icon = "table"

    def get_page_subtitle(self):
        return str(self.cohort) if self.cohort else ""

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": self.page_title}]

    def query(self, **changes) -> str:
        """The current query string with some parameters changed (None drops one)."""
        params = {key: value for key, value in self.request.GET.items() if key != "p"}
        if self.cohort is not None:
            params["cohort"] = str(self.cohort.number)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return urlencode(params)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = None
        if self.table is not None:
            page = Paginator(self.table.rows, dashboard.PER_PAGE).get_page(self.request.GET.get("p"))
        sort = self.form.value("sort") or dashboard.DEFAULT_SORT
        plans = dashboard.plans_by_cycle_number(self.cohort) if self.cohort else {}
        context.update(
            coordinator=self.coordinator, cohorts=self.cohorts, cohort=self.cohort, form=self.form,
            table=self.table, page=page, today=self.today, sort=sort,
            has_filters=any(self.form.value(name) for name in ("region", "level", "stage", "late")),
            cohort_links=[(cohort, "?" + self.query(cohort=str(cohort.number))) for cohort in self.cohorts],
            sort_links={
                column: "?" + self.query(sort=second if sort == first else first)
                for column, (first, second) in SORTABLE.items()
            },
            sort_column=next((column for column, keys in SORTABLE.items() if sort in keys), None),
            sort_descending=sort.startswith("-"),
            late_link="?" + self.query(late="1"),
            clear_link="?" + self.query(region=None, level=None, stage=None, late=None, sort=None),
            page_link="?" + self.query() + "&p=",
            export_query=self.query(),
            timeline=dashboard.timeline(plans, self.today),
        )
        if self.coordinator:
            counts = dashboard.stage_counts()
            chart = [(cohort, [(Stage(stage).label, n) for stage, n in counts[cohort.pk].items()])
                     for cohort in self.cohorts]
            context.update(
                chart=chart, chart_max=max((n for _c, bars in chart for _l, n in bars), default=0),
                chart_table=[(label, [counts[cohort.pk][stage] for cohort in self.cohorts])
                             for stage, label in Stage.choices],
                indicators=dashboard.indicators(),
                plan_starts_on=dashboard.PLAN_STARTS_ON,
            )
        return context


class ExportView(DashboardMixin, TemplateView):
    """The table in the current filters and sort, every page, as CSV or XLSX."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        if self.form.errors:
            messages = "; ".join(str(error) for errors in self.form.errors.values() for error in errors)
            return HttpResponse(_("Nothing exported: %(errors)s") % {"errors": messages}, status=400,
                                content_type="text/plain; charset=utf-8")
        if self.table is None:
            return HttpResponse(_("Nothing exported: there is no cohort yet."), status=404,
                                content_type="text/plain; charset=utf-8")
        if self.format == "xlsx":
            return export.as_xlsx(self.table, right_to_left=translation.get_language_bidi())
        return export.as_csv(self.table)
