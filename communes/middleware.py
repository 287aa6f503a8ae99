"""Another member's page, image or document answers 404 in the admin, not a redirect."""

from django.http import Http404

from communes import scope

# URL keyword arguments that name a page, an image or a document in Wagtail's admin URLs.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
IMAGE_KWARGS = ("image_id",)
DOCUMENT_KWARGS = ("document_id", "doc_id")


def _checks(namespace: str, kwargs: dict):
    for name in PAGE_KWARGS:
        if name in kwargs:
            yield scope.page_in_scope, kwargs[name]
    for name in IMAGE_KWARGS:
        if name in kwargs:
            yield scope.image_in_scope, kwargs[name]
    for name in DOCUMENT_KWARGS:
        if name in kwargs:
            yield scope.document_in_scope, kwargs[name]
    # Viewsets name their object `pk`: the namespace tells which model it is.
    if "pk" in kwargs:
        if namespace.startswith("wagtailimages"):
            yield scope.image_in_scope, kwargs["pk"]
        elif namespace.startswith("wagtaildocs"):
            yield scope.document_in_scope, kwargs["pk"]
        elif namespace.startswith(("wagtailadmin_api", "wagtailadmin_pages")):
            yield scope.page_in_scope, kwargs["pk"]


class MemberScopeMiddleware:
    """Maps the ids in admin URLs to their member and answers 404 outside the user's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/"):
            return None
        user = request.user
        if not user.is_authenticated or user.is_superuser:
            return None
        match = request.resolver_match
        namespace = match.namespace if match else ""
        for in_scope, raw_id in _checks(namespace, view_kwargs):
            try:
                object_id = int(raw_id)
            except (TypeError, ValueError):
                raise Http404 from None
            if not in_scope(user, object_id):
                raise Http404
        return None
