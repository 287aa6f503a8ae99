"""The platform's open-data API (Wagtail API v2). Each app registers its own endpoints in its
AppConfig.ready(), so that this module imports no domain app."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.fields import SkipField
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import BaseSerializer, DetailUrlField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

WHOLE_NUMBER = re.compile(r"[0-9]+")
# What every endpoint's listing reads (Wagtail's pagination and field selection, our locale);
# Wagtail also accepts order and search, which act only where an endpoint says so.
COMMON_QUERY_PARAMETERS = frozenset({"limit", "offset", "fields", "locale"})


def base_url(request) -> str:
    """Where the API's absolute links start: WAGTAILAPI_BASE_URL where the operator set it (its
    scheme and host only, as Wagtail reads it), otherwise the address the request came to, as
    for the pages' html_url."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        parts = urlsplit(str(configured))
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


def detail_url(router, request, model, pk) -> str | None:
    """The absolute address of an object's detail in the API, or None if no endpoint serves it."""
    path = router.get_object_detail_urlpath(model, pk)
    return base_url(request) + path if path else None


class PublicDetailUrlField(DetailUrlField):
    """Wagtail's detail_url, on the request's address (Wagtail's own falls back to the Site's)."""

    def get_attribute(self, instance):
        url = detail_url(self.context["router"], self.context["request"], type(instance), instance.pk)
        if url is None:
            raise SkipField  # no endpoint for this model: no detail_url, as in Wagtail
        return url


class PublicSerializer(BaseSerializer):
    """The base of every public endpoint's serializer."""

    detail_url = PublicDetailUrlField(read_only=True)


def refuse_bad_query(request) -> None:
    """A query string too long, a parameter given twice or an unknown locale is a 400."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > settings.MAX_QUERY_STRING_LENGTH:
        raise BadRequestError(f"query string longer than {settings.MAX_QUERY_STRING_LENGTH} characters")
    for key, values in request.GET.lists():
        if len(values) > 1:
            raise BadRequestError(f"query parameter given more than once: {key}")
    locale = request.GET.get("locale")
    if locale is not None and locale not in dict(settings.LANGUAGES):
        raise BadRequestError(f"locale must be one of: {', '.join(dict(settings.LANGUAGES))}")


def as_message(response):
    """Every error is JSON with a message, whatever DRF calls it."""
    if isinstance(response, Response) and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"message": str(response.data["detail"])}
    return response


class PublicAPIViewSet(BaseAPIViewSet):
    """Read-only, JSON only, bounded: a query string too long or an id that is not a number is a
    400 with a message, never a database error (control characters and offsets too far are
    refused before, by website.bad_requests)."""

    renderer_classes = BaseAPIViewSet.renderer_classes[:1]
    base_serializer_class = PublicSerializer
    # What the endpoint serves, in one translatable line, for the API's index (not `description`:
    # DRF's as_view() resets that one).
    summary = ""
    # The filters of the endpoint's own, beyond COMMON_QUERY_PARAMETERS.
    extra_query_parameters: frozenset[str] = frozenset()

    @property
    def known_query_parameters(self):
        return BaseAPIViewSet.known_query_parameters | {"locale"} | self.extra_query_parameters

    @classmethod
    def documented_query_parameters(cls) -> list[str]:
        """The parameters the API's index lists for this endpoint."""
        return sorted(COMMON_QUERY_PARAMETERS | cls.extra_query_parameters)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_bad_query(request)

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET.keys()) - set(self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised filter: " + ", ".join(sorted(unknown))
            )

    def find_object(self, queryset, request):
        if "id" in request.GET and not WHOLE_NUMBER.fullmatch(request.GET["id"]):
            raise BadRequestError(_("id must be a whole number"))
        return super().find_object(queryset, request)

    def find_view(self, request):
        """Wagtail's find, redirecting to the detail on the request's address (see base_url)."""
        try:
            found = self.find_object(self.get_queryset(), request)
            if found is None:
                raise self.model.DoesNotExist
        except self.model.DoesNotExist as error:
            raise Http404("not found") from error
        query = request.GET.copy()
        for parameter in self.find_query_parameters:
            query.pop(parameter, None)
        return redirect(f"{detail_url(request.wagtailapi_router, request, self.model, found.pk)}?{query.urlencode()}")

    def handle_exception(self, exc):
        return as_message(super().handle_exception(exc))


class APIIndexView(APIView):
    """/api/v2/: the endpoints, each with its address, what it serves and the query parameters it
    reads; the descriptions in the language of `locale`, as the endpoints' labels, or else the
    request's (`lang`, the visitor's cookie, Accept-Language: website.middleware)."""

    renderer_classes = (JSONRenderer,)
    router: "PublicAPIRouter" = None
    known_query_parameters = frozenset({"locale", "lang"})

    def get(self, request):
        refuse_bad_query(request)
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError("query parameter is not recognised: " + ", ".join(sorted(unknown)))
        namespace, root = self.router.url_namespace, base_url(request)
        with translation.override(request.GET.get("locale") or translation.get_language()):
            items = [
                {
                    "name": name,
                    "url": root + reverse(f"{namespace}:{name}:listing"),
                    "description": str(endpoint.summary),
                    "query_parameters": endpoint.documented_query_parameters(),
                }
                for name, endpoint in self.router.endpoints()
            ]
        return Response({"meta": {"total_count": len(items)}, "items": items})

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=400)
        return as_message(super().handle_exception(exc))


class PublicAPIRouter(WagtailAPIRouter):
    """Wagtail's router, with the index of its endpoints at its root."""

    def endpoints(self):
        return self._endpoints.items()

    def get_urlpatterns(self):
        index = path("", self.wrap_view(APIIndexView.as_view(router=self)), name="index")
        return [index, *super().get_urlpatterns()]


api_router = PublicAPIRouter("api")
