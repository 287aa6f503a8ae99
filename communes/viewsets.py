"""The coordinators' "Members" admin and the collectivity chooser, as Wagtail viewsets: list, join
(by HCP code or from a list), contact, archive.

Joining and leaving go through communes.services, the same code `manage.py join_network` runs:
one transaction, idempotent, logged there. Only coordinators (model permissions on Member) see these views.
"""

from django import forms
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenMultipleView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, MenuItem

from communes.models import JOINABLE_LEVELS, Level, Member, Territory
from communes.permissions import NoDeletePermissionPolicy
from communes.services import JoinError, find_territory, join_network, leave_network

MAX_SEARCH_LENGTH = 100


def region_of(territory: Territory) -> Territory | None:
    """A collectivity's region; a region is its own."""
    return territory if territory.level == Level.REGION else territory.region


# Territory chooser: the modal in which a coordinator picks the collectivity that joins.

class TerritorySearchForm(BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Name (Arabic or Latin script) or HCP code"), required=False,
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}),
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            # A name in either script, however spelt, or the start of an HCP code.
            objects = objects.search(query, by_code=True)
            self.is_searching, self.search_query = True, query
        return objects


class TerritoryChooserMixin:
    filter_form_class = TerritorySearchForm
    per_page = 20

    def get_object_list(self):
        # Collectivities that can join and are not active members already.
        return (
            Territory.objects.filter(level__in=JOINABLE_LEVELS)
            .exclude(membership__status=Member.Status.ACTIVE)
            .select_related("region")
            .order_by("code")
        )

    @property
    def columns(self):
        return [
            self.title_column,
            Column("name_fr", label=_("Name (Latin script)")),
            Column("code", label=_("HCP code")),
            Column("level", label=_("Level"), accessor="get_level_display"),
        ]

    @property
    def title_column(self):
        column = super().title_column
        column.label, column.accessor = _("Name (Arabic script)"), "name_ar"
        return column


class TerritoryChooseView(TerritoryChooserMixin, ChooseView):
    pass


class TerritoryChooseResultsView(TerritoryChooserMixin, ChooseResultsView):
    pass


class TerritoryChosenMultipleView(ChosenMultipleView):
    """The collectivities chosen, named by their numbers in the list: anything else is a 400 with a
    message, never a database error."""

    def get(self, request):
        if not all(raw_id.isascii() and raw_id.isdigit() and int(raw_id) < 2**63
                   for raw_id in request.GET.getlist("id")):
            return HttpResponseBadRequest(_("Collectivities are chosen from the list, by their numbers."),
                                          content_type="text/plain; charset=utf-8")
        return super().get(request)


class TerritoryChooserViewSet(ChooserViewSet):
    model = Territory
    icon = "site"
    choose_one_text = gettext_lazy("Choose a collectivity")
    choose_another_text = gettext_lazy("Choose another collectivity")
    choose_view_class = TerritoryChooseView
    choose_results_view_class = TerritoryChooseResultsView
    chosen_multiple_view_class = TerritoryChosenMultipleView


territory_chooser_viewset = TerritoryChooserViewSet("territory_chooser")


# Forms.

class JoinForm(forms.ModelForm):
    """A collectivity joins: by its HCP code or picked from the list; a service contact optional."""

    code = forms.CharField(
        label=gettext_lazy("HCP code"), required=False, max_length=16,
        help_text=gettext_lazy("Its code in the HCP nomenclature, e.g. 09.001.01.01."),
    )
    territory = forms.ModelChoiceField(
        label=gettext_lazy("or choose the collectivity"), required=False,
        queryset=Territory.objects.all(), widget=territory_chooser_viewset.widget_class(),
    )

    field_order = ("code", "territory", "contact_email", "contact_phone")

    class Meta:
        model = Member
        fields = ("contact_email", "contact_phone")

    def clean(self):
        return clean_code_or_territory(self, super().clean())


def clean_code_or_territory(form: forms.Form, cleaned: dict) -> dict:
    """The collectivity a form names by its HCP code or picks from the list (one of them, or both
    alike), found by `find_territory`; each mistake is said next to its field."""
    code, territory = (cleaned.get("code") or "").strip(), cleaned.get("territory")
    if form.errors:
        return cleaned
    if code and territory and territory.code != code:
        form.add_error("code", _("This code and the chosen collectivity differ: give one."))
    elif not code and not territory:
        form.add_error("code", _("Give the collectivity's HCP code, or choose it below."))
    else:
        try:
            cleaned["territory"] = find_territory(code or territory.code)
        except JoinError as error:
            form.add_error("code" if code else "territory", str(error))
    return cleaned


class MemberContactForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ("contact_email", "contact_phone")


# Views.

class MemberFilterSet(WagtailFilterSet):
    level = ChoiceFilter(
        label=gettext_lazy("Level"), field_name="territory__level",
        choices=[(level.value, level.label) for level in Level if level in JOINABLE_LEVELS],
    )
    region = ModelChoiceFilter(
        label=gettext_lazy("Region"), method="filter_region",
        queryset=Territory.objects.filter(level=Level.REGION).order_by("code"),
    )
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=Member.Status.choices)

    class Meta:
        model = Member
        fields: tuple = ()

    def filter_region(self, queryset, name, region):
        return queryset.filter(Q(territory__region=region) | Q(territory=region))


