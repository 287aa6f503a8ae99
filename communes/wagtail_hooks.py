"""The admin, scoped to a user's member: choosers, explorer, reports, filters, admin API, and the
member's skeleton.

Outside a user's scope the admin answers 404 (communes.middleware); here the listings, reports,
their filters and the choosers simply leave other members out, and a member's page and sections
cannot be deleted, moved or copied except by coordinators (DESIGN §4.3).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TagBase
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import MultipleContentTypeFilter, MultipleUserFilter
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.listing import PageFilterSet, SiteFilter
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_users_for_filter,
)
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views import documents as document_views
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views import chooser as image_chooser
from wagtail.images.views import images as image_views
from wagtail_localize.views.report import TranslationsReportView

from accounts.extensions import ACCOUNT_DELETION, PERSONAL_DATA_SECTIONS
from communes import parts, privacy, scope
from communes.extensions import MEMBER_PAGE_PANELS, MEMBER_SECTIONS
from communes.middleware import COORDINATORS_ONLY_MENU_ITEMS
from communes.permissions import is_coordinator
from communes.services import JOINED_NETWORK, LEFT_NETWORK
from communes.viewsets import member_viewset, territory_chooser_viewset
from website.extensions import HOME_PAGE_PARTS, NAVIGATION, NOT_FOUND_PARTS

RESTRUCTURE_REFUSED = {
    "delete": _("“%(title)s” is part of the member's space: only a coordinator can delete it."),
    "move": _("“%(title)s” is part of the member's space: only a coordinator can move it."),
    "copy": _("“%(title)s” is part of the member's space and is not copied: joining the network "
              "creates it, once per language."),
}


def _limit_to(queryset, allowed):
    return queryset.filter(pk__in=allowed.values("pk"))


def _sees_everything(user) -> bool:
    """Superusers and coordinators: their scope is the whole network, no filter needed."""
    return is_coordinator(user)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_in_scope(pages, request):
    if _sees_everything(request.user):
        return pages
    return _limit_to(pages, scope.explorable_pages(request.user))


@hooks.register("construct_explorer_page_queryset")
def explorer_in_scope(parent_page, pages, request):
    if _sees_everything(request.user):
        return pages
    return _limit_to(pages, scope.explorable_pages(request.user))


@hooks.register("construct_image_chooser_queryset")
def image_chooser_in_scope(images, request):
    if _sees_everything(request.user):
        return images
    return _limit_to(images, scope.images_in_scope(request.user))


@hooks.register("construct_document_chooser_queryset")
def document_chooser_in_scope(documents, request):
    if _sees_everything(request.user):
        return documents
    return _limit_to(documents, scope.documents_in_scope(request.user))


def _refuse(request, page, action: str):
    """Back to where the user came from, with the reason."""
    title = page.get_admin_display_title()
    messages.error(request, str(RESTRUCTURE_REFUSED[action]) % {"title": title})
    parent = page.get_parent()
    if parent:
        fallback = reverse("wagtailadmin_explore", args=[parent.pk])
    else:
        fallback = reverse("wagtailadmin_home")
    return redirect(get_valid_next_url_from_request(request) or fallback)


@hooks.register("before_delete_page")
def keep_member_skeleton_on_delete(request, page):
    if not scope.may_restructure(request.user, page, "delete"):
        return _refuse(request, page, "delete")
    return None


@hooks.register("before_move_page")
def keep_member_skeleton_on_move(request, page, destination):
    if not scope.may_restructure(request.user, page, "move"):
        return _refuse(request, page, "move")
    return None


@hooks.register("before_copy_page")
def keep_member_skeleton_on_copy(request, page):
    if not scope.may_restructure(request.user, page, "copy"):
        return _refuse(request, page, "copy")
    return None


@hooks.register("before_bulk_action")
def keep_member_skeleton_in_bulk(request, action_type, objects, action_class_instance):
    if action_type not in ("delete", "move"):
        return None
    for obj in objects:
        is_page = hasattr(obj, "specific_class")
        if is_page and not scope.may_restructure(request.user, obj, action_type):
            return _refuse(request, obj, action_type)
    return None


class ScopedPagesSummaryItem(PagesSummaryItem):
    """The dashboard counts the pages the user works on, not every page of the network."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if not self.request.user.is_superuser:
            context["total_pages"] = scope.own_pages(self.request.user).count()
        return context


