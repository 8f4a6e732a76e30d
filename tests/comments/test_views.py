"""What a reader sees when posting: with and without JavaScript, every error
keeps their text, threads three levels deep, counts, escaping and CSRF."""

import html as htmllib
import re

import pytest
from django.test import Client

from khabar.comments.models import Comment
from khabar.comments.services import comments_close
from tests.factories.comments import CommentFactory

pytestmark = pytest.mark.django_db

TEXT = "رأيي أن الحكومة تأخرت كثيراً في هذا الملف، وأتمنى متابعة الموضوع."


def textarea_value(page: str) -> str:
    match = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert match, "the page has no comment textarea"
    return htmllib.unescape(match.group(1))


# --- No JavaScript: POST, then a redirect to the anchor --------------------------


def test_published_comment_redirects_to_its_anchor_and_shows(client, article, post):
    response = post(article, body=TEXT)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    page = client.get(article.url).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert TEXT in page
    assert "سلمى الخطيب" in page


def test_held_comment_redirects_to_a_notice(client, article, post):
    response = post(article, body=TEXT, website_confirm="")  # fine text ...
    Comment.objects.all().delete()
    response = post(article, body=TEXT + " ثانياً", rendered="")  # ... no timer: a bot?
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response["Location"] == f"{article.url}?comment=held#comments-notice"
    page = client.get(response["Location"]).content.decode()
    assert "بانتظار مراجعة المشرفين" in page
    assert TEXT not in page  # not public before a moderator approves it


ERRORS = [
    ({"body": ""}, "اكتب تعليقك قبل الإرسال"),
    ({"body": "أ" * 3001}, "التعليق أطول من 3000 حرف"),
    ({"author_email": "ليس-بريداً"}, "عنوان البريد الإلكتروني غير صحيح"),
    ({"author_name": ""}, "اكتب اسمك"),
    ({"author_url": "javascript:alert(1)"}, "عنوان الموقع غير صحيح"),
]


@pytest.mark.parametrize(("overrides", "message"), ERRORS)
def test_every_validation_error_keeps_the_text_without_js(
    article, post, overrides, message
):
    data = {"body": TEXT, **overrides}
    response = post(article, **data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert textarea_value(page) == data["body"]
    assert htmllib.escape(data.get("author_name", "سلمى الخطيب")) in page
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("overrides", "message"), ERRORS)
def test_every_validation_error_is_explained_in_json(article, post, overrides, message):
    response = post(article, json=True, **{"body": TEXT, **overrides})
    data = response.json()
    assert response.status_code == 400
    assert data["ok"] is False
    assert any(message in m for messages in data["errors"].values() for m in messages)
    assert not Comment.objects.exists()


def test_closed_article_refuses_and_keeps_the_text(client, article, post):
    comments_close(article=article)
    response = post(article, body=TEXT)
    page = response.content.decode()
    assert "أُغلق باب التعليق على هذا المقال، فلم يُرسل تعليقك." in page
    assert textarea_value(page) == TEXT
    assert not Comment.objects.exists()
    # Readers of the article see it is closed and get no form.
    page = client.get(article.url).content.decode()
    assert "أُغلق باب التعليق" in page
    assert 'id="comment-form"' not in page


