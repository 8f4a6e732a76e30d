"""A small newsroom for SEO and API tests: public stories and hidden ones.

``hidden_stories`` builds every kind of story a reader must never see (draft,
scheduled, private, and the unpublished edit of a live story) with titles that
are easy to search for in any output.
"""

from datetime import timedelta

import wagtail_factories
from django.utils import timezone
from wagtail.models import PageViewRestriction

from khabar.news.models import NewsSource
from khabar.news.services import article_publish, article_set_dates
from tests.factories.news import (
    ArticlePageFactory,
    AuthorFactory,
    NewsSourceFactory,
    SectionPageFactory,
)

HIDDEN_MARKERS = ("مسودة-سرية", "مجدول-سري", "خاص-سري", "تعديل-غير-منشور")


def rich_story(section, **kwargs):
    """A published story with everything: image, two authors, tags, source."""
    image = wagtail_factories.ImageFactory(title="صورة الخبر")
    authors = [AuthorFactory(name="سلمى الحلبي"), AuthorFactory(name="رامي خوري")]
    defaults = {
        "title": "وزراء الخارجية يجتمعون في جنيف",
        "slug": "geneva",
        "lead": "اجتماع يبحث وقف إطلاق النار.",
        "image": image,
        "image_caption": "قاعة الاجتماع",
        "source": NewsSource.objects.filter(name="وكالة الأنباء").first()
        or NewsSourceFactory(name="وكالة الأنباء"),
    }
    defaults.update(kwargs)
    article = ArticlePageFactory(parent=section, **defaults)
    article.authors.set(authors)
    article.tags.add("جنيف", "دبلوماسية")
    article_publish(article=article)
    published = timezone.now() - timedelta(hours=3)
    article_set_dates(
        article=article,
        published_at=published,
        updated_at=published + timedelta(hours=1),
    )
    article.refresh_from_db()
    return article


def hidden_stories(section):
    """Stories that exist in the database but that no reader may see."""
    draft = ArticlePageFactory(parent=section, title="مسودة-سرية", live=False)

    scheduled = ArticlePageFactory(parent=section, title="مجدول-سري", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live

    private = ArticlePageFactory(parent=section, title="خاص-سري")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    edited = ArticlePageFactory(parent=section, title="خبر منشور عادي")
    edited.title = "تعديل-غير-منشور"
    edited.lead = "تعديل-غير-منشور"
    edited.save_revision()

    private_section = SectionPageFactory(parent=section, title="قسم محمي")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type=PageViewRestriction.LOGIN
    )
    ArticlePageFactory(parent=private_section, title="خاص-سري في قسم محمي")
    return {
        "draft": draft,
        "scheduled": scheduled,
        "private": private,
        "edited": edited,
    }


def assert_no_hidden(text: str) -> None:
    for marker in HIDDEN_MARKERS:
        assert marker not in text, marker