@hooks.register("construct_homepage_summary_items", order=100)
def count_pages_in_scope(request, items):
    items[:] = [ScopedPagesSummaryItem(request) if type(item) is PagesSummaryItem else item
                for item in items]


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """Wagtail's admin API lists every image; a member's staff see their collection's."""

    def get_queryset(self):
        return _limit_to(super().get_queryset(), scope.images_in_scope(self.request.user))


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """Wagtail's admin API lists every document; a member's staff see their collection's."""

    def get_queryset(self):
        return _limit_to(super().get_queryset(), scope.documents_in_scope(self.request.user))


@hooks.register("construct_admin_api", order=100)  # after wagtail.images' and wagtail.documents'
def scope_admin_api(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("register_admin_viewset")
def register_members_admin():
    return [member_viewset, territory_chooser_viewset]


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    actions.register_action(JOINED_NETWORK, _("Join the network"), _("Joined the network"))
    actions.register_action(
        LEFT_NETWORK, _("Leave the network"), _("Taken offline: the member left the network")
    )


# Reports and filters: Wagtail's user filters list everyone who owns, edited, locked or submitted
# any page of the network, and wagtail-localize's report lists every translation.

def _people_in_scope_only(choices):
    """A filter's users (django-filter's queryset, or its callable of the request), narrowed to
    the people the user may see named."""
    def narrowed(request):
        if request is None:
            return get_user_model().objects.none()
        users = choices(request) if callable(choices) else choices
        if _sees_everything(request.user):
            return users
        return _limit_to(users, scope.people_in_scope(request.user))
    return narrowed


# A declared filter is one object shared by every filter set that inherits it (the explorer's,
# search's, page type usage's, forms'): narrowing it here narrows them all.
for user_filter in (
    PageFilterSet.base_filters["owner"],
    PageFilterSet.base_filters["edited_by"],
    LockedPagesReportFilterSet.base_filters["locked_by"],
    WorkflowReportFilterSet.base_filters["requested_by"],
):
    user_filter.queryset = _people_in_scope_only(user_filter.queryset)


class SiteHistoryInScopeFilterSet(SiteHistoryReportFilterSet):
    """Site history's "user" choices: the authors of the entries the user may see, in scope."""

    def get_users_queryset(self):
        return _people_in_scope_only(lambda request: get_users_for_filter(request.user))(self.request)


LogEntriesView.filterset_class = SiteHistoryInScopeFilterSet


class TranslationsInScopeReportView(TranslationsReportView):
    """wagtail-localize's translations report, of the user's own pages for a member's staff."""

    def get_queryset(self):
        translations = super().get_queryset()
        if _sees_everything(self.request.user):
            return translations
        return translations.filter(source__object_id__in=scope.page_translation_keys_in_scope(self.request.user))


@hooks.register("register_admin_urls", order=-1)  # before wagtail-localize's, at the same paths
def scope_translations_report():
    return [
        path("localize/reports/translations/", TranslationsInScopeReportView.as_view(),
             name="translations_report_in_scope"),
        path("localize/reports/translations/results/",
             TranslationsInScopeReportView.as_view(results_only=True),
             name="translations_report_results_in_scope"),
    ]


# Tags: every member's tags share taggit's one table, so Wagtail's "Tag" filters, the image
# chooser's popular tags and the tag fields' autocomplete would offer another member's tags.

class TagsInScopeFilterSet:
    """A media listing's "Tag" filter: the most used tags of the user's own media."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tag" not in self.filters or _sees_everything(self.request.user):
            return
        tags = scope.popular_tags_in_scope(self.request.user, self._meta.model)
        if tags:
            self.filters["tag"].extra["choices"] = [(tag.name, tag.name) for tag in tags]
        else:
            del self.filters["tag"]


# The listings' views name their filter sets as a class attribute, like site history's above.
for listing_view in (image_views.IndexView, document_views.IndexView):
    base = listing_view.filterset_class
    listing_view.filterset_class = type(base.__name__, (TagsInScopeFilterSet, base), {})


class ImageChooseInScopeView(image_chooser.ImageChooseView):
    """The image chooser's popular tags: those of the user's own images."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not _sees_everything(self.request.user):
            context["popular_tags"] = scope.popular_tags_in_scope(self.request.user, self.model)
        return context


# The chooser's views are made from its viewset when the admin's URLs load, after this module.
image_chooser.viewset.choose_view_class = ImageChooseInScopeView


def tag_autocomplete_in_scope(request, app_name=None, model_name=None):
    """The tag fields' suggestions: for a member's staff, the tags of what they work on."""
    if app_name and model_name:
        try:
            tag_model = ContentType.objects.get_by_natural_key(app_name, model_name).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    else:
        tag_model = Tag
    term = request.GET.get("term")
    if not term:
        return JsonResponse([], safe=False)
    if _sees_everything(request.user):
        tags = tag_model.objects.all()
    elif tag_model is Tag:
        tags = scope.tags_in_scope(request.user)
    else:  # a tag model of its own has no rule of scope yet: nothing rather than everyone's
        tags = tag_model.objects.none()
    names = tags.filter(name__istartswith=term).order_by("name").values_list("name", flat=True)
    return JsonResponse(list(names[:TAGS_AUTOCOMPLETE_LIMIT]), safe=False)


# Wagtail's own autocomplete is among its core admin URLs, which come before every hook's: the
# project's URLs leave it out, and these take its paths and names.
@hooks.register("register_admin_urls", order=-1)
def scope_tag_autocomplete():
    return [
        path("tag-autocomplete/", tag_autocomplete_in_scope, name="wagtailadmin_tag_autocomplete"),
        path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", tag_autocomplete_in_scope,
             name="wagtailadmin_tag_model_autocomplete"),
    ]


