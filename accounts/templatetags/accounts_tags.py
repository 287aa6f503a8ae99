"""Template tags of the account pages: the parts the apps above add to them (accounts.extensions)."""

from django import template

from accounts.extensions import LOGIN_PAGE_NOTICES
from website.extensions import Part, gather, ordered

register = template.Library()


@register.simple_tag(takes_context=True)
def login_page_notices(context) -> list[Part]:
    """The notices shown above the log-in form (render each with website_tags' render_part)."""
    return ordered(gather(LOGIN_PAGE_NOTICES, context.get("request")))
