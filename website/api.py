"""The platform's open-data API (Wagtail API v2). Each app registers its own endpoints in its
AppConfig.ready(), so that this module imports no domain app."""

from django.conf import settings
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

api_router = WagtailAPIRouter("api")


class PublicAPIViewSet(BaseAPIViewSet):
    """Read-only, JSON only, bounded: a query string too long or with control characters is a
    400 with a message, never a database error."""

    renderer_classes = BaseAPIViewSet.renderer_classes[:1]
    extra_query_parameters: frozenset[str] = frozenset()

    @property
    def known_query_parameters(self):
        return BaseAPIViewSet.known_query_parameters | {"locale"} | self.extra_query_parameters

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        query = request.META.get("QUERY_STRING", "")
        if len(query) > settings.MAX_QUERY_STRING_LENGTH:
            raise BadRequestError(f"query string longer than {settings.MAX_QUERY_STRING_LENGTH} characters")
        for key, values in request.GET.lists():
            if any(ch < " " for value in [key, *values] for ch in value):
                raise BadRequestError("query parameters may not contain control characters")
            if len(values) > 1:
                raise BadRequestError(f"query parameter given more than once: {key}")
        locale = request.GET.get("locale")
        if locale is not None and locale not in dict(settings.LANGUAGES):
            raise BadRequestError(f"locale must be one of: {', '.join(dict(settings.LANGUAGES))}")

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET.keys()) - set(self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised filter: " + ", ".join(sorted(unknown))
            )

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # Every error is JSON with a message, whatever DRF calls it.
        if isinstance(response, Response) and isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"message": str(response.data["detail"])}
        return response
