"""The website's signal handlers (connected on import, from WebsiteConfig.ready)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from website.models import StandardPage


@receiver([page_published, page_unpublished, post_delete], sender=StandardPage)
def forget_footer_links(sender, **kwargs) -> None:
    """The footer lists the standard pages: a change to one is seen on the next request."""
    from website.templatetags.website_tags import footer_cache_key

    cache.delete_many([footer_cache_key(code) for code, _name in settings.LANGUAGES])
