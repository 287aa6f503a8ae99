"""Site-wide pages: the network home, and standard pages (legal notice, privacy, contact…)."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website.blocks import BodyBlock
from website.extensions import HOME_PAGE_PARTS, gather, parts_by_slot
from website.outbox import Outbox  # noqa: F401  (the model lives in its own module)


class BasePage(Page):
    """Fields and behaviour every public page shares."""

    search_description_help = _("One or two sentences shown in search results and link previews.")

    class Meta:
        abstract = True

    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
    ]


class ChildrenNameTheirParent:
    """A page whose allowed children are the page types that name it in their own
    `parent_page_types`, so that it never lists the types of the apps above it."""

    @classmethod
    def clean_subpage_models(cls):
        if cls.__dict__.get("_clean_subpage_models") is None:
            cls._clean_subpage_models = [
                model for model in get_page_models()
                if getattr(model, "parent_page_types", None) is not None and cls in model.clean_parent_page_models()
            ]
        return cls._clean_subpage_models


class HomePage(ChildrenNameTheirParent, BasePage):
    """The network's home: what the network is, its members counted, its latest news."""

    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    # Its children say so themselves (their parent_page_types): member pages, standard pages.
    max_count_per_parent = 1

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("body"))

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    translatable_fields: ClassVar[list] = [
        *BasePage.translatable_fields,
        TranslatableField("introduction"),
        TranslatableField("body"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("network home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The network's figures, news and cycle come from the apps that hold them.
        context["parts"] = parts_by_slot(gather(HOME_PAGE_PARTS, request, self))
        return context


class StandardPage(BasePage):
    """A page of text: legal notice, privacy notice, accessibility statement, contact."""

    parent_page_types: ClassVar[list[str]] = ["website.HomePage", "website.StandardPage"]
    subpage_types: ClassVar[list[str]] = ["website.StandardPage"]

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("body"))
    # Which footer slot this page fills (legal, privacy…); synchronised across languages.
    role = models.CharField(
        _("role in the footer"),
        max_length=20,
        blank=True,
        choices=[
            ("legal", _("Legal notice")),
            ("privacy", _("Privacy notice")),
            ("accessibility", _("Accessibility statement")),
            ("contact", _("Contact")),
            ("open-data", _("Open data")),
        ],
    )

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    promote_panels: ClassVar[list] = [*Page.promote_panels, FieldPanel("role")]
    translatable_fields: ClassVar[list] = [
        *BasePage.translatable_fields,
        TranslatableField("introduction"),
        TranslatableField("body"),
        SynchronizedField("role"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("standard page")
