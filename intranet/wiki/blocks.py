"""The blocks a wiki page is made of.

Members write these through the front-end editor's markup (see markup.py); editors and admins
may also edit them as blocks in the Wagtail admin. `[[links]]` stay literal in the stored text
and are resolved when the page renders (see links.py).
"""

from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Draftail features that the front-end markup can express, and nothing more.
TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "code", "blockquote", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("2", _("Section")), ("3", _("Subsection")), ("4", _("Minor heading"))],
        default="2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A heading; the table of contents lists every heading.")

    def anchor(self, value):
        return slugify(value["text"]) or "section"


class WikiTextBlock(blocks.RichTextBlock):
    """Rich text in which `[[Page title]]` links to a page of the same wiki."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        from .links import link_html

        # The rich text was sanitised when saved; link_html escapes everything it adds.
        return mark_safe(link_html(str(super().render_basic(value, context)), context))  # noqa: S308

    class Meta:
        icon = "pilcrow"
        label = _("Text")


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=pgettext_lazy("table", "Caption"), required=False, max_length=200
    )
    header = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Column headings"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(required=False, max_length=500), label=_("Cells")),
        label=_("Rows"),
    )

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("Table")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Document link")


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(label=_("Language"), required=False, max_length=30)
    code = blocks.TextBlock(label=_("Code"))

    class Meta:
        icon = "code"
        template = "blocks/code.html"
        label = _("Code or template text")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
    )
    text = WikiTextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")


class WikiBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = WikiTextBlock()
    table = TableBlock()
    image = ImageBlock()
    document = DocumentBlock()
    code = CodeBlock()
    callout = CalloutBlock()


def list_items(value):
    """A ListBlock's items in raw data, from either of the two formats Wagtail stores."""
    return [item["value"] if isinstance(item, dict) else item for item in value or []]


def anchors(body):
    """[(block id, anchor, text, level)] for every heading; anchors are unique on the page."""
    seen, found = {}, []
    for block in body:
        if block.block_type != "heading":
            continue
        base = block.block.anchor(block.value)
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        found.append((block.id, anchor, block.value["text"], int(block.value["level"])))
    return found
