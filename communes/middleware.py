"""Another member's page, image or document answers 404 in the admin, not a redirect.

Wagtail's admin names the objects it works on in many ways: URL keyword arguments (`page_id`,
`image_id`, a viewset's `pk`…), one positional argument (revision comparison), `?id=` query
parameters (bulk actions, the choosers' "chosen multiple" views), wagtail-localize's translation
ids, workflow task states and editing sessions. Each is mapped to the object it names and checked
against the user's scope (communes.scope); outside it, the answer is 404.
"""

from collections.abc import Callable, Iterator

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState, WorkflowState

from communes import scope
from communes.permissions import is_coordinator
from website.bad_requests import admin_language

ADMIN_PREFIX = "/admin/"

Check = Callable[[object, int], bool]


def _workflow_object_in_scope(user, workflow_state: WorkflowState | None) -> bool:
    if workflow_state is None:
        return True  # the view answers 404 itself
    model = workflow_state.base_content_type.model_class()
    if model is not None and issubclass(model, Page):
        return scope.page_in_scope(user, int(workflow_state.object_id))
    return True


def task_state_in_scope(user, task_state_id: int) -> bool:
    task_state = TaskState.objects.select_related("workflow_state").filter(pk=task_state_id).first()
    return _workflow_object_in_scope(user, task_state.workflow_state if task_state else None)


def workflow_state_in_scope(user, workflow_state_id: int) -> bool:
    workflow_state = WorkflowState.objects.filter(pk=workflow_state_id).first()
    return _workflow_object_in_scope(user, workflow_state)


def _translation_source_in_scope(user, source) -> bool:
    if source is None:
        return True  # the view answers 404 itself
    model = source.specific_content_type.model_class()
    if model is not None and issubclass(model, Page):
        return scope.translation_key_in_scope(user, source.object_id)
    return True


def translation_in_scope(user, translation_id: int) -> bool:
    from wagtail_localize.models import Translation

    translation = Translation.objects.select_related("source").filter(pk=translation_id).first()
    return _translation_source_in_scope(user, translation.source if translation else None)


def translation_source_in_scope(user, source_id: int) -> bool:
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.filter(pk=source_id).first()
    return _translation_source_in_scope(user, source)


def _member_data_check(model) -> Check | None:
    """A check for a model whose rows belong to a member (a `member` key), or the Member itself."""
    if model is apps.get_model("communes", "Member"):
        return scope.member_in_scope
    try:
        field = model._meta.get_field("member")
    except FieldDoesNotExist:
        return None
    if not (field.concrete and field.is_relation):
        return None  # e.g. Collection's reverse link to its member

    def member_row_in_scope(user, pk) -> bool:
        member_id = model._default_manager.filter(pk=pk).values_list("member_id", flat=True).first()
        return member_id is None or scope.member_in_scope(user, member_id)

    member_row_in_scope.takes_any_pk = True  # a UUID or string key is passed as it is
    return member_row_in_scope


def check_for_model(model) -> Check | None:
    """How to tell whether an object of this model is in a user's scope; None if unscoped."""
    if model is None:
        return None
    if issubclass(model, Page):
        return scope.page_in_scope
    if issubclass(model, get_image_model()):
        return scope.image_in_scope
    if issubclass(model, get_document_model()):
        return scope.document_in_scope
    return _member_data_check(model)


