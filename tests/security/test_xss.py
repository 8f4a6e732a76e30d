"""The XSS corpus (xss_payloads.py) through every way text gets into a page.

Comments (form view and API), article fields written by editors (plain fields
and rich text through the admin's Draftail converter), articles imported from
JSON Lines and from a WordPress export, and search queries. Every page that
shows them must contain no executable markup and no payload unescaped.
"""

import json

import pytest
from django.core.management import call_command

from khabar.comments import moderation
from khabar.comments.forms import rendered_token
from khabar.comments.models import Comment
from khabar.comments.spam import Thresholds
from khabar.news.models import ArticlePage
from tests.factories.news import ArticlePageFactory, AuthorFactory

from .xss_payloads import (
    JS,
    PAYLOADS,
    SHORT,
    assert_no_payload_executable,
    executable_markup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_comments(settings, monkeypatch):
    """No rate limit or time trap, and every comment published at once."""
    settings.KHABAR_COMMENTS_RATE_PER_IP = 0
    settings.KHABAR_COMMENTS_RATE_PER_EMAIL = 0
    settings.KHABAR_COMMENTS_TIME_TRAP = False
    monkeypatch.setattr(
        moderation.moderator, "thresholds", lambda: Thresholds(1000, 1000)
    )


def _pages(client, *urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


# --- Comments ------------------------------------------------------------------------


def post_comments(client, article):
    """Every payload as a comment body, once through each path; short ones as names."""
    sent = 0
    for n, payload in enumerate(PAYLOADS):
        name = payload if payload in SHORT else f"قارئ {n}"
        form = client.post(
            f"/comments/post/{article.pk}/",
            {
                "author_name": name,
                "author_email": f"f{n}@mail.example",
                "body": payload,
                "rendered": rendered_token(at=0),
            },
            HTTP_ACCEPT="application/json",
        )
        assert form.status_code == 201, form.content[:300]
        # The JavaScript path inserts this HTML into the page as it is.
        assert_no_payload_executable(form.json().get("html", ""), f"form JSON #{n}")
        api = client.post(
            f"/api/articles/{article.pk}/comments/",
            data=json.dumps(
                {
                    "author_name": name,
                    "author_email": f"a{n}@mail.example",
                    "body": payload,
                    "rendered": rendered_token(at=0),
                }
            ),
            content_type="application/json",
        )
        assert api.status_code == 201, api.content[:300]
        assert_no_payload_executable(
            api.json()["comment"]["body_html"], f"API body_html #{n}"
        )
        sent += 2
    return sent


def test_comment_payloads_are_stored_and_shown_inert(client, section, open_comments):
    article = ArticlePageFactory(parent=section, title="خبر للتعليقات")
    sent = post_comments(client, article)
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == sent
    # Stored exactly as typed (escaping happens on output, not by mangling input).
    assert set(Comment.objects.values_list("body", flat=True)) == {
        p.strip() for p in PAYLOADS
    }
    for url, html in _pages(client, article.url):
        assert_no_payload_executable(html, url)
        assert html.count('class="comment__body"') == sent
    listing = client.get(f"/api/articles/{article.pk}/comments/")
    assert listing["Content-Type"] == "application/json"
    for comment in listing.json()["comments"]:
        assert_no_payload_executable(comment["body_html"], "API list")


def test_comment_website_field_never_becomes_a_script_link(
    client, section, open_comments
):
    article = ArticlePageFactory(parent=section)
    urls = [
        f"javascript:{JS}",
        f" JaVaScRiPt:{JS}",
        "data:text/html;base64,PHNjcmlwdD4=",
        f'https://ok.example/" onmouseover="{JS}',
        f"//evil.example/<script>{JS}</script>",
    ]
    for n, url in enumerate(urls):
        client.post(
            f"/comments/post/{article.pk}/",
            {
                "author_name": "قارئ",
                "author_email": f"w{n}@mail.example",
                "author_url": url,
                "body": f"تعليق رقم {n}",
                "rendered": rendered_token(at=0),
            },
        )
    for url, html in _pages(client, article.url):
        assert_no_payload_executable(html, url)
    for website in Comment.objects.values_list("author_url", flat=True):
        assert website == "" or website.startswith(("https://", "http://"))


# --- Articles written by editors -----------------------------------------------------


def editor_rich_text(text: str, url: str) -> str:
    """What the admin's Draftail widget stores for a paragraph: ``text`` in bold
    followed by a link to ``url``, converted exactly as the page editor does."""
    block = ArticlePage.body.field.stream_block.child_blocks["paragraph"]
    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "text": f"{text} رابط",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [
                    {"offset": 0, "length": len(text), "style": "BOLD"}
                ],
                "entityRanges": [{"offset": len(text) + 1, "length": 4, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
        },
    }
    return block.field.widget.value_from_datadict(
        {"p": json.dumps(contentstate)}, {}, "p"
    )


def test_editor_fields_with_payloads_render_inert(client, section, publish):
    from wagtail.rich_text import RichText

    author = AuthorFactory(name=f"<img src=x onerror={JS}>")
    articles = []
    for n, payload in enumerate(PAYLOADS):
        stored = editor_rich_text(payload, f"javascript:{JS}" if n % 2 else payload)
        assert not executable_markup(stored), stored
        article = ArticlePageFactory(
            parent=section,
            title=payload[:255],
            slug=f"xss-{n}",
            kicker=payload[:120],
            lead=payload,
            byline=payload[:200],
            body=[
                ("heading", payload[:200]),
                ("paragraph", RichText(stored)),
                ("quote", {"text": payload, "attribution": payload[:200]}),
            ],
        )
        article.authors.add(author)
        articles.append(publish(article))
    urls = ["/", section.url, *(a.url for a in articles)]
    urls += ["/feeds/rss/", "/sitemap.xml"]
    for url, html in _pages(client, *urls):
        if url.startswith(("/feeds/", "/sitemap")):
            continue  # XML: checked below for well-formedness only
        assert_no_payload_executable(html, url)
    from xml.etree import ElementTree

    ElementTree.fromstring(client.get("/feeds/rss/").content)  # noqa: S314


# --- Imported articles ---------------------------------------------------------------


def test_imported_jsonl_bodies_render_inert(client, home, tmp_path):
    lines = []
    for n, payload in enumerate(PAYLOADS):
        lines.append(
            {
                "external_id": f"xss-{n}",
                "title": payload,
                "lead": payload,
                "body": f"<p>مقدمة {n}</p>{payload}<p>خاتمة</p>",
                "section": "اختبار",
                "published_at": "2024-05-01T09:00:00+00:00",
                "author": payload[:150],
                "tags": [payload[:100]],
            }
        )
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines),
        encoding="utf-8",
    )
    call_command("import_articles", str(source), verbosity=0)
    imported = list(ArticlePage.objects.filter(external_id__startswith="xss-"))
    assert len(imported) == len(PAYLOADS)
    urls = ["/", imported[0].get_parent().url, *(a.url for a in imported)]
    urls.append("/search/?q=" + "مقدمة")
    for url, html in _pages(client, *urls):
        assert_no_payload_executable(html, url)


