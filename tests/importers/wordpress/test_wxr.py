"""Tests for the streaming WXR parser (pure: no Django, no database)."""

from __future__ import annotations

import io
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from khabar.importers.wordpress import wxr

FIXTURES = Path(__file__).parent / "fixtures"


def _wall_clock(*args: int) -> datetime:
    """A naive site-local datetime, as WordPress's post_date is."""
    return datetime(*args, tzinfo=UTC).replace(tzinfo=None)


def _records(name: str) -> list[wxr.Record]:
    return list(wxr.parse(FIXTURES / name))


def _posts(name: str) -> dict[int, wxr.Post]:
    return {r.wp_id: r for r in _records(name) if isinstance(r, wxr.Post)}


# --------------------------------------------------------------------------
# basic.xml (WXR 1.2)
# --------------------------------------------------------------------------


def test_site_comes_first_with_arabic_title():
    site = _records("basic.xml")[0]
    assert site == wxr.Site(
        title="أخبار الصباح",
        link="https://akhbar.example.com",
        description="آخر الأخبار من المنطقة",
        language="ar",
        base_site_url="https://akhbar.example.com",
        base_blog_url="https://akhbar.example.com",
        wxr_version="1.2",
    )


def test_records_come_out_in_document_order():
    kinds = [type(r).__name__ for r in _records("basic.xml")]
    assert (
        kinds
        == (["Site"] + ["Author"] * 2 + ["Category"] * 5 + ["Tag"] * 2 + ["Term"])
        + ["Post"] * 8
    )


def test_authors():
    authors = [r for r in _records("basic.xml") if isinstance(r, wxr.Author)]
    assert authors == [
        wxr.Author(
            login="editor",
            email="editor@akhbar.example.com",
            display_name="محرر الأخبار",
            first_name="محرر",
            last_name="الأخبار",
            wp_id=1,
        ),
        wxr.Author(
            login="sara",
            email="sara@akhbar.example.com",
            display_name="سارة أحمد",
            first_name="سارة",
            last_name="أحمد",
            wp_id=2,
        ),
    ]


def test_nested_categories_have_decoded_arabic_nicenames():
    categories = {
        c.nicename: c for c in _records("basic.xml") if isinstance(c, wxr.Category)
    }
    assert set(categories) == {
        "uncategorized",
        "أخبار",
        "سياسة",
        "اقتصاد",
        "اقتصاد-محلي",
    }
    assert categories["أخبار"].parent is None
    assert categories["أخبار"].description == "كل الأخبار"
    assert categories["سياسة"].parent == "أخبار"
    # Three levels: أخبار > اقتصاد > اقتصاد-محلي
    assert categories["اقتصاد-محلي"].parent == "اقتصاد"
    assert categories["اقتصاد"].parent == "أخبار"
    assert categories["اقتصاد-محلي"].name == "اقتصاد محلي"
    assert categories["اقتصاد-محلي"].term_id == 5


def test_tags_and_other_terms():
    records = _records("basic.xml")
    tags = [r for r in records if isinstance(r, wxr.Tag)]
    assert tags == [
        wxr.Tag(term_id=10, slug="عاجل", name="عاجل", description=""),
        wxr.Tag(
            term_id=11, slug="summit", name="Summit", description="Arab League summits"
        ),
    ]
    terms = [r for r in records if isinstance(r, wxr.Term)]
    assert terms == [
        wxr.Term(
            term_id=20,
            taxonomy="nav_menu",
            slug="main-menu",
            parent=None,
            name="القائمة الرئيسية",
            description="",
        )
    ]


def test_every_post_status_is_kept():
    posts = _posts("basic.xml")
    assert {wp_id: p.status for wp_id, p in posts.items()} == {
        101: "publish",
        102: "draft",
        103: "pending",
        104: "future",
        105: "private",
        201: "inherit",
        301: "publish",
        401: "publish",
    }
    assert {p.post_type for p in posts.values()} == {
        "post",
        "attachment",
        "page",
        "nav_menu_item",
    }


def test_published_post_fields():
    post = _posts("basic.xml")[101]
    assert post.title == "انطلاق مؤتمر القمة العربية"
    assert post.post_name == "مؤتمر-القمة-العربية"  # percent-decoded
    assert post.guid == "https://akhbar.example.com/?p=101"
    assert post.link.startswith("https://akhbar.example.com/2013/05/01/%d9%85")
    assert post.author == "editor"
    assert post.is_sticky is True
    assert post.categories == ("سياسة", "اقتصاد-محلي")
    assert post.tags == ("عاجل", "summit")
    assert post.other_terms == (("post_format", "post-format-video"),)
    assert post.thumbnail_id == 201
    assert post.excerpt == "ملخص: انطلاق القمة."
    assert post.content.startswith("انطلقت صباح اليوم أعمال <strong>")
    assert '[gallery ids="201,202,203"]' in post.content
    assert post.comment_status == "open"
    assert post.parent_id is None
    assert post.postmeta["_edit_last"] == "1"


