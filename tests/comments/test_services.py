"""Spam defence and moderation through the services, without HTTP."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from khabar.comments import moderation, services
from khabar.comments.models import Comment, SpamModel
from khabar.comments.spam import Thresholds
from khabar.core.signals import page_content_changed
from tests.factories.comments import BlockedTermFactory, CommentFactory

pytestmark = pytest.mark.django_db

GOOD = "تحليل ممتاز للوضع، شكراً للكاتب على هذا الجهد."
SPAMMY = "للتواصل واتساب 0551234567 خصم على كل المنتجات في متجرنا اطلب الآن"


def submit(article, **overrides):
    values = {
        "article": article,
        "author_name": "قارئ",
        "author_email": "reader@mail.example",
        "body": GOOD,
        "ip": "203.0.113.9",
        "rendered_at": time.time() - 60,
    }
    values.update(overrides)
    return services.comment_submit(**values)


@pytest.fixture
def signals_sent():
    sent = []

    def receiver(sender, page, **kwargs):
        sent.append(page.pk)

    page_content_changed.connect(receiver, dispatch_uid="test-comments-receiver")
    yield sent
    page_content_changed.disconnect(dispatch_uid="test-comments-receiver")


# --- Routing by score ------------------------------------------------------------


def test_clean_comment_is_published_and_explained(article):
    result = submit(article)
    assert result.ok and result.published
    assert result.comment.status == Comment.Status.APPROVED
    assert result.comment.score < Thresholds().pending


def test_honeypot_files_as_spam_but_tells_the_reader_held(article):
    result = submit(article, honeypot="http://bot.example")
    assert result.comment.status == Comment.Status.SPAM
    assert "honeypot" in [r["code"] for r in result.comment.reasons]
    assert result.public_status == "held"  # nothing is dropped, and bots learn nothing
    assert "بانتظار مراجعة المشرفين" in result.message


def test_time_trap_holds_a_form_sent_at_once(article):
    result = submit(article, rendered_at=time.time() - 0.5)
    assert result.comment.status == Comment.Status.PENDING
    reasons = {r["code"]: r["message"] for r in result.comment.reasons}
    assert "too_fast" in reasons and "ثانية" in reasons["too_fast"]


def test_time_trap_can_be_turned_off(article, settings):
    settings.KHABAR_COMMENTS_TIME_TRAP = False
    assert submit(article, rendered_at=time.time()).published


def test_blocklisted_domain_goes_to_the_spam_folder(article):
    BlockedTermFactory(kind="domain", value="casino.example")
    result = submit(article, body="شاهد هذا https://casino.example/win الآن")
    assert result.comment.status == Comment.Status.SPAM
    assert "blocked_domain" in [r["code"] for r in result.comment.reasons]


def test_blocklisted_word_added_in_admin_applies_at_once(article):
    assert (
        submit(article, body="أفضل كازينو في المدينة برأيي").comment.status
        == Comment.Status.APPROVED
    )
    BlockedTermFactory(value="كازينو")
    result = submit(
        article, body="أفضل كــازينو في المدينة حقاً", author_email="b@x.example"
    )
    assert "blocked_word" in [r["code"] for r in result.comment.reasons]
    assert result.comment.status != Comment.Status.APPROVED


def test_duplicate_body_is_a_reason(article):
    submit(article)
    second = submit(article, author_email="other@mail.example", ip="198.51.100.3")
    assert "duplicate" in [r["code"] for r in second.comment.reasons]


def test_thresholds_route_each_band(article, monkeypatch):
    monkeypatch.setattr(
        moderation.moderator, "thresholds", lambda: Thresholds(-100, -100)
    )
    assert submit(article, body="نص أول").comment.status == Comment.Status.SPAM
    monkeypatch.setattr(
        moderation.moderator, "thresholds", lambda: Thresholds(-100, 100)
    )
    assert submit(article, body="نص ثان").comment.status == Comment.Status.PENDING
    monkeypatch.setattr(
        moderation.moderator, "thresholds", lambda: Thresholds(100, 100)
    )
    assert submit(article, body="نص ثالث").comment.status == Comment.Status.APPROVED


def test_rate_limit_refusal_returns_what_was_sent(article, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 1
    assert submit(article).ok
    refused = submit(article, body="تعليق آخر", author_email="x@mail.example")
    assert refused.rate_limited and not refused.ok
    assert refused.values["body"] == "تعليق آخر"


def test_pending_comment_notifies_moderators_without_personal_data(
    article, settings, django_capture_on_commit_callbacks
):
    settings.KHABAR_COMMENTS_NOTIFY_EMAILS = ["desk@khabar.example"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(article, rendered_at=time.time())  # too fast: held
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["desk@khabar.example"]
    assert "reader@mail.example" not in message.body
    assert "203.0.113.9" not in message.body
    assert "/admin/" in message.body


# --- Moderators' decisions retrain the shared classifier ------------------------------


def test_marking_spam_teaches_the_classifier(article):
    text = "اشترك في قناة الربح السريع واربح ذهبا كل يوم مع المدرب سامر"
    before = moderation.classifier_current().spam_probability(text)
    version = moderation.spam_model_row().version
    comments = [
        CommentFactory(
            article=article, status=Comment.Status.PENDING, body=f"{text} {n}"
        )
        for n in range(5)
    ]
    services.comments_moderate(comments=comments, action="spam")
    assert moderation.spam_model_row().version == version + 1  # one retrain per batch
    after = moderation.classifier_current().spam_probability(text)
    assert after > before
    assert all(c.trained_as == "spam" for c in Comment.objects.all())


def test_approve_and_not_spam_teach_ham_and_undo_earlier_labels(article):
    text = "أسعار الذهب اليوم في سوق الحميدية ارتفعت كثيراً"
    comment = CommentFactory(article=article, status=Comment.Status.PENDING, body=text)
    services.comment_mark_spam(comment=comment)
    state = SpamModel.objects.get().state
    spam_docs = state["docs"][0]
    services.comment_mark_not_spam(comment=comment)
    state = SpamModel.objects.get().state
    assert state["docs"][0] == spam_docs - 1  # the spam lesson was unlearnt
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.trained_as == "ham"
    ham_docs = state["docs"][1]
    services.comment_approve(comment=comment)  # approving twice learns nothing new
    assert SpamModel.objects.get().state["docs"][1] == ham_docs


def test_other_processes_reload_the_retrained_model(article):
    first = moderation.classifier_current()
    assert moderation.classifier_current() is first  # cached while unchanged
    services.comment_mark_spam(comment=CommentFactory(article=article))
    assert moderation.classifier_current() is not first


def test_page_cache_is_told_when_readers_see_a_change(
    article, signals_sent, django_capture_on_commit_callbacks
):
    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    held = CommentFactory(article=article, status=Comment.Status.PENDING)
    run(services.comment_mark_spam, comment=held)
    assert signals_sent == []  # never public: nothing to purge
    run(services.comment_approve, comment=held)
    assert signals_sent == [article.pk]
    run(services.comment_edit, comment=held, body="نص معدل", author_name="قارئ")
    run(services.comment_trash, comment=held)
    assert signals_sent == [article.pk] * 3
    published = run(submit, article=article)
    assert published.published and signals_sent[-1] == article.pk
    shown = CommentFactory(article=article)
    run(shown.delete)
    assert len(signals_sent) == 5


def test_staff_reply_is_published_and_approves_its_parent(article, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor", "editor@khabar.example", "x", first_name="هالة", last_name="المحررة"
    )
    parent = CommentFactory(article=article, status=Comment.Status.PENDING)
    reply = services.comment_reply_as_staff(
        parent=parent, body="شكراً، صححنا الخطأ.", by=editor
    )
    parent.refresh_from_db()
    assert parent.status == Comment.Status.APPROVED
    assert reply.is_staff_reply and reply.status == Comment.Status.APPROVED
    assert reply.author_name == "هالة المحررة" and reply.depth == 2


def test_close_comments_survives_a_later_publish(article, publish):
    services.comments_close(article=article)
    article.refresh_from_db()
    assert article.comments_open is False
    publish(article.get_latest_revision_as_object())
    article.refresh_from_db()
    assert article.comments_open is False


# --- Retention ------------------------------------------------------------------


def test_purge_deletes_old_spam_and_trash_and_erases_old_ips(article, settings):
    settings.KHABAR_COMMENTS_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    recent = timezone.now() - timedelta(days=5)
    old_spam = CommentFactory(article=article, status="spam", ip_address="203.0.113.1")
    old_trash = CommentFactory(article=article, status="trash")
    new_spam = CommentFactory(article=article, status="spam", ip_address="203.0.113.2")
    old_ok = CommentFactory(article=article, ip_address="203.0.113.3", ip_hash="abc")
    Comment.objects.filter(pk__in=[old_spam.pk, old_trash.pk, old_ok.pk]).update(
        created_at=old
    )
    Comment.objects.filter(pk=new_spam.pk).update(created_at=recent)

    result = services.comment_purge_expired()

    assert result.deleted == 2
    assert set(Comment.objects.values_list("pk", flat=True)) == {new_spam.pk, old_ok.pk}
    old_ok.refresh_from_db()
    assert old_ok.ip_address is None and old_ok.ip_hash == ""
    new_spam.refresh_from_db()
    assert new_spam.ip_address == "203.0.113.2"


def test_purge_runs_from_the_worker(article, settings):
    from django.core.management import call_command

    assert "comments_purge" in settings.KHABAR_PERIODIC_COMMANDS
    spam = CommentFactory(article=article, status="spam")
    Comment.objects.filter(pk=spam.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    call_command("khabar_worker", "--once")
    assert not Comment.objects.filter(pk=spam.pk).exists()


def test_cache_counters_survive_only_the_window(article, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 1
    settings.KHABAR_COMMENTS_RATE_WINDOW = 600
    assert submit(article).ok
    assert not submit(article, body="مرة ثانية", author_email="b@mail.example").ok
    cache.clear()  # the window ended
    assert submit(article, body="مرة ثالثة", author_email="c@mail.example").ok


# --- Optional remote backends (off by default) -----------------------------------


class FakeRemoteBackend:
    calls: list = []

    def __init__(self, **options):
        self.options = options

    def check(self, features, user_ip=""):
        FakeRemoteBackend.calls.append(user_ip)
        from khabar.comments.spam import Reason

        return [Reason("remote_spam", "صنّفته الخدمة الخارجية رسالة مزعجة.", 4.0)]


@pytest.fixture
def remote_backend(settings):
    def _configure(send_ip):
        settings.KHABAR_SPAM_BACKENDS = [
            {
                "BACKEND": f"{__name__}.FakeRemoteBackend",
                "OPTIONS": {"api_key": "k"},
                "SEND_IP": send_ip,
            }
        ]
        moderation._backends.cache_clear()
        FakeRemoteBackend.calls = []

    yield _configure
    moderation._backends.cache_clear()


def test_remote_backend_adds_explained_reasons_without_the_ip(article, remote_backend):
    remote_backend(send_ip=False)
    result = submit(article)
    assert "remote_spam" in [r["code"] for r in result.comment.reasons]
    assert result.comment.score >= 4.0 - 2.0  # its points count like any rule's
    assert FakeRemoteBackend.calls == [""]


def test_remote_backend_gets_the_ip_only_when_the_site_opts_in(article, remote_backend):
    remote_backend(send_ip=True)
    submit(article)
    assert FakeRemoteBackend.calls == ["203.0.113.9"]
