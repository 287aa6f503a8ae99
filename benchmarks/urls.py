"""The product's URLs plus /bench/minimal/: the cheapest response Django can give, as a yardstick."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from website.urls import urlpatterns as site_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    """No template, no query: what every page pays for the middleware stack alone."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"), *site_urlpatterns]
