""" "شاهد أيضاً": stories related by content, never itself or unpublished, cached."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khabar.search.models import SearchDocument
from khabar.search.selectors import article_related, article_related_hits
from khabar.search.services import related_cache_key
from tests.factories.news import SectionPageFactory

pytestmark = pytest.mark.django_db

INTEL = "أعلنت أجهزة الاستخبارات اعتقال خلية تجسس تعمل لصالح جهاز استخبارات أجنبي"
TOURISM = "ارتفع عدد السياح الوافدين إلى الشواطئ والفنادق هذا الصيف بنسبة كبيرة"


@pytest.fixture
def newsroom(make_article, home):
    tourism = SectionPageFactory(parent=home, title="سياحة", slug="tourism")
    day = datetime(2013, 11, 5, tzinfo=UTC)
    return {
        "main": make_article("الاستخبارات تفكك خلية تجسس", INTEL, published_at=day),
        "spy2": make_article(
            "محاكمة أعضاء خلية التجسس",
            "بدأت محاكمة أعضاء خلية التجسس التي كشفتها الاستخبارات",
            published_at=day + timedelta(days=20),
        ),
        "spy3": make_article(
            "جهاز الاستخبارات يكشف تفاصيل التجسس",
            "كشف جهاز الاستخبارات تفاصيل جديدة عن شبكة التجسس الأجنبي",
            published_at=day - timedelta(days=3),
        ),
        "tour": make_article(
            "موسم سياحي قياسي",
            TOURISM,
            parent=tourism,
            published_at=datetime(2021, 7, 1, tzinfo=UTC),
        ),
        "tour2": make_article(
            "الفنادق ممتلئة بالسياح",
            "امتلأت الفنادق بالسياح على الشواطئ",
            parent=tourism,
            published_at=datetime(2021, 7, 3, tzinfo=UTC),
        ),
    }


def test_related_by_content_not_by_date(newsroom):
    related = article_related(article=newsroom["main"])
    assert set(related) == {newsroom["spy2"], newsroom["spy3"]}
    assert newsroom["main"] not in related
    tour = article_related(article=newsroom["tour"])
    assert tour == [newsroom["tour2"]]


def test_unpublished_stories_are_never_suggested(newsroom):
    newsroom["spy2"].unpublish()
    assert newsroom["spy2"] not in article_related(article=newsroom["main"])


def test_new_story_joins_the_lists_of_its_relatives(newsroom, make_article):
    assert article_related(article=newsroom["spy2"])  # computed and cached
    newer = make_article(
        "الحكم على خلية التجسس",
        "أصدرت المحكمة حكمها على خلية التجسس التي فككتها الاستخبارات",
        published_at=datetime(2013, 12, 30, tzinfo=UTC),
    )
    assert newer in article_related(article=newsroom["spy2"])


def titles_related(article):
    return [h.article.title for h in article_related_hits(article=article)]


def test_lookup_is_served_from_cache(newsroom):
    first = article_related_hits(article=newsroom["main"])
    assert cache.get(related_cache_key(newsroom["main"].pk))
    with CaptureQueriesContext(connection) as ctx:
        hits = article_related_hits(article=newsroom["main"])
    assert hits == first and not ctx.captured_queries  # cards ready to render
    assert {h.article.url for h in hits} == {
        newsroom["spy2"].url,
        newsroom["spy3"].url,
    }
    again = article_related(article=newsroom["main"])
    # Without the cache the stored list is used, still without recomputing.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert article_related(article=newsroom["main"]) == again
    assert not any("searchkeyword" in q["sql"] for q in ctx.captured_queries)
    assert SearchDocument.objects.get(pk=newsroom["main"].pk).related_ids


def test_see_also_on_the_article_page(newsroom, client):
    html = client.get(newsroom["main"].url).content.decode()
    see_also = html[html.index('class="see-also"') :]
    assert "محاكمة أعضاء خلية التجسس" in see_also
    assert 'class="card' in see_also  # news' card markup
    assert "موسم سياحي قياسي" not in see_also
    assert "الاستخبارات تفكك خلية تجسس" not in see_also


def test_no_see_also_when_nothing_is_related(make_article, client):
    lonely = make_article("خبر فريد تماما", "كلمات لا تتكرر أبدا")
    html = client.get(lonely.url).content.decode()
    assert 'class="see-also"' not in html


def test_cards_follow_changes_to_the_listed_stories(
    newsroom, home, django_capture_on_commit_callbacks
):
    main, spy2 = newsroom["main"], newsroom["spy2"]
    assert "محاكمة أعضاء خلية التجسس" in titles_related(main)  # cached now
    spy2.title = "بدء محاكمة أعضاء خلية التجسس"
    spy2.save_revision().publish()
    assert "بدء محاكمة أعضاء خلية التجسس" in titles_related(main)
    assert "محاكمة أعضاء خلية التجسس" not in titles_related(main)

    other = SectionPageFactory(parent=home, title="قضاء", slug="courts")
    spy2.move(other, pos="last-child")
    spy2.refresh_from_db()
    urls = [h.article.url for h in article_related_hits(article=main)]
    assert spy2.url in urls and "/courts/" in spy2.url

    with django_capture_on_commit_callbacks(execute=True):
        spy2.unpublish()
    assert "بدء محاكمة أعضاء خلية التجسس" not in titles_related(main)
    with django_capture_on_commit_callbacks(execute=True):
        spy2.save_revision().publish()
    assert "بدء محاكمة أعضاء خلية التجسس" in titles_related(main)


def test_renaming_a_section_updates_its_stories(newsroom, section, client):
    from khabar.search.selectors import article_search

    main, spy2 = newsroom["main"], newsroom["spy2"]
    assert titles_related(main)  # cards cached with the old URLs
    assert article_search(query="سياسة").count == 3
    section.title = "شؤون أمنية"
    section.slug = "security"
    section.save_revision().publish()
    assert article_search(query="أمنيه").count == 3  # the new name, any spelling
    assert article_search(query="سياسة").count == 0
    spy2.refresh_from_db()
    assert "/security/" in spy2.url
    urls = [h.article.url for h in article_related_hits(article=main)]
    assert spy2.url in urls
    main.refresh_from_db()
    html = client.get(main.url).content.decode()
    assert f'href="{spy2.url}"' in html


def test_cards_show_the_image_and_drop_it_with_the_image(newsroom, client):
    import wagtail_factories

    main, spy2 = newsroom["main"], newsroom["spy2"]
    image = wagtail_factories.ImageFactory(title="صورة المحاكمة")
    spy2.image = image
    spy2.save_revision().publish()
    rendition = image.get_rendition("fill-480x270")
    html = client.get(main.url).content.decode()
    see_also = html[html.index('class="see-also"') :]
    assert f'src="{rendition.url}"' in see_also
    assert f'width="{rendition.width}"' in see_also
    assert f'height="{rendition.height}"' in see_also

    image.delete()
    cache_card = article_related_hits(article=main)
    spy2_card = next(h.article for h in cache_card if h.article.pk == spy2.pk)
    assert spy2_card.image_url == ""


def test_a_story_behind_a_password_leaves_search_and_see_also_at_once(
    newsroom, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    from khabar.search.selectors import article_search

    main, spy2 = newsroom["main"], newsroom["spy2"]
    assert "محاكمة أعضاء خلية التجسس" in titles_related(main)  # card cached now
    assert SearchDocument.objects.filter(pk=spy2.pk).exists()

    restriction = PageViewRestriction.objects.create(
        page=spy2, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert "محاكمة أعضاء خلية التجسس" not in titles_related(main)
    found = article_search(query="محاكمة")
    assert found.count == 0 and not found.hits  # not even counted

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert "محاكمة أعضاء خلية التجسس" in titles_related(main)
    assert [h.article.pk for h in article_search(query="محاكمة").hits] == [spy2.pk]


def test_a_section_behind_a_login_takes_its_stories_out(newsroom):
    from wagtail.models import PageViewRestriction

    tour, tour2 = newsroom["tour"], newsroom["tour2"]
    assert titles_related(tour) == ["الفنادق ممتلئة بالسياح"]
    PageViewRestriction.objects.create(
        page=tour2.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert not SearchDocument.objects.filter(pk__in=[tour.pk, tour2.pk]).exists()
    assert titles_related(newsroom["main"])  # the other section is untouched


def test_a_big_section_renamed_is_reindexed_by_the_worker(newsroom, section, settings):
    """More stories than the inline limit: the editor's request only queues them
    (their cards go at once); the worker's job brings the index in step."""
    from django.core.management import call_command

    from khabar.search.models import PendingReindex
    from khabar.search.selectors import article_search

    settings.KHABAR_SEARCH_SECTION_REINDEX_INLINE = 2  # the section has 3
    main, spy2 = newsroom["main"], newsroom["spy2"]
    assert titles_related(main)  # cards cached with the old URLs
    section.title = "شؤون أمنية"
    section.slug = "security"
    section.save_revision().publish()

    assert PendingReindex.objects.filter(page_id=section.pk).exists()
    assert article_search(query="أمنيه").count == 0  # not yet in the index
    spy2.refresh_from_db()
    urls = [h.article.url for h in article_related_hits(article=main)]
    assert spy2.url in urls and "/security/" in spy2.url  # cards already new

    call_command("khabar_worker", "--once")
    assert article_search(query="أمنيه").count == 3
    assert article_search(query="سياسة").count == 0
    assert not PendingReindex.objects.exists()


def test_a_big_section_behind_a_login_leaves_the_index_through_the_worker(
    newsroom, section, settings
):
    from django.core.management import call_command
    from wagtail.models import PageViewRestriction

    from khabar.search.selectors import article_search

    settings.KHABAR_SEARCH_SECTION_REINDEX_INLINE = 2  # the section has 3
    main = newsroom["main"]
    assert titles_related(newsroom["tour"])  # another section's list, cached
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    # At once: no hit and no card of the section's stories is shown …
    assert not article_search(query="التجسس").hits
    assert titles_related(main) == []
    # … and the worker takes them out of the index (and the count).
    assert SearchDocument.objects.filter(pk=main.pk).exists()
    call_command("khabar_worker", "--once")
    assert not SearchDocument.objects.filter(pk=main.pk).exists()
    assert article_search(query="التجسس").count == 0
