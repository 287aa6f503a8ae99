"""The cohorts' admin: coordinators' cohorts (calendar, admissions) and every member's cycle page.

Nothing here changes a cycle or a membership itself, nor writes the history: each form hands what
was typed to `cohorts.services`, which logs what it did, and whose `Refused` reasons are shown
next to the field they name, or at the top.
A cycle page is for coordinators and the member's own staff; another member's answers 404
(communes.middleware scopes the `pk` of views whose model has a `member` key, and each view
looks the cycle up among the user's own as well).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cohorts import services
from cohorts.cycle import MOVES_BY_NAME, PHASE_LABELS, PHASES, phase_state, today
from cohorts.forms import (
    AdmissionForm,
    AdoptionForm,
    MoveForm,
    PhaseDatesForm,
    PlannedStageFormSet,
    SelfEvaluationForm,
)
from cohorts.models import Cohort, CohortMembership, Cycle, Stage
from cohorts.standing import current_cycle, current_cycles, timeline, with_join_dates
from communes.models import Member
from communes.permissions import NoDeletePermissionPolicy, is_coordinator, staff_members
from communes.services import JoinError

# The calendar plans every stage but the last: a closed cycle is the start of the next.
PLANNABLE_STAGES = [stage for stage in Stage.values if stage != Stage.CLOSED]


# Cohorts ----------------------------------------------------------------------------------------

class CohortIndexView(IndexView):
    default_ordering = "number"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(
            member_count=Count("memberships", filter=~Q(memberships__status=CohortMembership.Status.WITHDRAWN),
                               distinct=True),
            line_count=Count("planned_stages", distinct=True),
        )

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            Column("number", label=_("Number"), sort_key="number"),
            title_column_class("name", label=_("Name"), accessor=str, get_url=self.get_edit_url),
            Column("intake_year", label=_("Intake year"), sort_key="intake_year"),
            Column("call_opens_on", label=_("Call opens on"), sort_key="call_opens_on"),
            Column("call_closes_on", label=_("Call closes on"), sort_key="call_closes_on"),
            Column("member_count", label=_("Members"), sort_key="member_count"),
            Column("line_count", label=_("Calendar lines")),
        ]


class CalendarFormsetMixin:
    """The cohort's planned calendar, edited on the cohort's own form, saved in its transaction."""

    template_name = "cohorts/admin/cohort_form.html"

    def build_formset(self, instance: Cohort) -> PlannedStageFormSet:
        # A new cohort is offered a line per stage; lines left without months are skipped.
        initial = None if instance.pk else [{"stage": stage} for stage in PLANNABLE_STAGES]
        if self.request.method == "POST":
            return PlannedStageFormSet(self.request.POST, instance=instance, prefix="calendar", initial=initial)
        formset = PlannedStageFormSet(instance=instance, prefix="calendar", initial=initial)
        if initial:
            formset.extra = len(initial)
        return formset

    def is_valid(self, form):
        form_ok = form.is_valid()
        # Built on the form's instance, so that its unique checks see this cohort.
        self.formset = self.build_formset(form.instance)
        formset_ok = self.formset.is_valid()
        if not (form_ok and formset_ok):
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return True

    def save_instance(self):
        instance = super().save_instance()
        self.formset.instance = instance
        self.formset.save()
        return instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not hasattr(self, "formset"):
            self.formset = self.build_formset(getattr(self, "object", None) or Cohort())
        context["formset"] = self.formset
        return context


class CohortCreateView(CalendarFormsetMixin, CreateView):
    def get_success_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])


class CohortEditView(CalendarFormsetMixin, EditView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(members_context(self.object))
        return context


@dataclass
class MemberRow:
    membership: CohortMembership
    cycle: Cycle | None


def members_context(cohort: Cohort) -> dict:
    memberships = list(cohort.memberships.select_related("territory", "member").order_by(
        "status", "territory__code"))
    member_ids = [m.member_id for m in memberships if m.member_id]
    cycles: dict[int, Cycle] = {}
    for cycle in Cycle.objects.filter(member_id__in=member_ids, cohort=cohort).order_by("number"):
        cycles[cycle.member_id] = cycle  # the latest in this cohort wins
    rows = [MemberRow(m, cycles.get(m.member_id)) for m in memberships]
    return {
        "member_rows": rows,
        "admission_url": reverse("cohorts_admin:admit", args=[cohort.pk]),
        "Status": CohortMembership.Status,
    }


class AdmissionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Admit a collectivity into a cohort (joining the network if need be), or record its application."""

    permission_policy = NoDeletePermissionPolicy(Cohort)
    permission_required = "change"
    form_class = AdmissionForm
    template_name = "cohorts/admin/admission.html"
    header_icon = "group"
    page_title = gettext_lazy("Admit a collectivity")

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cohort = get_object_or_404(Cohort, pk=pk)

    def get_page_subtitle(self):
        return str(self.cohort)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("cohorts_admin:index"), "label": _("Cohorts")},
                {"url": reverse("cohorts_admin:edit", args=[self.cohort.pk]), "label": str(self.cohort)},
                {"url": "", "label": self.page_title}]

    def get_initial(self):
        return {"code": self.request.GET.get("code", "")[:16]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cohort=self.cohort, cancel_url=reverse("cohorts_admin:edit", args=[self.cohort.pk]))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        territory, applying = data["territory"], AdmissionForm.APPLY in self.request.POST
        try:
            if applying:
                services.apply(self.cohort, territory.code, applied_on=data.get("on"))
            else:
                services.admit(self.cohort, territory.code, joined_on=data.get("on"),
                               source_note=data.get("source_note", ""))
        except services.Refused as refused:
            field = refused.field
            if field == "territory" and data.get("code"):
                field = "code"  # where the person typed it
            form.add_error(field if field in form.fields else None, refused.message)
            return self.form_invalid(form)
        except JoinError as error:  # e.g. the network has no home page yet; nothing was written
            form.add_error(None, str(error))
            return self.form_invalid(form)
        message = _("%(name)s applied to %(cohort)s.") if applying else _(
            "%(name)s is admitted into %(cohort)s: it is a network member and its cycle starts.")
        messages.success(self.request, message % {"name": territory.name, "cohort": self.cohort})
        return redirect(reverse("cohorts_admin:edit", args=[self.cohort.pk]) + "#members")

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was changed: see the message next to the field."))
        return super().form_invalid(form)