@hooks.register("construct_reports_menu")
def hide_coordinators_reports(request, menu_items):
    if not _sees_everything(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in COORDINATORS_ONLY_MENU_ITEMS]


# A filter of several objects by id checks its ids with one `IN` query: on SQLite an id beyond
# 64 bits raises OverflowError there, a server error. Such an id is no choice: the filter says so.
LARGEST_STORED_ID = 2**63 - 1


def _beyond_stored_ids(raw_id) -> bool:
    try:
        return abs(int(raw_id)) > LARGEST_STORED_ID
    except (TypeError, ValueError):
        return False  # not a number: Django's field refuses it itself


class StoredIdsOnly:
    """A choice field of objects by id that refuses ids beyond 64 bits as invalid choices."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        for raw_id in values:
            if _beyond_stored_ids(raw_id):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": str(raw_id)[:40]})
        return super().clean(value)


for id_filter in (MultipleUserFilter, MultipleContentTypeFilter, SiteFilter):
    id_filter.field_class = type(id_filter.field_class.__name__, (StoredIdsOnly, id_filter.field_class), {})


# What communes adds to the site's pages and to every member's space (communes.parts) ---------

hooks.register(NAVIGATION, parts.navigation)
hooks.register(HOME_PAGE_PARTS, parts.home_page_parts)
hooks.register(NOT_FOUND_PARTS, parts.not_found_parts)
hooks.register(MEMBER_SECTIONS, parts.member_sections)
hooks.register(MEMBER_PAGE_PANELS, parts.member_page_panels)

# A person's follows: on their personal data page and download, and erased with their account.

hooks.register(PERSONAL_DATA_SECTIONS, privacy.follows_section)
hooks.register(ACCOUNT_DELETION, privacy.delete_follows)
