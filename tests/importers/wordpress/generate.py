"""Write synthetic WXR 1.2 exports of any size (tests and bench/).

Pure standard library; the output follows what WordPress 6.x writes
(``wp-admin/includes/export.php``): channel header, authors, categories (one
level of nesting), tags, then items in id order, attachments after the posts
that use them, percent-encoded Arabic slugs, classic-editor content with a
``[caption]`` and an unknown shortcode now and then, and threaded comments.

    >>> import io
    >>> buffer = io.StringIO()
    >>> write_export(buffer, posts=3)
    >>> buffer.getvalue().count("<wp:post_type><![CDATA[post]]></wp:post_type>")
    3
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO
from urllib.parse import quote

SITE = "https://akhbar.example.com"
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"

_WORDS = (
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد المحلي وتطوير البنية التحتية "
    "في المدن الكبرى وقال الوزير إن المشاريع ستبدأ خلال الأشهر المقبلة بمشاركة "
    "القطاع الخاص والمستثمرين العرب والأجانب في مجالات الطاقة والنقل والتعليم"
).split()

CATEGORIES = [
    ("news", "أخبار", ""),
    ("politics", "سياسة", "news"),
    ("economy", "اقتصاد", "news"),
    ("sport", "رياضة", ""),
    ("culture", "ثقافة", ""),
    ("technology", "تقنية", ""),
]
TAGS = [f"وسم-{n}" for n in range(50)]
AUTHORS = ["editor", "sara", "omar", "layla", "karim"]


def corpus_texts(limit: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """(title, paragraphs) from ../shared/corpus when present, else nothing."""
    path = CORPUS / "ant-v2.1-multisource.jsonl.gz"
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            record = json.loads(line)
            title, body = record.get("title", ""), record.get("body", "")
            if title and body:
                yield title.strip(), [p for p in body.splitlines() if p.strip()]


def synthetic_texts(seed: int = 1) -> Iterator[tuple[str, list[str]]]:
    rng = random.Random(seed)
    while True:
        title = " ".join(rng.choices(_WORDS, k=rng.randint(5, 10)))
        paragraphs = [
            " ".join(rng.choices(_WORDS, k=rng.randint(25, 60)))
            for _ in range(rng.randint(3, 8))
        ]
        yield title, paragraphs


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _slug(title: str, wp_id: int) -> str:
    words = "-".join(title.split()[:6])
    keep = "".join(c for c in words if c.isalnum() or c == "-").strip("-")
    return quote(f"{keep}-{wp_id}".lower()).lower()


def write_export(
    out: IO[str],
    *,
    posts: int,
    texts: Iterator[tuple[str, list[str]]] | None = None,
    seed: int = 1,
    comments: bool = True,
    images: bool = True,
) -> None:
    """Write an export with ``posts`` posts (plus attachments) to ``out``."""
    rng = random.Random(seed)
    texts = texts or synthetic_texts(seed)
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n')
    w(
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    )
    w(
        f"<title>أخبار الصباح</title>\n<link>{SITE}</link>\n<description></description>\n"
    )
    w("<language>ar</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
    w(f"<wp:base_site_url>{SITE}</wp:base_site_url>\n")
    w(f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n")
    for n, login in enumerate(AUTHORS, 1):
        w(
            f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>"
            f"{_cdata(login)}</wp:author_login><wp:author_email>"
            f"{_cdata(login + '@akhbar.example.com')}</wp:author_email>"
            f"<wp:author_display_name>{_cdata('كاتب ' + login)}"
            "</wp:author_display_name></wp:author>\n"
        )
    for n, (slug, name, parent) in enumerate(CATEGORIES, 1):
        w(
            f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>"
            f"{_cdata(slug)}</wp:category_nicename><wp:category_parent>"
            f"{_cdata(parent)}</wp:category_parent><wp:cat_name>{_cdata(name)}"
            "</wp:cat_name></wp:category>\n"
        )
    for n, tag in enumerate(TAGS, 100):
        w(
            f"<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>"
            f"{_cdata(quote(tag).lower())}</wp:tag_slug><wp:tag_name>{_cdata(tag)}"
            "</wp:tag_name></wp:tag>\n"
        )
    start = datetime(2018, 1, 1, 6, 0, tzinfo=UTC)
    wp_id = 1000
    comment_id = 1
    for n in range(posts):
        title, paragraphs = next(texts)
        wp_id += 1
        post_id = wp_id
        date = start + timedelta(minutes=37 * n)
        gmt = date.strftime("%Y-%m-%d %H:%M:%S")
        local = (date + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S")
        slug = _slug(title, post_id)
        attachment = None
        body = "\n\n".join(paragraphs)
        if images and n % 3 == 0:
            wp_id += 1
            attachment = wp_id
            path = f"{date:%Y/%m}/photo-{attachment}.jpg"
            figure = (
                f'[caption id="attachment_{attachment}" width="640"]<img '
                f'class="wp-image-{attachment}" src="{SITE}/wp-content/uploads/'
                f'{path[:-4]}-640x480.jpg" alt="صورة" /> تعليق الصورة[/caption]'
            )
            body = (
                paragraphs[0] + "\n\n" + figure + "\n\n" + "\n\n".join(paragraphs[1:])
            )
        if n % 7 == 0:
            body += '\n\n[related_posts limit="3"]\n\n<h2>خلفية</h2>\n\nنص إضافي.'
        category, _name, _parent = CATEGORIES[n % len(CATEGORIES)]
        tags = rng.sample(TAGS, k=rng.randint(0, 4))
        w("<item>\n")
        w(f"<title>{_cdata(title)}</title>\n")
        w(f"<link>{SITE}/{date:%Y/%m/%d}/{slug}/</link>\n")
        w(f"<dc:creator>{_cdata(AUTHORS[n % len(AUTHORS)])}</dc:creator>\n")
        w(f'<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n')
        w(f"<content:encoded>{_cdata(body)}</content:encoded>\n")
        w(f"<excerpt:encoded>{_cdata(paragraphs[0][:200])}</excerpt:encoded>\n")
        w(f"<wp:post_id>{post_id}</wp:post_id>\n")
        w(f"<wp:post_date>{_cdata(local)}</wp:post_date>\n")
        w(f"<wp:post_date_gmt>{_cdata(gmt)}</wp:post_date_gmt>\n")
        w(f"<wp:post_modified>{_cdata(local)}</wp:post_modified>\n")
        w(f"<wp:post_modified_gmt>{_cdata(gmt)}</wp:post_modified_gmt>\n")
        w("<wp:comment_status><![CDATA[open]]></wp:comment_status>\n")
        w(f"<wp:post_name>{_cdata(slug)}</wp:post_name>\n")
        w("<wp:status><![CDATA[publish]]></wp:status>\n")
        w("<wp:post_parent>0</wp:post_parent>\n<wp:menu_order>0</wp:menu_order>\n")
        w("<wp:post_type><![CDATA[post]]></wp:post_type>\n")
        w(f"<wp:is_sticky>{1 if n % 500 == 0 else 0}</wp:is_sticky>\n")
        w(
            f'<category domain="category" nicename="{category}">{_cdata(category)}</category>\n'
        )
        for tag in tags:
            w(
                f'<category domain="post_tag" nicename="{quote(tag).lower()}">'
                f"{_cdata(tag)}</category>\n"
            )
        if attachment:
            w(
                "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
                f"<wp:meta_value>{_cdata(str(attachment))}</wp:meta_value></wp:postmeta>\n"
            )
        if comments:
            parent = 0
            for k in range(rng.randint(0, 3)):
                status = rng.choice(["1", "1", "1", "0", "spam"])
                cdate = (date + timedelta(hours=k + 1)).strftime("%Y-%m-%d %H:%M:%S")
                text = " ".join(rng.choices(_WORDS, k=12))
                w(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{_cdata('قارئ ' + str(k))}</wp:comment_author>"
                    f"<wp:comment_author_email>{_cdata(f'r{comment_id}@example.org')}"
                    "</wp:comment_author_email><wp:comment_author_IP>"
                    "<![CDATA[192.0.2.1]]></wp:comment_author_IP>"
                    f"<wp:comment_date>{_cdata(cdate)}</wp:comment_date>"
                    f"<wp:comment_date_gmt>{_cdata(cdate)}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{_cdata(text)}</wp:comment_content>"
                    f"<wp:comment_approved>{_cdata(status)}</wp:comment_approved>"
                    "<wp:comment_type><![CDATA[comment]]></wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
                )
                parent = comment_id if status == "1" and k == 0 else parent
                comment_id += 1
        w("</item>\n")
        if attachment:
            path = f"{date:%Y/%m}/photo-{attachment}.jpg"
            w("<item>\n")
            w(f"<title>{_cdata('صورة ' + str(attachment))}</title>\n")
            w(f"<link>{SITE}/{date:%Y/%m/%d}/{slug}/photo-{attachment}/</link>\n")
            w(f'<guid isPermaLink="false">{SITE}/wp-content/uploads/{path}</guid>\n')
            w("<content:encoded><![CDATA[]]></content:encoded>\n")
            w(f"<excerpt:encoded>{_cdata('تعليق الصورة')}</excerpt:encoded>\n")
            w(f"<wp:post_id>{attachment}</wp:post_id>\n")
            w(f"<wp:post_date>{_cdata(local)}</wp:post_date>\n")
            w(f"<wp:post_date_gmt>{_cdata(gmt)}</wp:post_date_gmt>\n")
            w("<wp:status><![CDATA[inherit]]></wp:status>\n")
            w(f"<wp:post_parent>{post_id}</wp:post_parent>\n")
            w("<wp:post_type><![CDATA[attachment]]></wp:post_type>\n")
            w(
                f"<wp:attachment_url>{_cdata(f'{SITE}/wp-content/uploads/{path}')}"
                "</wp:attachment_url>\n"
            )
            w(
                "<wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key>"
                f"<wp:meta_value>{_cdata(path)}</wp:meta_value></wp:postmeta>\n"
            )
            w("</item>\n")
    w("</channel>\n</rss>\n")


def attachment_paths(posts: int) -> list[str]:
    """Upload-relative paths of the attachments ``write_export`` refers to."""
    start = datetime(2018, 1, 1, 6, 0, tzinfo=UTC)
    paths, wp_id = [], 1000
    for n in range(posts):
        wp_id += 1
        if n % 3 == 0:
            wp_id += 1
            date = start + timedelta(minutes=37 * n)
            paths.append(f"{date:%Y/%m}/photo-{wp_id}.jpg")
    return paths
