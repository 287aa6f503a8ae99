from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Network website")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from website import mail  # noqa: F401  (registers the outbox's e-mail handler)
        from website.models import StandardPage

        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(forget_footer_links, sender=StandardPage)


def forget_footer_links(sender, **kwargs) -> None:
    """The footer lists the standard pages: a change to one is seen on the next request."""
    from django.conf import settings
    from django.core.cache import cache

    from website.templatetags.website_tags import footer_cache_key

    cache.delete_many([footer_cache_key(code) for code, _name in settings.LANGUAGES])
