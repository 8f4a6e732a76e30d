"""manage.py import_articles: JSON Lines in, articles that behave like editors' out."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from khabar.news.models import ArticlePage, SectionPage
from khabar.search.selectors import article_related, article_search
from tests.factories.news import ArticlePageFactory

pytestmark = pytest.mark.django_db

SPY = "أعلنت أجهزة الاستخبارات اعتقال خلية تجسس تعمل لصالح جهاز أجنبي"


def record(n, **kw):
    data = {
        "external_id": f"ant-{n}",
        "title": f"خبر مستورد رقم {n}",
        "body": f"نص الخبر المستورد رقم {n}.\nفقرة ثانية.",
        "section": "economy",
        "published_at": f"2018-02-{(n % 27) + 1:02d}T10:00:00+00:00",
    }
    data.update(kw)
    return data


def write(tmp_path, rows, name="articles.jsonl", gz=False):
    path = tmp_path / (name + (".gz" if gz else ""))
    text = "\n".join(
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows
    )
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(path, **kw):
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=err, **kw)
    return out.getvalue(), err.getvalue()


def test_imported_article_behaves_like_an_editors(tmp_path, client, home, section):
    rows = [
        record(
            1,
            title="الاستخبارات تفكك خلية تجسس",
            body=SPY,
            section="سياسة",
            lead="مقدمة عن الخلية",
            tags=["تجسس", "أمن"],
            author="سلمى الحلبي",
            source="وكالة الأنباء",
        ),
        record(
            2,
            title="محاكمة خلية التجسس",
            body="<p>بدأت محاكمة <b>خلية التجسس</b> التي كشفتها الاستخبارات</p><script>x()</script>",
            section="سياسة",
            tags=["تجسس"],
        ),
    ]
    out, _ = run(write(tmp_path, rows), no_progress=True)
    assert "Imported 2 articles" in out
    article = ArticlePage.objects.get(external_id="ant-1")
    editor_made = ArticlePageFactory(parent=section, title="مقال المحرر")

    # Same place in the tree, URL and page state as an editor's article.
    assert article.get_parent().specific == section  # matched by title, not created
    assert (
        article.live
        and article.first_published_at
        and not article.has_unpublished_changes
    )
    assert article.depth == editor_made.depth and article.url_path.startswith(
        section.url_path
    )
    assert all(not problems for problems in Page.find_problems())  # treebeard
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "مقدمة عن الخلية" in html and "سلمى الحلبي" in html and "وكالة الأنباء" in html
    )
    assert client.get(f"/a/{article.pk}/").status_code == 301
    # Listed in its section, newest first like any story.
    assert "الاستخبارات تفكك خلية تجسس" in client.get(section.url).content.decode()
    # Tags, search, "see also", HTML cleaned.
    assert sorted(t.name for t in article.tags.all()) == ["أمن", "تجسس"]
    hits = article_search(query="الإستخبارات").hits
    assert {h.article.pk for h in hits} == set(
        ArticlePage.objects.filter(external_id__in=["ant-1", "ant-2"]).values_list(
            "pk", flat=True
        )
    )
    assert hits[0].external_id in {"ant-1", "ant-2"}
    second = ArticlePage.objects.get(external_id="ant-2")
    assert article_related(article=article) == [second]
    assert "<script>" not in client.get(second.url).content.decode()
    # Editors can edit and republish it like their own.
    second.title = "محاكمة خلية التجسس تبدأ"
    second.save_revision().publish()
    assert article_search(query="تبدأ").hits[0].article.pk == second.pk
    # Wagtail's admin search finds it too.
    assert ArticlePage.objects.search("محاكمة").count() >= 1


def test_idempotent_by_external_id_and_creates_missing_sections(tmp_path, home):
    path = write(tmp_path, [record(n) for n in range(30)], gz=True)
    out, _ = run(path, no_progress=True, batch_size=7)
    assert "Imported 30 articles" in out and "economy" in out
    out, _ = run(path, no_progress=True)
    assert "Imported 0 articles; skipped 30 already imported" in out
    assert ArticlePage.objects.count() == 30
    economy = SectionPage.objects.get(slug="economy")
    assert economy.get_children().count() == 30 and economy.numchild == 30
    # Paths stay valid when an editor adds a story after an import.
    later = ArticlePageFactory(parent=economy, title="بعد الاستيراد")
    assert later.path > max(
        economy.get_children().exclude(pk=later.pk).values_list("path", flat=True)
    )
    assert article_search(query="مستورد").count == 30


def test_same_title_gets_distinct_slugs(tmp_path, home):
    path = write(tmp_path, [record(n, title="عنوان واحد") for n in range(3)])
    run(path, no_progress=True)
    slugs = set(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == {"عنوان-واحد", "عنوان-واحد-2", "عنوان-واحد-3"}


def test_broken_lines_are_reported_and_skipped(tmp_path, home):
    rows = [
        record(1),
        "{not json",
        json.dumps({"title": "بلا معرف"}),
        json.dumps(record(2, published_at="أمس")),
        json.dumps(record(3, title="   ")),
        "[1, 2]",
        "",
        record(4),
    ]
    out, err = run(write(tmp_path, rows), no_progress=True)
    assert "Imported 2 articles" in out and "5 broken lines" in out
    assert "line 2: The line is not valid JSON" in err
    assert "line 3: Missing fields: external_id, body, section, published_at." in err
    assert "line 4: The publication date" in err
    assert "line 5: The field “title” is empty." in err
    assert "line 6: The line is not a JSON object." in err


def test_missing_file_is_a_clear_error(tmp_path, home):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nope.jsonl")