def test_dates_local_is_naive_and_gmt_is_utc():
    post = _posts("basic.xml")[101]
    assert post.post_date == _wall_clock(2013, 5, 1, 10, 0)
    assert post.post_date.tzinfo is None
    assert post.post_date_gmt == datetime(2013, 5, 1, 7, 0, tzinfo=UTC)
    assert post.modified == _wall_clock(2013, 5, 2, 12, 30)
    assert post.modified_gmt == datetime(2013, 5, 2, 9, 30, tzinfo=UTC)


def test_zero_gmt_date_of_a_draft_means_unset():
    posts = _posts("basic.xml")
    assert posts[102].post_date == _wall_clock(2013, 5, 3, 9, 0)
    assert posts[102].post_date_gmt is None
    assert posts[103].post_date_gmt is None
    assert posts[104].post_date_gmt == datetime(2030, 3, 1, 5, 0, tzinfo=UTC)


def test_only_the_sticky_post_is_sticky():
    assert [p.wp_id for p in _posts("basic.xml").values() if p.is_sticky] == [101]


def test_cdata_split_is_rejoined():
    # WordPress writes a literal "]]>" as "]]]]><![CDATA[>".
    assert "if (a[b[0]]>1)" in _posts("basic.xml")[102].content


def test_attachment():
    attachment = _posts("basic.xml")[201]
    assert attachment.post_type == "attachment"
    assert attachment.post_name == "صورة-المؤتمر"
    assert (
        attachment.attachment_url
        == "https://akhbar.example.com/wp-content/uploads/2013/05/summit.jpg"
    )
    assert attachment.attached_file == "2013/05/summit.jpg"
    assert attachment.image_alt == "قاعة المؤتمر"
    assert attachment.parent_id == 101


def test_page_and_nav_menu_item():
    posts = _posts("basic.xml")
    page = posts[301]
    assert (page.post_type, page.post_name, page.menu_order) == ("page", "من-نحن", 2)
    assert page.postmeta == {"_wp_page_template": "default"}
    item = posts[401]
    assert item.post_type == "nav_menu_item"
    assert item.title == ""
    assert item.other_terms == (("nav_menu", "main-menu"),)
    assert item.postmeta["_menu_item_object_id"] == "301"


def test_threaded_comments_with_statuses_and_pingback():
    comments = {c.wp_id: c for c in _posts("basic.xml")[101].comments}
    assert sorted(comments) == [1, 2, 3, 4, 5, 6]
    # Three levels: 1 → 2 → 3
    assert comments[1].parent_id is None
    assert comments[2].parent_id == 1
    assert comments[3].parent_id == 2
    assert {i: c.status for i, c in comments.items()} == {
        1: "approved",
        2: "approved",
        3: "pending",
        4: "spam",
        5: "trash",
        6: "approved",
    }
    assert {i: c.comment_type for i, c in comments.items()} == {
        1: "comment",
        2: "comment",  # WordPress writes "" for ordinary comments
        3: "comment",
        4: "comment",
        5: "comment",
        6: "pingback",
    }
    first = comments[1]
    assert first.author == "أحمد"
    assert first.author_email == "ahmad@example.org"
    assert first.author_url == "https://ahmad.example.org"
    assert first.author_ip == "203.0.113.7"
    assert first.date == _wall_clock(2013, 5, 1, 11, 15)
    assert first.date_gmt == datetime(2013, 5, 1, 8, 15, tzinfo=UTC)
    assert first.content == "خبر مهم، شكراً."
    assert first.user_id is None
    assert comments[2].user_id == 2


def test_records_are_immutable():
    post = _posts("basic.xml")[101]
    with pytest.raises(AttributeError):
        post.title = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------
# Other dialects and damaged input
# --------------------------------------------------------------------------


def test_wxr_1_1_namespace_is_understood():
    records = _records("wxr_1_1.xml")
    site = records[0]
    assert isinstance(site, wxr.Site)
    assert site.wxr_version == "1.1"
    assert site.base_blog_url == "http://old.example.com/blog"
    category = next(r for r in records if isinstance(r, wxr.Category))
    assert category.nicename == "رياضة"
    tag = next(r for r in records if isinstance(r, wxr.Tag))
    assert tag.slug == "الخليج"
    post = next(r for r in records if isinstance(r, wxr.Post))
    assert post.wp_id == 11
    assert post.post_date_gmt == datetime(2013, 6, 1, 9, 0, tzinfo=UTC)
    # The bare WXR 1.0-style <category> is ignored; domain="tag" is a tag.
    assert post.categories == ("رياضة",)
    assert post.tags == ("الخليج",)
    assert [c.content for c in post.comments] == ["مبروك!"]