class WithdrawView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then withdraw a collectivity from its cohort (its history stays)."""

    model = CohortMembership  # communes.middleware scopes the `pk` by its member
    permission_policy = NoDeletePermissionPolicy(Cohort)
    permission_required = "change"
    template_name = "cohorts/admin/withdraw_confirm.html"
    header_icon = "group"
    page_title = gettext_lazy("Withdraw from the cohort")

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.membership = get_object_or_404(CohortMembership.objects.select_related("territory", "cohort"), pk=pk)

    def get_page_subtitle(self):
        return self.membership.territory.name

    @property
    def cohort_url(self) -> str:
        return reverse("cohorts_admin:edit", args=[self.membership.cohort_id]) + "#members"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(membership=self.membership, cancel_url=self.cohort_url)
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.withdraw(self.membership)
        except services.Refused as refused:
            messages.error(request, refused.message)
            return redirect(self.cohort_url)
        messages.success(request, _("%(name)s is withdrawn from %(cohort)s. Its history stays.") % {
            "name": self.membership.territory.name, "cohort": self.membership.cohort})
        return redirect(self.cohort_url)


# A member's cycle -------------------------------------------------------------------------------

def cycles_for(user):
    """Cycles a person may open: every one for coordinators, their own member's for its staff."""
    if is_coordinator(user):
        return Cycle.objects.all()
    return Cycle.objects.filter(member__in=staff_members(user))


@dataclass
class MoveOffer:
    """A move the user could make now, or why not; `form` only when allowed."""

    name: str
    label: str
    allowed: bool
    reason: str
    form: MoveForm | None


