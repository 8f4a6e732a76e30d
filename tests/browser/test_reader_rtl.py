"""A reader on a 360 px phone opens the reference article, right to left."""

import pytest
from django.core.management import call_command

from khabar.news.demo import reference
from khabar.news.models import ArticlePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reference_article_on_a_phone(browser, live_server, artifacts, home):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    article = ArticlePage.objects.get(external_id="demo:reference")
    browser.set_window_size(360, 800)
    browser.get(live_server.url + f"/a/{article.pk}/")  # follows the short link

    from selenium.webdriver.common.by import By

    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert (
        browser.execute_script("return getComputedStyle(document.body).direction")
        == "rtl"
    )

    crumbs = browser.find_element(By.CSS_SELECTOR, "nav.breadcrumbs")
    assert crumbs.is_displayed()
    assert crumbs.text.startswith("الرئيسية")
    assert "سياسة" in crumbs.text

    h1 = browser.find_element(By.TAG_NAME, "h1")
    assert h1.text == reference.TITLE
    assert h1.is_displayed()

    # Right to left: the title's text starts at the right edge of the column.
    layout = browser.execute_script(
        "const h=document.querySelector('h1').getBoundingClientRect();"
        "const m=document.querySelector('main').getBoundingClientRect();"
        "return [h.right, m.right, document.documentElement.scrollWidth, window.innerWidth];"
    )
    h1_right, main_right, scroll_width, inner_width = layout
    assert abs(main_right - h1_right) < 24
    assert scroll_width <= inner_width, "the page scrolls sideways at 360 px"

    # The Arabic webfont is the project's own, and it loaded.
    assert browser.execute_script(
        "return document.fonts.check('16px \"Noto Naskh Arabic\"')"
    )
    browser.save_screenshot(str(artifacts / "reference-article-360px.png"))
    assert (artifacts / "reference-article-360px.png").stat().st_size > 10_000