def wxr(payloads: list[str]) -> str:
    items = []
    for n, payload in enumerate(payloads, start=1):
        items.append(
            f"""<item><title><![CDATA[{payload}]]></title>
<link>https://wp.example/?p={n}</link><pubDate>Wed, 01 May 2013 07:00:00 +0000</pubDate>
<dc:creator><![CDATA[editor]]></dc:creator><guid isPermaLink="false">https://wp.example/?p={n}</guid>
<description></description>
<content:encoded><![CDATA[فقرة أولى.

{payload}

فقرة أخيرة <a href="javascript:{JS}">رابط</a>.]]></content:encoded>
<excerpt:encoded><![CDATA[{payload}]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date><![CDATA[2013-05-01 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2013-05-01 07:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:post_name><![CDATA[post-{n}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[post]]></wp:post_type><wp:post_password><![CDATA[]]></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="news"><![CDATA[أخبار]]></category>
<wp:comment><wp:comment_id>{n}</wp:comment_id>
<wp:comment_author><![CDATA[{payload[:100]}]]></wp:comment_author>
<wp:comment_author_email><![CDATA[c{n}@mail.example]]></wp:comment_author_email>
<wp:comment_author_url>javascript:{JS}</wp:comment_author_url>
<wp:comment_date><![CDATA[2013-05-01 11:15:00]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[2013-05-01 08:15:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[{payload}]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
</item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>موقع قديم</title><link>https://wp.example</link><language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://wp.example</wp:base_site_url>
<wp:base_blog_url>https://wp.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[editor]]></wp:author_login>
<wp:author_email><![CDATA[editor@wp.example]]></wp:author_email>
<wp:author_display_name><![CDATA[<svg onload={JS}>]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename>
<wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[أخبار]]></wp:cat_name></wp:category>
{"".join(items)}
</channel></rss>"""


def wordpress_payloads() -> list[str]:
    # CDATA cannot hold "]]>"; none of the payloads does.
    assert not any("]]>" in p for p in PAYLOADS)
    return PAYLOADS


def test_imported_wordpress_posts_and_comments_render_inert(client, home, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(wxr(wordpress_payloads()), encoding="utf-8")
    call_command("import_wordpress", str(export), verbosity=0)
    imported = list(ArticlePage.objects.live().exclude(external_id=None))
    assert len(imported) == len(PAYLOADS)
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == len(
        PAYLOADS
    )
    urls = ["/", *(a.url for a in imported)]
    for url, html in _pages(client, *urls):
        assert_no_payload_executable(html, url)


# --- Search ----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_queries_are_echoed_inert(client, home, payload):
    from urllib.parse import quote

    html = client.get("/search/?q=" + quote(payload)).content.decode()
    assert_no_payload_executable(html, f"/search/?q={payload[:30]}")
    api = client.get("/api/search/?q=" + quote(payload))
    assert api.status_code in (200, 400)
    assert api["Content-Type"].startswith("application/json")
    assert api["X-Content-Type-Options"] == "nosniff"


def test_payload_corpus_is_large_and_the_checker_catches_each():
    """The checker is not vacuous: fed raw, every payload with markup is caught."""
    assert len(PAYLOADS) >= 30
    with_markup = [p for p in PAYLOADS if "<" in p and "&lt;" not in p]
    # In a page, an unclosed tag runs on to the next ">": check it so.
    missed = {p for p in with_markup if not executable_markup(p + ">")}
    # Python's parser does not mutate these the way a browser does (mXSS) or
    # they are harmless as text; the raw-payload check and the browser test
    # cover them.
    assert missed == {
        "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
        '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
        "\u202etpircs/<window.__xss=1>tpircs<\u202c مرحبا",
    }
