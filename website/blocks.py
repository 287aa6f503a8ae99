"""StreamField blocks shared by every page type."""

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    """A prominent link: one action the page invites."""

    label = blocks.CharBlock(label=_("label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action.html"
        preview_value: ClassVar[dict] = {"label": "Propose an idea", "url": "https://example.org/"}


class BodyBlock(blocks.StreamBlock):
    """The body of a page of text."""

    heading = blocks.CharBlock(
        label=_("heading"), form_classname="title", template="blocks/heading.html",
        icon="title", preview_value="Our openness programme",
    )
    rich_text = blocks.RichTextBlock(
        label=_("text"), features=["bold", "italic", "link", "ol", "ul", "h3", "document-link"],
        template="blocks/rich_text.html", preview_value="<p>Residents propose ideas.</p>",
    )
    image = ImageBlock(label=_("image"), required=False, template="blocks/image.html")
    document = DocumentChooserBlock(label=_("document"), template="blocks/document.html", icon="doc-full")
    call_to_action = CallToActionBlock()

    class Meta:
        block_counts: ClassVar[dict] = {}
