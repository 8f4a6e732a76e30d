"""Behaviour of ``manage.py import_wordpress`` as an editor and a reader see it."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parent / "fixtures"
BASIC = FIXTURES / "basic.xml"
SUMMIT_SLUG = "مؤتمر-القمة-العربية"


def run(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, verbosity=0)
    return out.getvalue()


def article(wp_id: int):
    from khabar.news.models import ArticlePage

    return ArticlePage.objects.get(external_id=f"wp:akhbar.example.com:{wp_id}")


def snapshot() -> dict[str, int]:
    """Row counts of everything an import may write."""
    from taggit.models import Tag
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images.models import Image
    from wagtail.models import Page, PageViewRestriction, Revision, WorkflowState

    from khabar.comments.models import Comment
    from khabar.importers.models import WordPressObject
    from khabar.news.models import Author

    models = [Page, Revision, Redirect, Image, Tag, Author, WordPressObject,
              PageViewRestriction, WorkflowState, Comment]  # fmt: skip
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def imported(db, home):
    return run(BASIC)


# --------------------------------------------------------------------------
# Sections, articles, statuses
# --------------------------------------------------------------------------


def test_categories_become_nested_sections_with_arabic_slugs(imported, home):
    from khabar.news.models import SectionPage

    news = SectionPage.objects.child_of(home).get(slug="أخبار")
    economy = SectionPage.objects.child_of(news).get(slug="اقتصاد")
    local = SectionPage.objects.child_of(economy).get(slug="اقتصاد-محلي")
    assert (news.title, news.intro, news.live) == ("أخبار", "كل الأخبار", True)
    assert local.title == "اقتصاد محلي"
    assert news.show_in_menus and not economy.show_in_menus


def test_published_post_keeps_its_content_dates_and_metadata(imported):
    page = article(101)
    assert page.title == "انطلاق مؤتمر القمة العربية"
    assert page.slug == SUMMIT_SLUG
    assert page.live and page.live_revision_id == page.latest_revision_id
    assert page.get_parent().slug == "اقتصاد-محلي"  # the most specific category
    assert page.lead == "ملخص: انطلاق القمة."
    assert page.published_at == datetime(2013, 5, 1, 7, 0, tzinfo=UTC)
    assert page.first_published_at == page.published_at
    assert page.last_published_at == datetime(2013, 5, 2, 9, 30, tzinfo=UTC)
    assert page.featured  # sticky
    assert page.comments_open
    assert sorted(t.name for t in page.tags.all()) == ["Summit", "عاجل"]
    assert [a.name for a in page.authors.all()] == ["محرر الأخبار"]
    kinds = [block.block_type for block in page.body]
    assert kinds[:2] == ["paragraph", "external_image"]
    assert "embed" in kinds
    embed = next(b for b in page.body if b.block_type == "embed")
    assert embed.value["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    # [pullquote] is unknown: reduced to its text.
    assert any("القمة فرصة للحوار" in str(b.value) for b in page.body)


def test_sticky_post_leads_the_home_page(imported, home):
    home.refresh_from_db()
    assert home.lead_article_id == article(101).pk


def test_draft_and_pending_are_unpublished_and_pending_awaits_review(imported):
    draft, pending = article(102), article(103)
    for page in (draft, pending):
        assert not page.live
        assert page.latest_revision_id is not None
        assert page.has_unpublished_changes
        assert page.published_at is None
    assert draft.current_workflow_state is None
    assert pending.current_workflow_state is not None
    assert pending.current_workflow_state.status == "in_progress"


def test_future_post_is_scheduled_for_its_date(imported):
    page = article(104)
    assert not page.live
    assert page.go_live_at == datetime(2030, 3, 1, 5, 0, tzinfo=UTC)
    assert page.latest_revision.approved_go_live_at == page.go_live_at


def test_private_post_is_kept_for_logged_in_users_only(imported, client):
    from wagtail.models import PageViewRestriction

    from khabar.news.selectors import article_list_published

    page = article(105)
    assert page.live
    restriction = PageViewRestriction.objects.get(page=page)
    assert restriction.restriction_type == PageViewRestriction.LOGIN
    assert page not in article_list_published()
    response = client.get(page.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_page_and_plumbing_items_are_not_articles(imported, client):
    from khabar.news.models import ArticlePage

    assert ArticlePage.objects.filter(external_id__startswith="wp:").count() == 5
    # The WordPress page is a static page at its old (Arabic) path.
    response = client.get("/" + quote("من-نحن") + "/")
    assert response.status_code == 200
    assert "نحن فريق من الصحفيين." in response.content.decode()


def test_report_counts_every_kind_and_shortcode(imported):
    lines = {line.split()[0]: line.split()[1:] for line in imported.splitlines()[1:10]
             if line and line[0] != " "}  # fmt: skip
    assert lines["post"][:2] == ["5", "0"]
    assert lines["section"][0] == "5"
    assert lines["author"][0] == "2"
    assert "shortcode:pullquote: 1" in imported
    assert "shortcode:caption: 1" in imported
    assert "featured image was kept as a reference" in imported


# --------------------------------------------------------------------------
# Old URLs keep working
# --------------------------------------------------------------------------


def _lands_on(client, url: str, page) -> None:
    response = client.get(url)
    assert response.status_code == 301, (url, response.status_code)
    assert unquote(response["Location"]) == unquote(page.url)


def test_query_string_link_lands_on_the_article(imported, client):
    _lands_on(client, "/?p=101", article(101))
    _lands_on(client, "/?p=101&utm_source=x", article(101))
    assert client.get("/?p=999999").status_code == 200  # the home page, as before


def test_percent_encoded_arabic_permalink_lands_on_the_article(imported, client):
    path = "/2013/05/01/" + quote(SUMMIT_SLUG) + "/"
    _lands_on(client, path, article(101))
    _lands_on(client, path.upper().replace("/2013", "/2013"), article(101))
    _lands_on(client, "/2013/05/01/" + SUMMIT_SLUG + "/", article(101))
    # The attachment page of its image lands on the article too.
    _lands_on(client, "/2013/05/01/" + quote(SUMMIT_SLUG) + "/summit/", article(101))


def test_category_archives_and_feeds_land_on_sections(imported, client, home):
    from khabar.news.models import SectionPage

    local = SectionPage.objects.get(slug="اقتصاد-محلي")
    nested = "/category/" + "/".join(
        quote(s) for s in ("أخبار", "اقتصاد", "اقتصاد-محلي")
    )
    _lands_on(client, nested + "/", local)
    _lands_on(client, "/category/" + quote("اقتصاد-محلي") + "/", local)
    _lands_on(client, "/?cat=5", local)
    feed = client.get(nested + "/feed/")
    assert feed.status_code == 301
    assert feed["Location"] == f"/feeds/sections/{local.pk}/rss/"
    assert client.get("/feed/")["Location"] == "/feeds/rss/"
    assert client.get("/feed/atom/")["Location"] == "/feeds/atom/"
    assert client.get("/?feed=rss2")["Location"] == "/feeds/rss/"


def test_tag_archive_lands_on_a_search_for_the_tag(imported, client):
    response = client.get("/tag/" + quote("عاجل") + "/")
    assert response.status_code == 301
    assert unquote(response["Location"]) == "/search/?q=عاجل"
    assert unquote(client.get("/?tag=summit")["Location"]) == "/search/?q=Summit"


def test_unknown_old_url_is_still_a_404(imported, client):
    assert client.get("/2013/05/01/no-such-post/").status_code == 404


# --------------------------------------------------------------------------
# Idempotency, updates, dry run
# --------------------------------------------------------------------------


def test_running_the_same_export_again_changes_nothing(imported):
    before = snapshot()
    revisions = article(101).latest_revision_id
    report = run(BASIC)
    assert snapshot() == before
    assert article(101).latest_revision_id == revisions
    post_line = next(line for line in report.splitlines() if line.startswith("post "))
    assert post_line.split()[1:4] == ["0", "0", "5"]


def _edited_export(tmp_path: Path) -> Path:
    text = BASIC.read_text(encoding="utf-8")
    text = text.replace(
        "<title><![CDATA[انطلاق مؤتمر القمة العربية]]></title>",
        "<title><![CDATA[انطلاق القمة العربية في يومها الأول]]></title>",
    ).replace("2013-05-02 09:30:00", "2013-05-03 10:00:00")
    text = text.replace(
        "<wp:status><![CDATA[draft]]></wp:status>",
        "<wp:status><![CDATA[publish]]></wp:status>",
    ).replace(
        "<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>\n"
        "\t\t<wp:post_modified><![CDATA[2013-05-03 09:00:00]]>",
        "<wp:post_date_gmt><![CDATA[2013-05-03 06:00:00]]></wp:post_date_gmt>\n"
        "\t\t<wp:post_modified><![CDATA[2013-05-03 09:00:00]]>",
    )
    path = tmp_path / "newer.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_newer_export_updates_what_changed(imported, tmp_path, client):
    from khabar.news.models import ArticlePage

    old_revision = article(101).latest_revision_id
    count = ArticlePage.objects.count()
    report = run(_edited_export(tmp_path))
    page = article(101)
    assert page.title == "انطلاق القمة العربية في يومها الأول"
    assert page.latest_revision_id != old_revision
    assert page.live_revision_id == page.latest_revision_id
    assert page.last_published_at == datetime(2013, 5, 3, 10, 0, tzinfo=UTC)
    draft = article(102)
    assert draft.live and draft.published_at == datetime(2013, 5, 3, 6, 0, tzinfo=UTC)
    assert ArticlePage.objects.count() == count
    post_line = next(line for line in report.splitlines() if line.startswith("post "))
    assert post_line.split()[1:4] == ["0", "2", "3"]
    _lands_on(client, "/?p=101", page)


def test_an_article_edited_in_khabar_is_not_overwritten(imported, tmp_path):
    from khabar.news.services import article_publish

    page = article(101)
    page.title = "عنوان المحرر"
    article_publish(article=page)
    report = run(_edited_export(tmp_path))
    assert article(101).title == "عنوان المحرر"
    assert "edited in Khabar since it was imported" in report


def test_dry_run_reports_and_writes_nothing(db, home):
    before = snapshot()
    report = run(BASIC, "--dry-run")
    assert snapshot() == before
    post_line = next(line for line in report.splitlines() if line.startswith("post "))
    assert post_line.split()[1] == "5"
    assert "Dry run: nothing was written." in report


def test_since_only_imports_recent_posts(db, home):
    from khabar.news.models import ArticlePage

    report = run(BASIC, "--since", "2013-05-03")
    ids = set(ArticlePage.objects.values_list("external_id", flat=True))
    assert "wp:akhbar.example.com:101" not in ids
    assert {"wp:akhbar.example.com:102", "wp:akhbar.example.com:104"} <= ids
    assert "It has not changed since --since." in report


def test_bad_since_is_a_clear_error(db, home):
    with pytest.raises(CommandError, match="is not a date"):
        run(BASIC, "--since", "yesterday")


# --------------------------------------------------------------------------
# Broken input
# --------------------------------------------------------------------------


def test_broken_records_are_reported_with_ids_and_skipped(db, home, tmp_path):
    from khabar.news.models import ArticlePage

    report_file = tmp_path / "report.json"
    report = run(FIXTURES / "broken_records.xml", "--report-json", str(report_file))
    ids = set(ArticlePage.objects.values_list("external_id", flat=True))
    assert ids == {"wp:broken.example.com:504", "wp:broken.example.com:505"}
    data = json.loads(report_file.read_text(encoding="utf-8"))
    skipped = {(n["kind"], i) for n in data["skipped"] for i in n["ids"]}
    assert ("post", "502") in skipped  # impossible date
    assert ("post", "503") in skipped  # product
    assert any(kind == "post" and "item #1" in i for kind, i in skipped)  # no id
    assert ("comment", "post 504 comment #1") in skipped
    assert "is not a valid date" in report
    # HTML soup: nothing executable survives.
    soup = article_body_html(ArticlePage.objects.get(external_id__endswith=":504"))
    assert "<script" not in soup and "javascript:" not in soup and "onclick" not in soup
    assert "Unclosed" in soup


def article_body_html(page) -> str:
    return "".join(str(block.value) for block in page.body)


def test_untitled_post_gets_a_title_from_its_text(db, home):
    run(FIXTURES / "broken_records.xml")
    from khabar.news.models import ArticlePage

    page = ArticlePage.objects.get(external_id="wp:broken.example.com:504")
    assert page.title.startswith("Unclosed")


def test_a_file_that_is_not_an_export_is_one_clear_error(db, home):
    before = snapshot()
    with pytest.raises(
        CommandError, match="not a WordPress export|without the WordPress"
    ):
        run(FIXTURES / "not_wxr.xml")
    assert snapshot() == before


def test_a_missing_file_is_one_clear_error(db, home, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nope.xml")


def test_a_truncated_export_imports_what_it_can_then_fails(db, home):
    from khabar.news.models import ArticlePage

    with pytest.raises(CommandError, match="could not be read to the end"):
        run(FIXTURES / "truncated.xml")
    assert ArticlePage.objects.filter(external_id__startswith="wp:").exists()


def test_wxr_1_1_blog_in_a_subfolder(db, home, client):
    from khabar.news.models import ArticlePage

    run(FIXTURES / "wxr_1_1.xml")
    page = ArticlePage.objects.get(external_id="wp:old.example.com:11")
    assert page.get_parent().slug == "رياضة"
    assert [t.name for t in page.tags.all()] == ["الخليج"]
    _lands_on(client, "/blog/?p=11", page)


# --------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------


def _jpeg(path: Path, colour=(200, 30, 30)) -> None:
    from PIL import Image as PILImage

    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (32, 24), colour).save(path, format="JPEG")


def test_uploads_are_copied_once_into_wagtail_images(db, home, tmp_path):
    from wagtail.images.models import Image

    uploads = tmp_path / "wp-content" / "uploads"
    _jpeg(uploads / "2013" / "05" / "summit.jpg")
    report = run(BASIC, "--uploads", str(tmp_path))  # the site folder works too
    page = article(101)
    assert page.image is not None
    assert (page.image.width, page.image.height) == (32, 24)
    assert page.image_caption == "قاعة المؤتمر قبل الافتتاح"
    images = [b for b in page.body if b.block_type == "image"]
    assert images and images[0].value["image"].pk == page.image.pk
    assert images[0].value["caption"] == "قاعة المؤتمر قبل الافتتاح"
    assert Image.objects.count() == 1
    assert page.image.collection.name == "WordPress"
    assert "featured image was kept as a reference" not in report
    run(BASIC, "--uploads", str(uploads))
    assert Image.objects.count() == 1


def test_an_export_cannot_read_files_outside_the_uploads_folder(db, home, tmp_path):
    from wagtail.images.models import Image

    uploads = tmp_path / "uploads"
    uploads.mkdir()
    _jpeg(tmp_path / "secret.jpg")
    text = BASIC.read_text(encoding="utf-8").replace(
        "<wp:meta_value><![CDATA[2013/05/summit.jpg]]></wp:meta_value>",
        "<wp:meta_value><![CDATA[../secret.jpg]]></wp:meta_value>",
    )
    export = tmp_path / "evil.xml"
    export.write_text(text, encoding="utf-8")
    report = run(export, "--uploads", str(uploads))
    assert Image.objects.count() == 0
    assert "not found under --uploads" in report


def test_without_uploads_images_stay_on_the_old_site(imported):
    page = article(101)
    assert page.image is None
    first = page.body[0] if page.body[0].block_type != "paragraph" else page.body[1]
    assert first.block_type == "external_image"
    assert first.value["url"].startswith(
        "https://akhbar.example.com/wp-content/uploads/"
    )


# --------------------------------------------------------------------------
# Authors and users
# --------------------------------------------------------------------------


def test_editor_accounts_only_when_asked(db, home):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    run(BASIC)
    assert not User.objects.filter(username="sara").exists()
    run(BASIC, "--create-users")
    sara = User.objects.get(username="sara")
    assert sara.email == "sara@akhbar.example.com"
    assert not sara.has_usable_password()
    assert sara.groups.filter(name="الكتّاب").exists()


# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------


def _comments():
    from khabar.comments.models import Comment
    from khabar.importers.models import WordPressObject

    rows = WordPressObject.objects.filter(kind="comment")
    by_pk = Comment.objects.in_bulk([r.object_id for r in rows])
    return {int(r.wp_key): by_pk[r.object_id] for r in rows}


def test_comments_keep_status_threading_and_dates(imported):
    comments = _comments()
    assert set(comments) == {1, 2, 3, 4, 5}  # 6 is a pingback
    assert {k: c.status for k, c in comments.items()} == {
        1: "approved",
        2: "approved",
        3: "pending",
        4: "spam",
        5: "trash",
    }
    assert comments[2].parent == comments[1] and comments[3].parent == comments[2]
    assert [comments[k].depth for k in (1, 2, 3)] == [1, 2, 3]
    assert comments[5].parent == comments[1]
    assert comments[1].created_at == datetime(2013, 5, 1, 8, 15, tzinfo=UTC)
    assert comments[1].article_id == article(101).pk
    assert comments[2].is_staff_reply  # written by the WordPress user sara
    assert "Pingbacks and trackbacks" in imported


def test_commenter_emails_stay_private_and_old_ips_are_not_kept(imported, client):
    comments = _comments()
    assert comments[1].author_email == "ahmad@example.org"  # for moderators
    assert comments[1].email_hash and "ahmad" not in comments[1].email_hash
    assert all(c.ip_address is None and not c.ip_hash for c in comments.values())
    html = client.get(article(101).url).content.decode()
    assert "خبر مهم، شكراً." in html
    assert "ahmad@example.org" not in html and "203.0.113.7" not in html
    assert "ahmad@example.org" not in imported


def test_spam_and_approved_comments_train_the_filter_once(db, home):
    from khabar.comments.models import SpamModel

    before = SpamModel.objects.values_list("version", flat=True).first() or 0
    run(BASIC)
    comments = _comments()
    assert comments[4].trained_as == "spam" and comments[1].trained_as == "ham"
    assert comments[2].trained_as == ""  # staff replies teach nothing
    assert comments[3].trained_as == ""  # pending: nobody decided yet
    version = SpamModel.objects.get().version
    assert version > before
    run(BASIC)
    assert SpamModel.objects.get().version == version


def test_a_newer_export_updates_a_comment_status(imported, tmp_path):
    text = BASIC.read_text(encoding="utf-8").replace(
        "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
    )
    newer = tmp_path / "newer.xml"
    newer.write_text(text, encoding="utf-8")
    count = len(_comments())
    run(newer)
    comments = _comments()
    assert len(comments) == count
    assert comments[3].status == "approved" and comments[3].trained_as == "ham"


def test_dry_run_with_uploads_copies_no_file(db, home, tmp_path, settings):
    uploads = tmp_path / "uploads"
    _jpeg(uploads / "2013" / "05" / "summit.jpg")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    before = snapshot()
    report = run(BASIC, "--dry-run", "--uploads", str(uploads))
    assert snapshot() == before
    assert not (tmp_path / "media").exists() or not any(
        (tmp_path / "media").rglob("*.jpg")
    )
    image_line = next(line for line in report.splitlines() if line.startswith("image "))
    assert image_line.split()[1] == "1"  # would be created


# --------------------------------------------------------------------------
# One pass over the file: attachments written after the posts using them
# --------------------------------------------------------------------------


def test_posts_that_wait_too_long_for_an_attachment_are_read_again(
    db, home, client, monkeypatch
):
    # Past the waiting limit a post is read a second time at the end, and is
    # imported exactly as if its attachment had come first.
    from khabar.importers.wordpress import loader

    monkeypatch.setattr(loader, "WAITING_POSTS", 0)
    report = run(BASIC)
    page = article(101)
    first = page.body[0] if page.body[0].block_type != "paragraph" else page.body[1]
    assert first.block_type == "external_image"
    assert first.value["alt"] == "قاعة المؤتمر"
    _lands_on(client, "/2013/05/01/" + quote(SUMMIT_SLUG) + "/summit/", page)
    assert "No imported post uses" not in report


def test_attachment_read_after_its_post_was_imported_still_redirects(
    db, home, client, monkeypatch, tmp_path
):
    # A post that does not show its attachment is imported before the
    # attachment is read (one post per batch here); the attachment's old page
    # must still land on the post.
    from khabar.importers.wordpress import loader

    monkeypatch.setattr(loader, "BATCH_SIZE", 1)
    text = BASIC.read_text(encoding="utf-8")
    text = text.replace("wp-image-201", "wp-image-x").replace(
        'id="attachment_201"', 'id="x"'
    )
    text = text.replace("<wp:meta_value><![CDATA[201]]>", "<wp:meta_value><![CDATA[]]>")
    text = text.replace('[gallery ids="201,202,203"]', "")
    export = tmp_path / "late.xml"
    export.write_text(text, encoding="utf-8")
    late = []
    arrived = loader._Importer._attachment_arrived

    def spy(importer, record):
        late.append(importer._done_posts.get(record.parent_id))
        arrived(importer, record)

    monkeypatch.setattr(loader._Importer, "_attachment_arrived", spy)
    report = run(export)
    assert late == [article(101).pk]  # the post was in before its attachment
    _lands_on(client, "/2013/05/01/" + quote(SUMMIT_SLUG) + "/summit/", article(101))
    _lands_on(client, "/?attachment_id=201", article(101))
    assert "No imported post uses" not in report


def test_index_text_is_what_wagtail_reads_from_every_imported_body(imported):
    """The importer (and every publish) reads a body's searchable text from its
    raw blocks; it must be exactly Wagtail's own answer for each one."""
    from khabar.news.models import ArticlePage
    from khabar.search.indexing import stream_searchable_content

    field = ArticlePage._meta.get_field("body")
    bodies = [page.body for page in ArticlePage.objects.all()]
    assert len(bodies) >= 5
    kinds = {block.block_type for body in bodies for block in body}
    assert {"paragraph", "external_image", "embed"} <= kinds
    for body in bodies:
        assert stream_searchable_content(body) == field.get_searchable_content(body)


