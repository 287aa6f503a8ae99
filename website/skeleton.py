"""The network's site skeleton: locales, the home page in every language, the standard pages."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from website.content import HOME, STANDARD_PAGES, fill_figures
from website.models import HomePage, StandardPage


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES
    }


def page_body(text: dict, language: str) -> list[dict]:
    """A StreamField value from the (block type, value) pairs of a text of website/content/, with
    the figures that follow settings (a retention period) written out."""
    return [{"type": kind, "value": fill_figures(value, language)} for kind, value in text.get("body", [])]


def _home_slug(language: str) -> str:
    return "home" if language == settings.LANGUAGE_CODE else f"home-{language}"


@transaction.atomic
def ensure_home_pages() -> dict[str, HomePage]:
    """One HomePage per language under the root, all translations of one another; the Site
    points at the default language's copy."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
    if settings.LANGUAGE_CODE not in homes:
        # Wagtail's own placeholder page ("Welcome to your new Wagtail site!") gives way.
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore",
                            numchild=0).delete()
        root.refresh_from_db()
        text = HOME[settings.LANGUAGE_CODE]
        homes[settings.LANGUAGE_CODE] = root.add_child(instance=HomePage(
            title=text["title"], slug=_home_slug(settings.LANGUAGE_CODE),
            introduction=text["introduction"], body=page_body(text, settings.LANGUAGE_CODE),
            locale=locales[settings.LANGUAGE_CODE],
        ))
    source = homes[settings.LANGUAGE_CODE]
    for code, locale in locales.items():
        if code in homes:
            continue
        root.refresh_from_db()
        text = HOME[code]
        homes[code] = root.add_child(instance=HomePage(
            title=text["title"], slug=_home_slug(code), introduction=text["introduction"],
            body=page_body(text, code), locale=locale, translation_key=source.translation_key,
        ))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=source, is_default_site=True,
                            site_name=settings.WAGTAIL_SITE_NAME)
    elif site.root_page_id != source.pk:
        site.root_page = source
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    return homes


@transaction.atomic
def ensure_standard_pages(homes: dict[str, HomePage]) -> None:
    """The legal, privacy, accessibility, contact and open-data pages in every language."""
    existing = set(StandardPage.objects.values_list("role", "locale__language_code"))
    keys = dict(StandardPage.objects.exclude(role="").values_list("role", "translation_key"))
    for spec in STANDARD_PAGES:
        for code, home in homes.items():
            if (spec["role"], code) in existing:
                continue
            text = spec["text"][code]
            page = StandardPage(
                title=text["title"], slug=spec["slug"], introduction=text.get("introduction", ""),
                body=page_body(text, code),
                role=spec["role"], locale=home.locale,
            )
            if spec["role"] in keys:
                page.translation_key = keys[spec["role"]]
            home.refresh_from_db()
            home.add_child(instance=page)
            keys.setdefault(spec["role"], page.translation_key)
