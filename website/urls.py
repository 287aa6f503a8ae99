"""URLs: technical endpoints without a language prefix, the public site under /<language>/."""

from allauth.account import views as account_views
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from website import access
from website.api import api_router
from website.health import health
from website.media import serve_media

# API clients get JSON, people get templates/404.html.
handler404 = "website.views.page_not_found"


def without(patterns, *names: str) -> list:
    """Wagtail's URL patterns less the views we replace (website.access)."""
    return [pattern for pattern in patterns if pattern.name not in names]


# One log-in for all, and shared passwords behind a limit: Wagtail's own views for them are
# replaced, under the same names, so that nothing routes to them any more.
WAGTAIL_FRONTEND_LOGIN = "wagtailcore_login"
PAGE_PASSWORD = "wagtailcore_authenticate_with_password"
DOCUMENT_PASSWORD = "wagtaildocs_authenticate_with_password"
documents = without(wagtaildocs_urls.urlpatterns, DOCUMENT_PASSWORD)

# Wagtail's tag autocomplete offers every tag of the network: an app's register_admin_urls hook
# serves its paths under its names instead, and Wagtail's own routes to it are left out.
WAGTAIL_TAG_AUTOCOMPLETE = "wagtail.admin.views.tags.autocomplete"
admin = [pattern for pattern in wagtailadmin_urls.urlpatterns
         if getattr(pattern, "lookup_str", None) != WAGTAIL_TAG_AUTOCOMPLETE]
wagtail_pages = without(wagtail_urls.urlpatterns, WAGTAIL_FRONTEND_LOGIN, PAGE_PASSWORD)

urlpatterns = [
    # Wagtail's own log-in takes a password alone: the admin logs in through allauth (and MFA).
    path("admin/login/", account_views.login, name="wagtailadmin_login"),
    path("admin/logout/", account_views.logout, name="wagtailadmin_logout"),
    path("admin/", include(admin)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("communes.follow_urls")),
    path("accounts/", include("allauth.urls")),
    path("documents/authenticate_with_password/<int:restriction_id>/", access.document_password,
         name=DOCUMENT_PASSWORD),
    path("documents/", include(documents)),
    re_path(r"^media/(?P<path>.+)$", serve_media, name="media"),
    path("api/v2/", api_router.urls),
    path("health/", health, name="health"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

urlpatterns += i18n_patterns(
    path("members/", include("communes.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("_util/login/", access.frontend_login, name=WAGTAIL_FRONTEND_LOGIN),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
         access.page_password, name=PAGE_PASSWORD),
    path("", include(wagtail_pages)),
    prefix_default_language=True,
)
