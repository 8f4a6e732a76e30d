"""Load the demo site: the reference article plus short stories. Idempotent.

Every demo article carries ``external_id = "demo:<key>"``; sections are found by
slug, so running the loader twice creates nothing twice.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site
from wagtail.rich_text import RichText

from khabar.core.models import SiteSettings

from .. import services
from ..models import ArticlePage, BreakingItem, HomePage, NewsSource, SectionPage
from . import reference, stories

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "khabar-admin"  # noqa: S105 - documented demo credential
REFERENCE_KEY = "demo:reference"


def _paragraph(text: str) -> tuple[str, RichText]:
    from django.utils.html import escape

    return ("paragraph", RichText(f"<p>{escape(text)}</p>"))


def _demo_image(title: str, colour: tuple[int, int, int]):
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = PILImage.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(canvas)
    for step in range(0, 1200, 40):
        shade = tuple(min(255, c + step // 12) for c in colour)
        draw.rectangle([step, 0, step + 40, 675], fill=shade)
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=80)
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"demo-{abs(hash(title)) % 10**8}.jpg")
    )


def _source(name: str, url: str = "") -> NewsSource:
    source, _ = NewsSource.objects.get_or_create(name=name, defaults={"url": url})
    return source


def _section(
    home: HomePage, slug: str, title: str, parent_slug: str | None, intro: str
):
    parent = home
    if parent_slug:
        parent = SectionPage.objects.child_of(home).get(slug=parent_slug)
    existing = SectionPage.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    section = SectionPage(
        title=title, slug=slug, intro=intro, show_in_menus=parent == home
    )
    parent.add_child(instance=section)
    services.article_publish(article=section)
    return section


def _article(
    *, section, key: str, published: datetime, **fields
) -> tuple[ArticlePage, bool]:
    external_id = f"demo:{key}"
    existing = ArticlePage.objects.filter(external_id=external_id).first()
    if existing is not None:
        return existing, False
    tags = fields.pop("tag_names", [])
    cited = fields.pop("cited", [])
    article = ArticlePage(external_id=external_id, **fields)
    section.add_child(instance=article)
    article.tags.add(*tags)
    article.cited_sources.set(cited)
    services.article_publish(article=article)
    services.article_set_dates(article=article, published_at=published)
    return article, True


def _reference_body() -> list:
    body = [_paragraph(text) for text in reference.FIRST_PART]
    body.append(("heading", reference.SUBHEADING))
    second = [_paragraph(text) for text in reference.SECOND_PART]
    text, attribution = reference.PULL_QUOTE
    second.insert(2, ("quote", {"text": text, "attribution": attribution}))
    return body + second


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create the demo site. Returns how many articles were created."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a Khabar home page.")
    site.site_name = site.site_name or "خبر"
    site.save()

    site_settings = SiteSettings.for_site(site)
    if not site_settings.facebook_url:
        site_settings.tagline = "أخبار عربية موثوقة"
        site_settings.facebook_url = "https://www.facebook.com/khabar.example"
        site_settings.x_url = "https://x.com/khabar_example"
        site_settings.telegram_url = "https://t.me/khabar_example"
        site_settings.save()

    sections = {
        slug: _section(home, slug, title, parent, intro)
        for slug, title, parent, intro in stories.SECTIONS
    }
    created = 0

    reference_article, was_created = _article(
        section=sections["politics"],
        key="reference",
        published=datetime.fromisoformat(reference.PUBLISHED),
        title=reference.TITLE,
        kicker=reference.KICKER,
        lead=reference.LEAD,
        body=_reference_body(),
        byline=reference.BYLINE,
        source=_source(*reference.SOURCE),
        cited=[_source(name, url) for name, url in reference.CITED],
        image=_demo_image("دمشق – صورة توضيحية", (40, 70, 110)),
        image_caption="دمشق",
        image_credit="خبر – صورة توضيحية",
        tag_names=reference.TAGS,
        featured=True,
    )
    created += was_created

    for story in stories.STORIES:
        body = [_paragraph(text) for text in story["paragraphs"]]
        if story.get("heading"):
            body.insert(1, ("heading", story["heading"]))
        if story.get("quote"):
            text, attribution = story["quote"]
            body.append(("quote", {"text": text, "attribution": attribution}))
        if story.get("embed"):
            url, caption = story["embed"]
            body.append(("embed", {"url": url, "caption": caption}))
        extra = {}
        if story.get("image"):
            image = _demo_image(story["title"][:60], (120, 60, 40))
            extra = {
                "image": image,
                "image_caption": story["title"][:60],
                "image_credit": "خبر",
            }
            body.append(
                (
                    "image",
                    {
                        "image": image,
                        "alt": "",
                        "caption": "من أجنحة المعرض",
                        "credit": "خبر",
                    },
                )
            )
        _, was_created = _article(
            section=sections[story["section"]],
            key=story["key"],
            published=datetime.fromisoformat(story["date"]),
            title=story["title"],
            lead=story["lead"],
            body=body,
            byline="خبر",
            tag_names=story["tags"],
            featured=story.get("featured", False),
            **extra,
        )
        created += was_created

    if not BreakingItem.objects.filter(article=reference_article).exists():
        BreakingItem.objects.create(
            headline="المقداد: مسؤولو استخبارات غربيون زاروا دمشق لبحث التعاون الأمني",
            article=reference_article,
            expires_at=timezone.now() + timedelta(days=30),
        )

    User = get_user_model()
    if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            DEMO_ADMIN_USERNAME, "admin@example.invalid", DEMO_ADMIN_PASSWORD
        )
    return {"articles_created": created, "articles": ArticlePage.objects.count()}
