"""A body's searchable text, read from its raw blocks, is Wagtail's own."""

import pytest
from wagtail.blocks import StreamValue

from khabar.news.models import ArticlePage
from khabar.search.indexing import rich_text_for_indexing, stream_searchable_content

BODY = [
    {
        "type": "paragraph",
        "value": "<p>أعلنت <b>الاستخبارات</b> &amp; الأمن<br/>ثم</p>",
    },
    {
        "type": "paragraph",
        "value": '<p>رابط <a href="https://x.org/?a=1&amp;b=>">هنا</a></p>',
    },
    {"type": "paragraph", "value": "<ul><li>أول</li><li>ثانٍ &lt;3</li></ul>"},
    {"type": "heading", "value": "عنوان فرعي"},
    {"type": "quote", "value": {"text": "قال «كلاما»", "attribution": ""}},
    {"type": "quote", "value": {"text": "نص"}},  # attribution missing: the default
    {
        "type": "image",
        "value": {"image": 999, "alt": "صورة", "caption": "تعليق", "credit": ""},
    },
    {
        "type": "external_image",
        "value": {
            "url": "https://e.org/a.jpg",
            "alt": "",
            "caption": "شرح",
            "credit": "وكالة",
        },
    },
    {
        "type": "embed",
        "value": {"url": "https://youtube.com/watch?v=1", "caption": "فيديو"},
    },
]


@pytest.mark.django_db  # Wagtail's side looks the image up
@pytest.mark.parametrize("n", range(len(BODY)))
def test_each_block_gives_wagtails_text(n):
    field = ArticlePage._meta.get_field("body")
    value = StreamValue(field.stream_block, [BODY[n]], is_lazy=True)
    expected = field.get_searchable_content(
        StreamValue(field.stream_block, [BODY[n]], is_lazy=True)
    )
    assert stream_searchable_content(value) == expected


def test_rich_text_without_attributes_needs_no_parser():
    assert rich_text_for_indexing("<p>أ</p><p>ب&nbsp;&amp;</p>") == "أ ب\xa0&"