def test_rate_limit_refuses_and_keeps_the_text(article, post, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 2
    for n in range(2):
        assert (
            post(
                article, body=f"{TEXT} {n}", author_email=f"r{n}@x.example"
            ).status_code
            == 302
        )
    response = post(article, body=TEXT + " ثالثاً", author_email="r9@x.example")
    assert response.status_code == 429
    page = response.content.decode()
    assert "أرسلت تعليقات كثيرة في وقت قصير" in page
    assert textarea_value(page) == TEXT + " ثالثاً"
    assert Comment.objects.count() == 2
    # Another reader (another IP) is not affected.
    assert (
        post(article, ip="198.51.100.1", body="رأي آخر مختلف تماماً").status_code == 302
    )


def test_rate_limit_per_email(article, post, settings):
    settings.KHABAR_COMMENTS_RATE_PER_EMAIL = 1
    assert post(article, ip="198.51.100.1", body="أول تعليق لي").status_code == 302
    response = post(article, ip="198.51.100.2", body="ثاني تعليق لي", json=True)
    assert response.status_code == 429
    assert "أرسلت تعليقات كثيرة" in response.json()["errors"]["__all__"][0]


# --- With JavaScript: the same endpoint answers JSON ---------------------------------


def test_js_published_comment_returns_its_html_and_count(article, post):
    response = post(article, json=True, body=TEXT)
    data = response.json()
    comment = Comment.objects.get()
    assert response.status_code == 201
    assert data["ok"] is True and data["status"] == "published"
    assert data["anchor"] == f"comment-{comment.pk}"
    assert TEXT in data["html"]
    assert data["count"] == 1
    assert data["count_text"] == "١"


def test_js_held_comment_says_so(article, post):
    response = post(article, json=True, body=TEXT, rendered="")
    data = response.json()
    assert data["status"] == "held"
    assert "بانتظار مراجعة المشرفين" in data["message"]
    assert "html" not in data


# --- Threads, counts, escaping -------------------------------------------------------


def test_threads_three_levels_deep(client, article, post):
    top = CommentFactory(article=article, body="المستوى الأول")
    reply = CommentFactory(article=article, parent=top, body="المستوى الثاني")
    assert (
        post(article, parent=str(reply.pk), body="المستوى الثالث من النقاش").status_code
        == 302
    )
    third = Comment.objects.get(body="المستوى الثالث من النقاش")
    assert third.depth == 3 and third.parent == reply
    page = client.get(article.url).content.decode()
    assert (
        page.index("المستوى الأول")
        < page.index("المستوى الثاني")
        < page.index("المستوى الثالث")
    )
    # Nested markup: the third is inside the second's replies list.
    second_block = page[page.index(f'id="comment-{reply.pk}"') :]
    assert f'data-replies-for="{reply.pk}"><li id="comment-{third.pk}"' in second_block
    # No reply link at the third level, and a forged reply is refused with the text kept.
    assert f'data-reply-to="{third.pk}"' not in page
    assert f'data-reply-to="{reply.pk}"' in page
    response = post(article, parent=str(third.pk), body="المستوى الرابع")
    assert response.status_code == 400
    assert "بلغ النقاش أقصى عمق" in response.content.decode()
    assert textarea_value(response.content.decode()) == "المستوى الرابع"


def test_reply_link_without_js_prefills_the_parent(client, article):
    top = CommentFactory(article=article, author_name="نادر")
    page = client.get(f"{article.url}?replyto={top.pk}").content.decode()
    assert f'name="parent" value="{top.pk}"' in page
    assert "ردّاً على <strong data-reply-name>نادر</strong>" in page


def test_reply_to_unpublished_comment_is_refused(article, post):
    held = CommentFactory(article=article, status=Comment.Status.PENDING)
    response = post(article, parent=str(held.pk), json=True)
    assert response.status_code == 400
    assert not Comment.objects.exclude(pk=held.pk).exists()


def test_count_shows_only_approved_comments(client, article):
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.SPAM)
    CommentFactory(article=article, status=Comment.Status.TRASH)
    page = client.get(article.url).content.decode()
    assert "(<span data-comment-count>٣</span>)" in page
    assert page.count('class="comment"') == 3


def test_comment_text_is_escaped_and_links_are_nofollow_ugc(client, article):
    CommentFactory(
        article=article,
        author_name="<b>اسم</b>",
        author_url="https://reader.example/",
        body='<script>alert("x")</script> انظر https://source.example/report',
    )
    page = client.get(article.url).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;اسم&lt;/b&gt;" in page
    assert (
        '<a href="https://source.example/report" rel="nofollow ugc noopener" target="_blank">'
        in page
    )
    assert '<a href="https://reader.example/" rel="nofollow ugc noopener"' in page


def test_form_needs_a_csrf_token(article, form_data):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/comments/post/{article.pk}/", form_data())
    assert response.status_code == 403
    assert not Comment.objects.exists()
    page = strict.get(article.url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_unpublished_article_takes_no_comments(article, post):
    article.unpublish()
    assert post(article).status_code == 404


def test_privacy_page_is_linked_and_explains_retention(client, article):
    page = client.get(article.url).content.decode()
    assert 'href="/comments/privacy/"' in page
    assert "لن يتم نشر عنوان بريدك الإلكتروني" in page
    privacy = client.get("/comments/privacy/").content.decode()
    assert "30 يوماً" in privacy
    assert "لا شيء يغادر هذا الموقع" in privacy