class CycleView(WagtailAdminTemplateMixin, TemplateView):
    """A member's cycle: where it stands, planned against actual dates, its history, and the moves
    the user may make now. Each form posts to its own address and lands back here."""

    model = Cycle  # communes.middleware answers 404 for another member's cycle by this
    template_name = "cohorts/admin/cycle.html"
    header_icon = "date"
    action = None  # "move", "adopt", "phase_dates", "self_evaluation" for the POST addresses

    def setup(self, request, *args, pk=None, name=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cycle = get_object_or_404(
            with_join_dates(cycles_for(request.user).select_related("member__territory", "cohort")), pk=pk)
        self.move_name = name
        if self.action == "move" and name not in MOVES_BY_NAME:
            raise Http404
        self.bound: dict[str, object] = {}  # the form posted and refused, shown with its errors

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and not self.action:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    # Header

    def get_page_title(self):
        return _("Cycle %(number)s of %(member)s") % {"number": self.cycle.number,
                                                       "member": self.cycle.member.territory.name}

    def get_page_subtitle(self):
        return self.cycle.member.territory.name

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if is_coordinator(self.request.user):
            items += [{"url": reverse("cohorts_admin:index"), "label": _("Cohorts")},
                      {"url": reverse("cohorts_admin:edit", args=[self.cycle.cohort_id]),
                       "label": str(self.cycle.cohort)}]
        return [*items, {"url": "", "label": self.get_page_title()}]

    @property
    def cycle_url(self) -> str:
        return reverse("cohorts_cycle:detail", args=[self.cycle.pk])

    # Forms

    def move_form(self, name: str) -> MoveForm:
        if name in self.bound:
            return self.bound[name]
        adopting = MOVES_BY_NAME[name].records_adoption
        form_class = AdoptionForm if adopting else MoveForm
        kwargs = {"collection": self.cycle.member.collection} if adopting else {}
        return form_class(prefix=name, initial={"expected_stage": self.cycle.stage}, **kwargs)

    def offers(self) -> list[MoveOffer]:
        return [
            MoveOffer(move.name, move.label, check.allowed, check.reason,
                      self.move_form(move.name) if check.allowed else None)
            for move, check in services.allowed_moves(self.cycle, self.request.user)
        ]

    def phase_dates_form(self) -> PhaseDatesForm:
        return self.bound.get("phase_dates") or PhaseDatesForm(cycle=self.cycle)

    def self_evaluation_form(self) -> SelfEvaluationForm | None:
        if self.cycle.stage != Stage.EVALUATION or hasattr(self.cycle, "self_evaluation"):
            return None
        return self.bound.get("self_evaluation") or SelfEvaluationForm(collection=self.cycle.member.collection)

    def may_act(self) -> bool:
        try:
            services.actor_for(self.request.user, self.cycle.member)
        except services.Refused:
            return False
        return True

    # Page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle, day = self.cycle, today()
        transitions = list(cycle.transitions.select_related("by").order_by("recorded_at", "pk"))
        may_act = self.may_act()
        phase_dates_form = self.phase_dates_form() if may_act and cycle.stage != Stage.CLOSED else None
        context.update(
            cycle=cycle, member=cycle.member, cohort=cycle.cohort, stage_label=cycle.get_stage_display(),
            steps=timeline(cycle, day, transitions=transitions).steps,
            phases=[(PHASE_LABELS[phase], phase_state(cycle, phase)) for phase in PHASES],
            history=[(t, MOVES_BY_NAME.get(t.name)) for t in reversed(transitions)],
            offers=self.offers() if may_act else [],
            phase_dates_form=phase_dates_form,
            self_evaluation_form=self.self_evaluation_form() if may_act else None,
            adoption=(getattr(cycle, "adoption", None)
                      if Stage.order(cycle.stage) >= Stage.order(Stage.ADOPTED) else None),
            self_evaluation=getattr(cycle, "self_evaluation", None),
            other_cycles=cycle.member.cycles.exclude(pk=cycle.pk).order_by("number"),
            is_coordinator=is_coordinator(self.request.user),
            top_error=self.bound.get("top_error"),
            public_page=cycle.member.page_in(),
        )
        offered = {offer.name for offer in context["offers"] if offer.allowed}
        for name, form in self.bound.items():
            if name in MOVES_BY_NAME and name not in offered and not context["top_error"]:
                # The refused form is not on the page any more (the cycle moved on): say why at the top.
                context["top_error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return context

    def post(self, request, *args, **kwargs):
        handler = {"move": self.post_move, "phase_dates": self.post_phase_dates,
                   "self_evaluation": self.post_self_evaluation}[self.action]
        return handler()

    def refused(self, key: str, form, refused: services.Refused | None = None):
        """Show the page again with the form's errors; nothing was changed."""
        if refused is not None:
            field = refused.field if refused.field in form.fields else None
            form.add_error(field, refused.message)
            if field is None:
                self.bound["top_error"] = refused.message
        self.bound[key] = form
        messages.error(self.request, _("Nothing was changed: see the message on the page."))
        return self.render_to_response(self.get_context_data())

    def post_move(self):
        name = self.move_name
        adopting = MOVES_BY_NAME[name].records_adoption
        if adopting:
            form = AdoptionForm(self.request.POST, self.request.FILES, prefix=name,
                                collection=self.cycle.member.collection)
        else:
            form = MoveForm(self.request.POST, prefix=name)
        if not form.is_valid():
            if "expected_stage" in form.errors:  # a forged or truncated post: say so at the top
                self.bound["top_error"] = _("This form is incomplete: reload the page and try again.")
            return self.refused(name, form)
        data = form.cleaned_data
        user, said = self.request.user, {"note": data["note"], "expected_stage": data["expected_stage"]}
        try:
            if adopting:
                adoption = {key: data[key] for key in ("session_date", "deliberation_number", "votes_for",
                                                       "votes_against", "abstentions", "document")}
                transition = services.adopt(self.cycle, user, adoption=adoption, upload=data["upload"], **said)
            else:
                transition = services.move(self.cycle, name, user, **said)
        except services.Refused as refused:
            return self.refused(name, form, refused)
        messages.success(self.request, _("Done: the cycle is now at “%(stage)s”.") % {
            "stage": Stage(transition.to_stage).label})
        return redirect(self.cycle_url)

    def post_phase_dates(self):
        form = PhaseDatesForm(self.request.POST, cycle=self.cycle)
        if not form.is_valid():
            return self.refused("phase_dates", form)
        try:
            services.set_phase_dates(self.cycle, self.request.user, form.dates())
        except services.Refused as refused:
            return self.refused("phase_dates", form, refused)
        messages.success(self.request, _("The phase dates are saved."))
        return redirect(self.cycle_url)

    def post_self_evaluation(self):
        form = SelfEvaluationForm(self.request.POST, self.request.FILES, collection=self.cycle.member.collection)
        if not form.is_valid():
            return self.refused("self_evaluation", form)
        data = form.cleaned_data
        try:
            services.publish_self_evaluation(self.cycle, self.request.user, summary=data["summary"],
                                             document=data["document"], upload=data["upload"])
        except services.Refused as refused:
            if refused.field == "document" and data.get("upload"):
                refused.field = "upload"
            return self.refused("self_evaluation", form, refused)
        messages.success(self.request, _("The self-evaluation is published: the cycle can now be closed."))
        return redirect(self.cycle_url)


class MemberCycleView(View):
    """A member's current cycle, by the member: where the dashboard's rows link to."""

    model = Member  # communes.middleware answers 404 for another member

    def get(self, request, *args, pk=None, **kwargs):
        member = get_object_or_404(Member, pk=pk)
        cycle = current_cycle(member)  # the cycle's page checks who may open it
        if cycle is None:
            messages.warning(request, _("%(name)s is not in a cohort yet: its cycle starts when a coordinator "
                                        "admits it into one.") % {"name": member.territory.name})
            return redirect("wagtailadmin_home")
        return redirect("cohorts_cycle:detail", cycle.pk)


class OurCycleView(WagtailAdminTemplateMixin, TemplateView):
    """The "Our cycle" menu item: straight to the member's current cycle, or why there is none."""

    template_name = "cohorts/admin/our_cycle.html"
    header_icon = "date"
    page_title = gettext_lazy("Our cycle")

    def get(self, request, *args, **kwargs):
        members = list(staff_members(request.user).select_related("territory"))
        cycles = {cycle.member_id: cycle for cycle in current_cycles().filter(member__in=members)}
        if len(members) == 1 and members[0].pk in cycles:
            return redirect("cohorts_cycle:detail", cycles[members[0].pk].pk)
        self.rows = [(member, cycles.get(member.pk)) for member in members]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.rows
        return context
