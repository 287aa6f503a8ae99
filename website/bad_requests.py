"""Bad input answered as such: a 400 with a message in the user's language, JSON for the API."""

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTROL_CHARACTER_REFUSED = gettext_lazy(
    "This address or form contains a control character (such as a NUL byte) that the platform does "
    "not accept. Remove it and try again."
)

OFFSET_TOO_FAR = gettext_lazy("offset cannot be higher than %(maximum)d")

# C0 controls and DEL, but tab and line breaks, which a text area may send.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The open-data API and the admin's own (Wagtail's API v2 both) answer in JSON.
API_PREFIXES = ("/api/", "/admin/api/")
# Wagtail's APIs check that an offset is a number, not that the database can count that far.
MAX_OFFSET = 1_000_000


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIXES)


def offset_too_far(request: HttpRequest) -> bool:
    """As Wagtail reads it: int() takes any digits (Arabic-Indic ones too)."""
    if not is_api(request):
        return False
    try:
        return int(request.GET.get("offset", "")) > MAX_OFFSET
    except ValueError:
        return False  # Wagtail answers it: "offset must be a positive integer"


def bad_request(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """The answer to a request the platform cannot serve as sent: JSON for the API, a page otherwise."""
    if is_api(request):
        return JsonResponse({"message": message}, status=status)
    return render(request, "400.html", {"message": message, "page_title": _("Bad request")}, status=status)


def has_control_characters(parameters) -> bool:
    return any(CONTROL_CHARACTERS.search(text) for key, values in parameters.lists() for text in [key, *values])


def admin_language(request: HttpRequest) -> str | None:
    """The admin language the user chose, as Wagtail's admin views use it."""
    if not request.path_info.startswith("/admin/") or not request.user.is_authenticated:
        return None
    profile = getattr(request.user, "wagtail_userprofile", None)
    return profile.get_preferred_language() if profile else None


class RefuseBadParametersMiddleware:
    """Parameters no view could serve are a 400 before any view runs (it needs the user, for the
    admin's language): a NUL or another control character, which PostgreSQL refuses in any
    string and no form of the platform sends; an API offset past what a database counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = None
        if self.is_refused(request):
            message = CONTROL_CHARACTER_REFUSED
        elif offset_too_far(request):
            message = OFFSET_TOO_FAR
        if message is not None:
            with translation.override(admin_language(request) or translation.get_language()):
                return bad_request(request, str(message) % {"maximum": MAX_OFFSET})
        return self.get_response(request)

    @staticmethod
    def is_refused(request) -> bool:
        if has_control_characters(request.GET):
            return True
        if request.method != "POST":
            return False
        try:
            return has_control_characters(request.POST)
        except MultiPartParserError:
            return False  # the view answers a body it cannot read, as without this check
