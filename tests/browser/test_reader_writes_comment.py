"""A reader posts a comment in Chromium and is told it awaits moderation."""

import pytest

from khabar.comments import moderation
from khabar.comments.models import Comment
from khabar.comments.spam import Thresholds

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_reader_posts_and_sees_held_notice(
    browser, live_server, section, artifacts, monkeypatch
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.factories.news import ArticlePageFactory

    # This newsroom holds every comment for a moderator.
    monkeypatch.setattr(
        moderation.moderator, "thresholds", lambda: Thresholds(-100, 100)
    )
    article = ArticlePageFactory(parent=section, title="خبر يقبل التعليقات")
    browser.set_window_size(390, 900)
    browser.get(live_server.url + article.url)

    browser.find_element(By.ID, "id_author_name").send_keys("ريم")
    browser.find_element(By.ID, "id_author_email").send_keys("reem@mail.example")
    browser.find_element(By.ID, "id_body").send_keys(
        "أتابع هذا الملف منذ سنوات، شكراً للتغطية."
    )
    honeypot = browser.find_element(By.ID, "id_website_confirm")
    assert not honeypot.is_displayed()
    url_before = browser.current_url
    browser.find_element(By.CSS_SELECTOR, "button.comment-form__submit").click()

    notice = WebDriverWait(browser, 10).until(
        ec.visibility_of_element_located(
            (By.CSS_SELECTOR, ".comments__notice-text--held")
        )
    )
    assert "بانتظار مراجعة المشرفين" in notice.text
    assert browser.current_url == url_before  # no reload: the JavaScript path
    assert browser.find_element(By.ID, "id_body").get_attribute("value") == ""
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "أتابع هذا الملف منذ سنوات، شكراً للتغطية."
    # Not shown to readers before a moderator approves it.
    assert not browser.find_elements(By.CSS_SELECTOR, f"#comment-{comment.pk}")
    browser.save_screenshot(str(artifacts / "comment-held-390px.png"))


def test_reader_replies_in_thread(browser, live_server, section, monkeypatch):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.factories.comments import CommentFactory
    from tests.factories.news import ArticlePageFactory

    monkeypatch.setattr(
        moderation.moderator, "thresholds", lambda: Thresholds(100, 100)
    )
    article = ArticlePageFactory(parent=section, title="خبر للنقاش الحي")
    top = CommentFactory(article=article, author_name="سامي", body="تعليق أول")
    browser.get(live_server.url + article.url)
    browser.find_element(By.CSS_SELECTOR, f'[data-reply-to="{top.pk}"]').click()
    replying = browser.find_element(By.CSS_SELECTOR, "[data-replying]")
    assert replying.is_displayed() and "سامي" in replying.text
    browser.find_element(By.ID, "id_author_name").send_keys("ليلى")
    browser.find_element(By.ID, "id_author_email").send_keys("layla@mail.example")
    browser.find_element(By.ID, "id_body").send_keys(
        "أوافقك الرأي تماماً في هذه النقطة."
    )
    browser.find_element(By.CSS_SELECTOR, "button.comment-form__submit").click()
    reply = WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(
            By.CSS_SELECTOR, f'[data-replies-for="{top.pk}"] > li'
        )
    )[0]
    assert "أوافقك الرأي" in reply.text
    assert Comment.objects.get(author_name="ليلى").parent_id == top.pk
    count = browser.find_element(By.CSS_SELECTOR, "[data-comment-count]").text
    assert count == "٢"
