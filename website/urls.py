"""URLs: technical endpoints without a language prefix, the public site under /<language>/."""

from allauth.account import views as account_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from website.api import api_router
from website.health import health

# API clients get JSON, people get templates/404.html.
handler404 = "website.views.page_not_found"

urlpatterns = [
    # Wagtail's own log-in takes a password alone: the admin logs in through allauth (and MFA).
    path("admin/login/", account_views.login, name="wagtailadmin_login"),
    path("admin/logout/", account_views.logout, name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("health/", health, name="health"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

urlpatterns += i18n_patterns(
    path("members/", include("communes.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
