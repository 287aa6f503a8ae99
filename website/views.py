"""Site-wide views: the not-found answer (JSON for the API, a page for people)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """API clients get JSON, as every other API error (DESIGN §4.9); people get the 404 page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"message": "Not found"}, status=404)
    return defaults.page_not_found(request, exception)
