"""The moderation queue in the Wagtail admin, as a moderator uses it."""

import pytest
from django.urls import reverse

from khabar.comments.models import Comment, SpamModel
from tests.factories.comments import CommentFactory

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_comments_comment:list"


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "moderator", "mod@khabar.example", "x"
    )
    client.force_login(user)
    return client


@pytest.fixture
def queue(article):
    held = CommentFactory(
        article=article,
        status=Comment.Status.PENDING,
        body="تعليق محجوز",
        score=5.0,
        reasons=[
            {"code": "too_fast", "message": "أُرسل التعليق بسرعة كبيرة.", "weight": 5.0}
        ],
    )
    spam = CommentFactory(
        article=article, status=Comment.Status.SPAM, body="تعليق مزعج"
    )
    shown = CommentFactory(article=article, body="تعليق منشور")
    return held, spam, shown


def test_queue_shows_score_and_reasons_in_arabic_rtl(moderator_client, queue):
    response = moderator_client.get(reverse(LIST) + "?status=pending")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in page
    assert "تعليق محجوز" in page
    assert "أُرسل التعليق بسرعة كبيرة." in page
    assert "5.0" in page
    assert "تعليق مزعج" not in page and "تعليق منشور" not in page


def test_queue_filters_by_status_and_article(moderator_client, queue, article, section):
    from tests.factories.news import ArticlePageFactory

    other = ArticlePageFactory(parent=section, title="خبر آخر")
    CommentFactory(article=other, body="تعليق على خبر آخر")
    page = moderator_client.get(reverse(LIST) + "?status=spam").content.decode()
    assert "تعليق مزعج" in page and "تعليق محجوز" not in page
    page = moderator_client.get(reverse(LIST) + f"?article={other.pk}").content.decode()
    assert "تعليق على خبر آخر" in page and "تعليق منشور" not in page


def test_menu_opens_the_pending_queue(moderator_client):
    page = moderator_client.get("/admin/").content.decode()
    assert reverse(LIST) + "?status=pending" in page


def test_bulk_approve_publishes_and_retrains(moderator_client, queue, client, article):
    held, spam, _ = queue
    version = SpamModel.objects.first().version if SpamModel.objects.exists() else 0
    url = reverse("wagtail_bulk_action", args=("comments", "comment", "approve"))
    confirm = moderator_client.get(f"{url}?id={held.pk}&id={spam.pk}")
    assert "هل تريد نشر هذه التعليقات" in confirm.content.decode()
    response = moderator_client.post(f"{url}?id={held.pk}&id={spam.pk}")
    assert response.status_code == 302
    assert set(
        Comment.objects.filter(pk__in=[held.pk, spam.pk]).values_list(
            "status", flat=True
        )
    ) == {"approved"}
    assert SpamModel.objects.get().version > version
    assert "تعليق محجوز" in client.get(article.url).content.decode()


@pytest.mark.parametrize(("action", "status"), [("spam", "spam"), ("trash", "trash")])
def test_bulk_spam_and_trash_hide_a_comment(
    moderator_client, queue, client, article, action, status
):
    _, _, shown = queue
    url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
    moderator_client.post(f"{url}?id={shown.pk}")
    shown.refresh_from_db()
    assert shown.status == status and shown.moderated_at is not None
    assert "تعليق منشور" not in client.get(article.url).content.decode()


def test_rows_offer_one_click_actions(moderator_client, queue):
    held, spam, _ = queue
    page = moderator_client.get(reverse(LIST)).content.decode()
    assert f"/admin/bulk/comments/comment/approve/?id={held.pk}" in page
    assert f"/admin/bulk/comments/comment/not_spam/?id={spam.pk}" in page
    assert "ردّ باسم التحرير" in page


def test_reply_as_staff(moderator_client, queue, client, article):
    held, _, _ = queue
    url = reverse("wagtailsnippets_comments_comment:reply", args=[held.pk])
    assert moderator_client.post(url, {"body": ""}).status_code == 200  # error shown
    response = moderator_client.post(url, {"body": "شكراً لملاحظتك، صححنا الخبر."})
    assert response.status_code == 302
    page = client.get(article.url).content.decode()
    assert "شكراً لملاحظتك، صححنا الخبر." in page
    assert "فريق التحرير" in page
    assert "تعليق محجوز" in page  # replying approved the parent


def test_close_comments_from_the_queue(moderator_client, queue, client, article):
    held, _, _ = queue
    url = reverse("wagtailsnippets_comments_comment:close", args=[held.pk])
    assert "أغلق باب التعليق" in moderator_client.get(url).content.decode()
    moderator_client.post(url)
    article.refresh_from_db()
    assert article.comments_open is False
    assert 'id="comment-form"' not in client.get(article.url).content.decode()


def test_edit_changes_what_readers_see(moderator_client, queue, client, article):
    _, _, shown = queue
    url = reverse("wagtailsnippets_comments_comment:edit", args=[shown.pk])
    response = moderator_client.post(
        url, {"author_name": "قارئ", "author_url": "", "body": "نص صححه المشرف"}
    )
    assert response.status_code == 302
    assert "نص صححه المشرف" in client.get(article.url).content.decode()


def test_moderators_cannot_invent_comments(moderator_client):
    response = moderator_client.get(reverse("wagtailsnippets_comments_comment:add"))
    assert response.status_code in (302, 403)
    assert not Comment.objects.exists()


def test_readers_cannot_reach_the_queue(client, queue):
    response = client.get(reverse(LIST))
    assert response.status_code == 302 and "/login/" in response["Location"]