# URL keyword arguments that name a page, an image or a document in Wagtail's admin URLs.
KWARG_CHECKS: dict[str, Check] = {
    "page_id": scope.page_in_scope,
    "parent_page_id": scope.page_in_scope,
    "page_to_move_id": scope.page_in_scope,
    "destination_id": scope.page_in_scope,
    "page_pk": scope.page_in_scope,
    "image_id": scope.image_in_scope,
    "document_id": scope.document_in_scope,
    "doc_id": scope.document_in_scope,
    "task_state_id": task_state_in_scope,
    "workflow_state_id": workflow_state_in_scope,
    "translation_id": translation_in_scope,
    "translation_source_id": translation_source_in_scope,
}
# Views whose object is a `pk` keyword argument, by namespace (Wagtail's own viewsets).
PK_NAMESPACE_CHECKS: dict[str, Check] = {
    "wagtailimages": scope.image_in_scope,
    "wagtailimages_chooser": scope.image_in_scope,
    "wagtailadmin_api:images": scope.image_in_scope,
    "wagtaildocs": scope.document_in_scope,
    "wagtaildocs_chooser": scope.document_in_scope,
    "wagtailadmin_api:documents": scope.document_in_scope,
    "wagtailadmin_api:pages": scope.page_in_scope,
}
# Views that take the objects they act on as `?id=` query parameters (the page chooser's has its
# own check, CHOSEN_PAGES_VIEW).
ID_PARAM_CHECKS: dict[str, Check] = {
    "wagtailimages_chooser:chosen_multiple": scope.image_in_scope,
    "wagtaildocs_chooser:chosen_multiple": scope.document_in_scope,
}
# Views that name their page positionally (a regular-expression URL).
POSITIONAL_PAGE_VIEWS = {"wagtailadmin_pages:revisions_compare"}
CHOSEN_PAGES_VIEW = "wagtailadmin_choose_page_chosen_multiple"
PAGE_IDS = range(1, 2**31)  # a page's id is a 32-bit serial
BULK_ACTION_VIEW = "wagtail_bulk_action"
# Reports and tools that are not scoped to a member, with the reason: 404 for a member's staff.
COORDINATORS_ONLY_VIEWS = {
    # The number of pages of each type in the whole network, and the last one edited, drafts included.
    "wagtailadmin_reports:page_types_usage": "network-wide counts and last-edited pages",
    "wagtailadmin_reports:page_types_usage_results": "network-wide counts and last-edited pages",
}
COORDINATORS_ONLY_NAMESPACES = {
    "territory_chooser": "the collectivity chooser of the joining form, a coordinators' view",
}
COORDINATORS_ONLY_MENU_ITEMS = {"page-types-usage"}
# Wagtail's deliberate server error, to check error reporting: for whoever runs the server.
SUPERUSERS_ONLY_VIEWS = {"wagtailadmin_error_test"}
EDITING_SESSION_PING = "wagtailadmin_editing_sessions:ping"
# Admin API page actions that delete, move or copy a page.
RESTRUCTURING_API_ACTIONS = {
    "delete": "delete", "move": "move", "copy": "copy", "create_alias": "copy",
}


def _model_from_kwargs(kwargs: dict, app_key: str, model_key: str):
    try:
        return apps.get_model(kwargs[app_key], kwargs[model_key])
    except (KeyError, LookupError, ValueError):
        return None


def _view_model(view_func):
    """The model a Wagtail viewset's view works on, if it says."""
    initkwargs = getattr(view_func, "view_initkwargs", None) or {}
    view_class = getattr(view_func, "view_class", None)
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    return model if isinstance(model, type) else None


def checks_for(request, view_func, view_args, view_kwargs) -> Iterator[tuple[Check, object]]:
    """Every (check, raw id) pair that the request names."""
    match = request.resolver_match
    view_name = match.view_name if match else ""
    namespace = match.namespace if match else ""

    for name, check in KWARG_CHECKS.items():
        if name in view_kwargs:
            yield check, view_kwargs[name]

    if view_name in POSITIONAL_PAGE_VIEWS and view_args:
        yield scope.page_in_scope, view_args[0]

    if "pk" in view_kwargs:
        check = PK_NAMESPACE_CHECKS.get(namespace) or check_for_model(_view_model(view_func))
        if check is not None:
            yield check, view_kwargs["pk"]

    if view_name == EDITING_SESSION_PING:
        check = check_for_model(_model_from_kwargs(view_kwargs, "app_label", "model_name"))
        if check is not None:
            yield check, view_kwargs.get("object_id")

    ids = request.GET.getlist("id")
    if view_name in ID_PARAM_CHECKS:
        yield from ((ID_PARAM_CHECKS[view_name], raw_id) for raw_id in ids)

    if view_name == BULK_ACTION_VIEW:
        model = _model_from_kwargs(view_kwargs, "app_label", "model_name")
        check = check_for_model(model)
        if check is not None:
            for raw_id in ids:
                if raw_id != "all":
                    yield check, raw_id
        if "all" in ids and model is not None and issubclass(model, Page):
            # "All in this listing": the children (or, searching, the descendants) of `childOf`.
            # Only a page inside the user's own subtrees has nothing but in-scope pages below it.
            yield scope.page_in_own_subtree, request.GET.get("childOf")


