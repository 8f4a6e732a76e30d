"""Factories for news pages and snippets (factory_boy + wagtail-factories)."""

from datetime import UTC, datetime

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from khabar.news.models import ArticlePage, Author, NewsSource, SectionPage


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"كاتب {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")

    class Meta:
        model = Author


class NewsSourceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"وكالة {n}")
    url = "https://source.example/"

    class Meta:
        model = NewsSource


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"قسم {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    show_in_menus = True

    class Meta:
        model = SectionPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"خبر رقم {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    lead = "مقدمة الخبر."
    published_at = factory.LazyFunction(lambda: datetime(2024, 5, 1, 9, 0, tzinfo=UTC))
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>نص الخبر.</p>"))])

    class Meta:
        model = ArticlePage
