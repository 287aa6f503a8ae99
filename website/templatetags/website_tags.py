"""Template tags every public page uses: language switcher, breadcrumbs, footer links, and the
navigation and page parts the apps above add (website.extensions)."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

from website.extensions import NAVIGATION, NOT_FOUND_PARTS, Part, gather, ordered
from website.languages import RTL_LANGUAGES
from website.middleware import is_unprefixed

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context, group: str = "main") -> list[dict]:
    """The navigation's entries from the apps in one group, with the current one marked."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return [
        {"url": reverse(link.url_name), "label": link.label,
         "is_current": view_name in (link.url_name, *link.current_for)}
        for link in ordered(gather(NAVIGATION)) if link.group == group
    ]


@register.simple_tag(takes_context=True)
def not_found_parts(context) -> list[Part]:
    return ordered(gather(NOT_FOUND_PARTS, context.get("request")))


@register.simple_tag(takes_context=True)
def render_part(context, part: Part) -> str:
    """A part's template, rendered in the page's context with the part's own context on top."""
    with context.push(**part.context):
        return context.template.engine.get_template(part.template).render(context)


def _home_urls(request) -> dict[str, str]:
    """Each language's home URL, for pages that have no translation in that language."""
    from website.models import HomePage

    return {home.locale.language_code: home.get_url(request)
            for home in HomePage.objects.live().select_related("locale")}


def _live_translations(request, page: Page) -> list[Page]:
    """The page in every language it is live in; looked up once per request (the switcher and
    the alternate links both need it)."""
    memo = request.__dict__.setdefault("_live_translations", {})
    if page.pk not in memo:
        memo[page.pk] = list(page.get_translations(inclusive=True).live().select_related("locale"))
    return memo[page.pk]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the same page in every language (its translation, or the home page)."""
    request = context["request"]
    current = translation.get_language()
    page = context.get("page")
    links = []
    if isinstance(page, Page) and page.pk:
        translations = {p.locale.language_code: p for p in _live_translations(request, page)}
        homes = None
        for code, _name in settings.LANGUAGES:
            if code in translations:
                url = translations[code].get_url(request)
            else:
                homes = homes if homes is not None else _home_urls(request)
                url = homes.get(code, f"/{code}/")
            links.append(_link(code, url, current))
    else:
        path = request.get_full_path()
        for code, _name in settings.LANGUAGES:
            if is_unprefixed(request.path_info):
                url = f"{request.path}?lang={code}"
            else:
                url = translate_url(path, code)
            links.append(_link(code, url, current))
    return {"links": links}


def _link(code: str, url: str, current: str) -> dict:
    info = translation.get_language_info(code)
    return {"code": code, "url": url, "name": info["name_local"], "current": code == current,
            "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}


@register.simple_tag(takes_context=True)
def alternate_links(context) -> list[dict]:
    """<link rel="alternate" hreflang> for each language of the current page."""
    page = context.get("page")
    request = context["request"]
    if not (isinstance(page, Page) and page.pk):
        return []
    return [
        {"code": p.locale.language_code, "url": p.get_full_url(request)}
        for p in _live_translations(request, page)
    ]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, extra: str = "", parent: str = "", parent_url: str = ""):
    """Home › … › the current page; `extra` names a page that is a view, not a Wagtail page, and
    `parent`/`parent_url` the view's index when it has one (Home › Cohorts › Cohort 1)."""
    request = context["request"]
    page = context.get("page")
    crumbs = []
    if isinstance(page, Page) and page.pk:
        for ancestor in page.get_ancestors().filter(depth__gte=2).live():
            crumbs.append({"title": ancestor.title, "url": ancestor.get_url(request)})
        crumbs.append({"title": page.title, "url": None})
    else:
        home = _localized_home(request)
        if home:
            crumbs.append({"title": home.title, "url": home.get_url(request)})
        if parent:
            crumbs.append({"title": parent, "url": parent_url})
        if extra:
            crumbs.append({"title": extra, "url": None})
    return {"crumbs": crumbs}


def _localized_home(request):
    """The home page in the active language, looked up once per request."""
    from website.models import HomePage

    language = translation.get_language()
    memo = request.__dict__.setdefault("_localized_home", {})
    if language not in memo:
        memo[language] = HomePage.objects.live().filter(locale__language_code=language).first()
    return memo[language]


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    home = _localized_home(context["request"])
    return home.get_url(context["request"]) if home else "/"


@register.simple_tag(takes_context=True)
def footer_pages(context) -> list[dict]:
    """The standard pages (legal notice, privacy…) in the active language, in footer order."""
    from website.models import StandardPage

    request = context["request"]
    key = footer_cache_key(translation.get_language())
    links = cache.get(key)
    if links is None:
        order = [role for role, _label in StandardPage._meta.get_field("role").choices]
        pages = StandardPage.objects.live().filter(
            locale__language_code=translation.get_language()
        ).exclude(role="")
        by_role = {page.role: page for page in pages}
        links = [{"title": by_role[r].title, "url": by_role[r].get_url(request), "role": r}
                 for r in order if r in by_role]
        # Forgotten when a standard page is published, unpublished or deleted (website.apps).
        cache.set(key, links, FOOTER_CACHE_SECONDS)
    return links


FOOTER_CACHE_SECONDS = 300


def footer_cache_key(language: str) -> str:
    return f"footer-links:{language}"


@register.filter
def of_type(pages, model_name: str):
    """The first of `pages` whose model is `model_name` (e.g. "programmeindexpage"), or None."""
    return next((p for p in pages if p.specific_class._meta.model_name == model_name), None)


@register.filter
def hostname(url: str) -> str:
    """A link's host, to show a long source address as a readable name."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


# Domains reserved for examples (RFC 2606, RFC 6761): an address there is never a real contact.
RESERVED_DOMAINS = ("example.org", "example.com", "example.net", ".example", ".test", ".invalid")


@register.filter
def is_demo_address(address: str) -> bool:
    domain = (address or "").rpartition("@")[2].lower()
    return any(domain.endswith(d) if d.startswith(".") else domain == d or domain.endswith(f".{d}")
               for d in RESERVED_DOMAINS)