def _as_id(raw_id) -> int:
    try:
        return int(raw_id)
    except (TypeError, ValueError):
        raise Http404 from None


def _refusal(status: int, message: str) -> HttpResponse:
    """A refusal the page chooser's modal shows as it is: plain text."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _page_number(raw_id: str) -> int | None:
    try:
        return int(raw_id)
    except ValueError:
        return None


def _refuse_unchoosable_pages(request) -> HttpResponse | None:
    """The page chooser's "chosen" step: each `id` names a page the user may choose.

    The root page has no parent (Wagtail fails on it); a page that does not exist, or lies outside
    the user's scope, gets the same answer, so that the answer tells nothing of other members.
    """
    page_ids = {raw_id: _page_number(raw_id) for raw_id in request.GET.getlist("id")}
    with translation.override(admin_language(request) or translation.get_language()):
        for raw_id, page_id in page_ids.items():
            if page_id is None:
                return _refusal(400, _("A page is chosen by its number: “%(id)s” is not one.")
                                % {"id": raw_id[:40]})
        wanted = set(page_ids.values())
        # Numbers no page can have are left out of the query: SQLite fails on those beyond 64 bits.
        paths = Page.objects.filter(pk__in=[i for i in wanted if i in PAGE_IDS], depth__gt=1)
        choosable = {pk for pk, path in paths.values_list("pk", "path")
                     if scope.path_in_scope(request.user, path)}
        if choosable != wanted:
            return _refusal(404, _("This page does not exist or cannot be chosen."))
    return None


class MemberScopeMiddleware:
    """Maps the ids in admin URLs to their member and answers 404 outside the user's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PREFIX):
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if match and match.view_name == CHOSEN_PAGES_VIEW:
            refusal = _refuse_unchoosable_pages(request)
            if refusal is not None:
                return refusal
        if user.is_superuser:
            return None
        if match and not self._may_open(user, match):
            raise Http404
        for in_scope, raw_id in checks_for(request, view_func, view_args, view_kwargs):
            object_id = raw_id if getattr(in_scope, "takes_any_pk", False) else _as_id(raw_id)
            if not in_scope(user, object_id):
                raise Http404
        self._guard_restructuring_api_action(request, view_kwargs)
        return None

    @staticmethod
    def _may_open(user, match) -> bool:
        if match.view_name in SUPERUSERS_ONLY_VIEWS:
            return False
        coordinators_only = (match.view_name in COORDINATORS_ONLY_VIEWS
                             or match.namespace in COORDINATORS_ONLY_NAMESPACES)
        return not coordinators_only or is_coordinator(user)

    @staticmethod
    def _guard_restructuring_api_action(request, view_kwargs) -> None:
        """The admin API's page actions skip Wagtail's before_* hooks: apply the same rule here."""
        match = request.resolver_match
        if not match or match.view_name != "wagtailadmin_api:pages:action":
            return
        action = RESTRUCTURING_API_ACTIONS.get(view_kwargs.get("action_name", ""))
        page = Page.objects.filter(pk=_as_id(view_kwargs.get("pk"))).first()
        if action and page is not None and not scope.may_restructure(request.user, page, action):
            raise PermissionDenied(_("A member's page and its sections are kept: only coordinators "
                                     "can delete, move or copy them."))
