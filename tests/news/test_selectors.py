"""News reads: what a reader may see, and no more than a view needs."""

from wagtail.models import PageViewRestriction

from khabar.news.selectors import article_list_published_links
from tests.factories.news import ArticlePageFactory


def test_links_are_the_live_public_articles_without_their_bodies(
    section, django_assert_num_queries
):
    shown = ArticlePageFactory(parent=section, title="خبر منشور")
    draft = ArticlePageFactory(parent=section, title="مسودة", live=False)
    locked = ArticlePageFactory(parent=section, title="خبر لمشتركين")
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.LOGIN
    )
    found = list(
        article_list_published_links(ids=[shown.pk, draft.pk, locked.pk, 10**9])
    )
    assert [a.title for a in found] == ["خبر منشور"]
    article = found[0]
    # what a result shows, read with the article: no further query
    with django_assert_num_queries(0):
        assert article.url_path.endswith("/")
        assert article.display_date == shown.published_at
        assert article.lead == "مقدمة الخبر."
    assert "body" in article.get_deferred_fields()  # the body stays in the database