def _everything_imported() -> dict:
    """What an import wrote, keyed by WordPress ids and paths (not by row ids,
    which a rolled-back PostgreSQL sequence does not give back)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page

    from khabar.comments.models import Comment
    from khabar.news.models import ArticlePage
    from khabar.search.models import SearchDocument

    def blocks(body) -> list:  # without the blocks' random ids
        return [{k: v for k, v in b.items() if k != "id"} for b in body.raw_data]

    articles = {
        a.external_id: (a.title, a.slug, a.lead, blocks(a.body))
        for a in ArticlePage.objects.all()
    }

    def target(redirect) -> str:
        if redirect.redirect_page:
            return redirect.redirect_page.url_path
        link = redirect.redirect_link  # section feeds are linked by page id
        feed = re.fullmatch(r"/feeds/sections/(\d+)/rss/", link)
        return Page.objects.get(pk=feed[1]).url_path + "feed" if feed else link

    redirects = sorted(
        (r.old_path, target(r))
        for r in Redirect.objects.select_related("redirect_page")
    )
    comments = sorted(
        (c.article.specific.external_id, c.body, c.status)
        for c in Comment.objects.all()
    )
    documents = sorted(
        (d.page.specific.external_id, d.title_terms, d.body_terms)
        for d in SearchDocument.objects.all()
    )
    return {"articles": articles, "redirects": redirects, "comments": comments,
            "documents": documents}  # fmt: skip


def test_reading_the_export_in_a_second_process_imports_the_same(db, home, monkeypatch):
    from django.db import transaction

    from khabar.importers.wordpress import pipeline

    class Rollback(Exception):
        pass

    started = []
    popen = pipeline.subprocess.Popen

    def spy(*args, **kwargs):
        started.append(args)
        return popen(*args, **kwargs)

    monkeypatch.setattr(pipeline.subprocess, "Popen", spy)
    results = []
    for min_bytes in (0, 10**12):  # the child for any size; then never
        monkeypatch.setattr(pipeline, "MIN_BYTES", min_bytes)
        monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
        with pytest.raises(Rollback), transaction.atomic():
            report = run(BASIC)
            results.append((report, _everything_imported()))
            raise Rollback
    assert len(started) == 1
    (child_report, child), (own_report, own) = results
    for key in own:
        assert child[key] == own[key], set(child[key]) ^ set(own[key])
    assert child_report == own_report
    assert len(child["articles"]) >= 5 and child["comments"] and child["redirects"]
