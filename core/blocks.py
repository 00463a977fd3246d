"""The one shared set of StreamField blocks.

Every block of the body (BaseStreamBlock) has an icon, a label and a template. Every one has a
preview value for the admin's block previews except two: ImageBlock and DocumentLinkBlock, whose
preview would need an image or a document chosen from this site's library, which a new site lacks
(Wagtail then shows its own placeholder). FAQItemBlock is no block of its own: it is one question
inside FAQBlock, whose template renders it and whose preview shows two.
"""

from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# How many blocks at the top of a body count as the first screen (see ImageBlock.get_context).
FIRST_SCREEN_BLOCKS = 2

HEADING_LEVELS = [
    ("h2", _("Level 2 heading")),
    ("h3", _("Level 3 heading")),
    ("h4", _("Level 4 heading")),
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(label=_("Level"), choices=HEADING_LEVELS, default="h2")

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "core/blocks/heading.html"
        preview_value = {"text": "Kaikukortti", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("Required: what the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/image.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # An image among the first blocks of a body is in the first screen and likely the page's
        # largest paint (LCP): it loads at once and first. Every other image waits until it is near.
        position = context.get("block_position")
        context["first_screen"] = position is not None and position < FIRST_SCREEN_BLOCKS
        return context


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Link text"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an external address"), required=False)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "core/blocks/call_to_action.html"
        preview_value = {
            "text": "Kenelle Kaikukortti?",
            "url": "https://www.kaikukortti.fi/",
            "description": "Lue, kuka voi saada kortin.",
        }

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks import StructBlockValidationError

        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return super().clean(value)


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "core/blocks/document_link.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=255)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FAQBlock(blocks.StructBlock):
    """An accordion built on <details>/<summary>: it opens and closes without JavaScript."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Frequently asked questions")
        template = "core/blocks/faq.html"
        preview_value = {
            "title": "Usein kysyttyä",
            "items": [
                {"question": "Maksaako kortti?", "answer": "<p>Ei. Kortti on maksuton.</p>"},
                {"question": "Kauanko kortti on voimassa?", "answer": "<p>12 kuukautta.</p>"},
            ],
        }


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"), max_length=255, help_text=_("Says what the table shows.")
    )
    table = TableBlock(label=_("Table"), table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        label = _("Table")
        template = "core/blocks/table.html"
        preview_value = {
            "caption": "Kaikukortin hinta",
            "table": {
                "data": [["Kortti", "Hinta"], ["Henkilökortti", "0 €"], ["Yhteisökortti", "0 €"]],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
            },
        }


RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        icon="pilcrow",
        features=RICH_TEXT_FEATURES,
        template="core/blocks/paragraph.html",
    )
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    faq = FAQBlock()
    table = TableWithCaptionBlock()

    def render_basic(self, value, context=None):
        """Upstream's markup, and each child is told its position (`block_position`, from 0).

        A template that loops over the body itself passes it the same way:
        `{% include_block block with block_position=forloop.counter0 %}`.
        """
        if hasattr(context, "flatten"):
            context = context.flatten()
        return format_html_join(
            "\n",
            '<div class="w-block-{1} block-{1}">{0}</div>',
            [
                (child.render(context={**(context or {}), "block_position": i}), child.block_type)
                for i, child in enumerate(value)
            ],
        )