class MemberIndexView(IndexView):
    default_ordering = "territory__code"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("territory__region")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query[:MAX_SEARCH_LENGTH]
        return queryset.filter(territory__in=Territory.objects.search(query, by_code=True))

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class(
                "name_ar", label=_("Name (Arabic script)"), accessor="territory.name_ar",
                sort_key="territory__name_ar", get_url=self.get_edit_url,
            ),
            Column("name_fr", label=_("Name (Latin script)"), accessor="territory.name_fr",
                   sort_key="territory__name_fr"),
            Column("code", label=_("HCP code"), accessor="territory.code",
                   sort_key="territory__code"),
            Column("level", label=_("Level"), accessor="territory.get_level_display",
                   sort_key="territory__level"),
            Column("region", label=_("Region"),
                   accessor=lambda member: region_of(member.territory)),
            StatusTagColumn("status", label=_("Status"), accessor="get_status_display",
                            primary=lambda member: member.is_active, sort_key="status"),
            # The date itself, not "2 years ago": it is a fact of the membership.
            Column("joined_on", label=_("Joined on"), sort_key="joined_on"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(membership_menu_item(instance))
        return buttons


def membership_menu_item(member: Member) -> MenuItem:
    if member.is_active:
        label, view = _("Archive (leave the network)"), "members_admin:archive"
        icon = "folder-inverse"
    else:
        label, view, icon = _("Rejoin the network"), "members_admin:rejoin", "undo"
    return MenuItem(label, url=reverse(view, args=[member.pk]), icon_name=icon, priority=40)


class JoinView(CreateView):
    page_title = gettext_lazy("Join the network")
    submit_button_label = gettext_lazy("Join")
    submit_button_active_label = gettext_lazy("Joining…")

    def get_page_subtitle(self):
        return self.page_title

    def get_breadcrumbs_items(self):
        *items, _last = super().get_breadcrumbs_items()
        return [*items, {"url": "", "label": self.page_title}]

    def save_instance(self):
        territory = self.form.cleaned_data["territory"]
        before = Member.objects.filter(territory=territory).values_list("status", flat=True).first()
        member = join_network(territory.code)
        contact = {name: self.form.cleaned_data[name] for name in self.form.Meta.fields
                   if self.form.cleaned_data.get(name)}
        if contact:
            Member.objects.filter(pk=member.pk).update(**contact)
            member.refresh_from_db()
        if before is None:
            self.outcome = "joined"
        elif before == Member.Status.ARCHIVED:
            self.outcome = "rejoined"
        else:
            self.outcome = "present"
        return member

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except JoinError as error:
            # e.g. the network has no home page yet: nothing was created (one transaction).
            form.add_error(None, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self, instance):
        messages_by_outcome = {
            "joined": _("%(name)s joined the network: its pages in every language, staff group and "
                        "collection are ready."),
            "rejoined": _("%(name)s rejoined the network: its pages are online again and its staff "
                          "have their rights back."),
            "present": _("%(name)s was already a member: its space is complete."),
        }
        return messages_by_outcome[self.outcome] % {"name": instance.territory.name}


class MemberEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.user_has_permission("change"):
            item = membership_menu_item(self.object)
            buttons.append(Button(item.label, url=item.url, icon_name=item.icon_name, priority=40))
        return buttons


class MembershipChangeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then archive a member (it leaves the network) or bring it back."""

    model = Member  # communes.middleware scopes the `pk` by it
    permission_policy = NoDeletePermissionPolicy(Member)
    permission_required = "change"
    template_name = "communes/admin/membership_confirm.html"
    header_icon = "group"
    leaving = True

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Member.objects.select_related("territory"), pk=pk)

    def get_page_title(self):
        return _("Archive (leave the network)") if self.leaving else _("Rejoin the network")

    def get_page_subtitle(self):
        return self.object.territory.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            member=self.object, leaving=self.leaving, cancel_url=reverse("members_admin:index")
        )
        return context

    def post(self, request, *args, **kwargs):
        name = self.object.territory.name
        if self.leaving:
            leave_network(self.object)
            messages.success(request, _(
                "%(name)s left the network: its pages are offline and its staff have lost their "
                "rights. Nothing was deleted."
            ) % {"name": name})
        else:
            join_network(self.object.territory.code)
            messages.success(request, _("%(name)s rejoined the network.") % {"name": name})
        return redirect("members_admin:index")


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "group"
    menu_label = gettext_lazy("Members")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = MemberIndexView
    add_view_class = JoinView
    edit_view_class = MemberEditView
    filterset_class = MemberFilterSet
    # Enables the search box; MemberIndexView searches names in both scripts and codes.
    search_fields = ("territory__name_fr",)
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50

    @property
    def permission_policy(self):
        return NoDeletePermissionPolicy(self.model)

    def get_form_class(self, for_update=False):
        return MemberContactForm if for_update else JoinForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("archive/<int:pk>/", MembershipChangeView.as_view(leaving=True), name="archive"),
            path("rejoin/<int:pk>/", MembershipChangeView.as_view(leaving=False), name="rejoin"),
        ]


# Prefix /admin/members/; its own namespace (the public directory's is "members").
member_viewset = MemberViewSet("members_admin", url_prefix="members")
