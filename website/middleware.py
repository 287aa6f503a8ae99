"""Language selection: public pages carry a language prefix; technical URLs never do."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Paths that are stable whatever the language (DESIGN §4.9). Without this, every unmatched URL
# under them would be redirected to a prefixed HTML page, API 404s included.
UNPREFIXED_PATHS = (
    "/admin/", "/accounts/", "/api/", "/health/", "/documents/", "/static/", "/media/",
    "/robots.txt", "/sitemap.xml", "/django-admin/",
)


def is_unprefixed(path: str) -> bool:
    return path.startswith(UNPREFIXED_PATHS)


class PrefixedLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for the public site; the visitor's language elsewhere.

    On unprefixed paths (log-in, sign-up, API…) the language is `?lang=` if given, else the one
    the visitor last browsed in (cookie), else Accept-Language, else Arabic.
    """

    def process_request(self, request):
        if not is_unprefixed(request.path_info):
            return super().process_request(request)
        requested = request.GET.get("lang", "")
        if requested in dict(settings.LANGUAGES):
            language = requested
            request._remember_language = language
        else:
            language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if is_unprefixed(request.path_info):
            response.headers.setdefault("Content-Language", translation.get_language())
            language = getattr(request, "_remember_language", None)
        else:
            response = super().process_response(request, response)
            language = translation.get_language_from_path(request.path_info)
        # Remember the language the visitor browses in, for the unprefixed pages (log-in…).
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                samesite="Lax", secure=request.is_secure(),
            )
        return response


class PermissionsPolicyMiddleware:
    """Says which browser features the platform's pages may use: none of the powerful ones."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}={allowed}" for feature, allowed in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