def test_broken_records_are_reported_and_the_rest_parsed():
    records = _records("broken_records.xml")
    invalid = [r for r in records if isinstance(r, wxr.InvalidRecord)]
    assert [(r.kind, r.ident) for r in invalid] == [
        ("author", "id 9"),
        ("post", "item #1 ('Post without an id')"),
        ("post", "502"),
        ("comment", "post 504 comment #1"),
        ("comment", "post 504 comment #2"),
    ]
    reasons = {r.ident: r.reason for r in invalid}
    assert (
        reasons["item #1 ('Post without an id')"] == "The record has no <wp:post_id>."
    )
    assert "'2013-13-45 10:00:00'" in reasons["502"]
    assert reasons["502"].endswith("is not a valid date.")
    assert all(r.reason.endswith(".") for r in invalid)

    posts = {r.wp_id: r for r in records if isinstance(r, wxr.Post)}
    assert sorted(posts) == [503, 504, 505]
    # An unknown post type is data, not damage: the loader decides.
    assert posts[503].post_type == "product"
    assert posts[503].other_terms == (("product_cat", "phones"),)
    # Empty title and HTML soup are kept verbatim for the HTML converter.
    assert posts[504].title == ""
    assert "<script>" in posts[504].content
    assert [c.wp_id for c in posts[504].comments] == [73]
    assert posts[505].title == "سليم"


def test_plain_rss_feed_is_rejected():
    with pytest.raises(wxr.WXRError, match="without the WordPress export namespace"):
        _records("not_wxr.xml")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an XML document"),
        (b"PK\x03\x04 zip bytes", "not an XML document"),
        (b"<html><body>Not Found</body></html>", "root element is <html>"),
        (b'<rss version="2.0"></rss>', "without a <channel>"),
        (
            b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            b"<item></wrong></channel></rss>",
            "not well-formed XML",
        ),
    ],
)
def test_non_wxr_input_raises_one_clear_error(tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    with pytest.raises(wxr.WXRError, match=message) as excinfo:
        list(wxr.parse(path))
    assert str(excinfo.value).endswith(".")


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<title>&b;</title></channel></rss>"
    )
    with pytest.raises(wxr.WXRError, match="DTD or entities"):
        list(wxr.parse(path))


def test_missing_file_raises_wxr_error(tmp_path):
    with pytest.raises(wxr.WXRError, match="could not be opened"):
        list(wxr.parse(tmp_path / "nope.xml"))


def test_truncated_file_yields_complete_records_then_raises():
    seen: list[wxr.Record] = []
    with pytest.raises(wxr.WXRError, match="ends abruptly") as excinfo:
        for record in wxr.parse(FIXTURES / "truncated.xml"):
            seen.append(record)
    assert "13 records" in str(excinfo.value)
    assert [r.wp_id for r in seen if isinstance(r, wxr.Post)] == [101, 102]
    assert isinstance(seen[0], wxr.Site)


def test_accepts_a_binary_file_object():
    data = (FIXTURES / "wxr_1_1.xml").read_bytes()
    records = list(wxr.parse(io.BytesIO(data)))
    assert [type(r).__name__ for r in records] == [
        "Site",
        "Author",
        "Category",
        "Tag",
        "Post",
    ]


def test_control_characters_in_content_do_not_break_the_export():
    data = (FIXTURES / "wxr_1_1.xml").read_bytes()
    # A vertical tab and a NUL pasted into a post (XML 1.0 forbids both).
    data = data.replace("فاز الفريق".encode(), "فاز\x0b الفريق\x00".encode())
    post = next(r for r in wxr.parse(io.BytesIO(data)) if isinstance(r, wxr.Post))
    assert post.content.startswith("فاز الفريق.")


def test_site_is_yielded_for_an_empty_export(tmp_path):
    path = tmp_path / "empty-site.xml"
    path.write_text(
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>فارغ</title><wp:wxr_version>1.2</wp:wxr_version>"
        "</channel></rss>",
        encoding="utf-8",
    )
    assert list(wxr.parse(path)) == [
        wxr.Site(
            title="فارغ",
            link="",
            description="",
            language="",
            base_site_url="",
            base_blog_url="",
            wxr_version="1.2",
        )
    ]


# --------------------------------------------------------------------------
# Bounded memory
# --------------------------------------------------------------------------

_HEADER = b"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big</title><wp:wxr_version>1.2</wp:wxr_version>
"""

_ITEM = """<item><title>Post {n}</title><dc:creator>editor</dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date>2013-05-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2013-05-01 07:00:00</wp:post_date_gmt><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_content>{comment}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved></wp:comment>
</item>
"""


def test_memory_stays_bounded_on_a_large_export(tmp_path):
    path = tmp_path / "big.xml"
    body = "<p>" + "نص خبر طويل " * 400 + "</p>"  # ~9 KB of UTF-8 per post
    with path.open("wb") as handle:
        handle.write(_HEADER)
        for n in range(1, 3401):
            handle.write(
                _ITEM.format(n=n, body=body, comment="تعليق " * 20).encode("utf-8")
            )
        handle.write(b"</channel></rss>\n")
    size = path.stat().st_size
    assert size > 30_000_000

    tracemalloc.start()
    try:
        count = 0
        for record in wxr.parse(path):
            if isinstance(record, wxr.Post):
                count += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3400
    # A tree-building parser would need several times the file size; the
    # streaming one needs a few items' worth.
    assert peak < 1_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"
