"""Body blocks of an article: what an Arabic news story is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("said by"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=150)

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"


class ExternalImageBlock(blocks.StructBlock):
    """An image kept at its original address (e.g. imported without its file)."""

    url = blocks.URLBlock(label=_("image address"))
    alt = blocks.CharBlock(label=_("alternative text"), required=False, max_length=250)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=150)

    class Meta:
        icon = "image"
        template = "news/blocks/external_image.html"


class EmbedBlock(blocks.StructBlock):
    """A video or post from another site, shown as a link card.

    No third-party player or script loads when a reader opens the article: the
    reader follows the link if they want it (privacy first, and no oEmbed fetch
    at render time).
    """

    url = blocks.URLBlock(label=_("address"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        template = "news/blocks/embed.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"),
        features=RICH_TEXT_FEATURES,
        template="news/blocks/paragraph.html",
    )
    heading = blocks.CharBlock(
        label=_("sub-heading"),
        max_length=250,
        icon="title",
        template="news/blocks/heading.html",
    )
    quote = QuoteBlock(label=_("quote"))
    image = ImageBlock(label=_("image"))
    external_image = ExternalImageBlock(label=_("external image"))
    embed = EmbedBlock(label=_("embed"))
