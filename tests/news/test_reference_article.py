"""The reference page, served by Khabar with every element a reader expects."""

import re

import pytest
from django.core.management import call_command

from khabar.core.models import SiteSettings
from khabar.news.demo import reference
from khabar.news.models import ArticlePage, BreakingItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return ArticlePage.objects.get(external_id="demo:reference")


def test_demo_load_is_idempotent(demo):
    counts = (ArticlePage.objects.count(), BreakingItem.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (ArticlePage.objects.count(), BreakingItem.objects.count()) == counts
    assert counts[0] >= 13
    sections = {a.get_parent().slug for a in ArticlePage.objects.all()}
    assert len(sections) >= 4


def test_reference_article_renders_every_element(client, demo, settings):
    settings.TIME_ZONE = "Asia/Damascus"  # the dates below are on the default clock
    response = client.get(demo.url)
    assert response.status_code == 200
    html = response.content.decode()
    # Breadcrumbs: الرئيسية » section » title
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert crumbs.index("الرئيسية") < crumbs.index("سياسة") < crumbs.index("وول ستريت")
    # Kicker, the title as the only h1, the lead
    assert '<p class="kicker">تقرير</p>' in html
    h1s = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1s == [reference.TITLE]
    assert reference.LEAD in html
    # Both parts of the story, the second under its sub-heading
    assert "علي مملوك" in html
    assert f'<h2 class="article-subheading">{reference.SUBHEADING}</h2>' in html
    assert html.index(reference.SUBHEADING) < html.index("مؤتمر جنيف")
    # Pull quote with attribution
    assert "<figcaption>— فيصل المقداد</figcaption>" in html
    # Dates (publication, in the site's style: both month names, Arabic digits)
    assert "١٥ كانون الثاني/يناير ٢٠١٤" in html
    assert 'datetime="2014-01-15T' in html
    # Byline, source attribution and cited outlets
    assert "شام تايمز – دمشق" in html
    assert "المصدر: " in html and "شام تايمز</a>" in html
    assert '<span class="cited__outlet">وول ستريت جورنال</span>' in html
    # Main image with caption and credit
    assert "(خبر – صورة توضيحية)" in html
    # Share links (plain links), follow links from site settings, no third-party JS
    for network in (
        "facebook.com/sharer",
        "x.com/intent",
        "wa.me",
        "t.me/share",
        "data-copy-link",
    ):
        assert network in html
    assert "https://www.facebook.com/khabar.example" in html
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    # See also and the comments slot
    assert "شاهد أيضاً" in html
    assert 'id="comments"' in html
    # The ticker on the page
    assert 'class="ticker"' in html


def test_see_also_on_reference_never_shows_itself(client, demo):
    html = client.get(demo.url).content.decode()
    see_also = html[html.index('id="see-also-title"') :]
    assert reference.TITLE not in see_also


def test_date_style_follows_site_settings(client, demo, settings):
    settings.TIME_ZONE = "Asia/Damascus"  # the dates below are on the default clock
    settings_obj = SiteSettings.for_site(demo.get_site())
    settings_obj.month_style = "egyptian"
    settings_obj.digit_style = "latin"
    settings_obj.save()
    html = client.get(demo.url).content.decode()
    assert "15 يناير 2014" in html
    settings_obj.month_style = "maghrebi"
    settings_obj.digit_style = "arabic"
    settings_obj.save()
    html = client.get(demo.url).content.decode()
    assert "١٥ يناير ٢٠١٤" in html
    settings_obj.month_style = "levantine"
    settings_obj.save()
    assert "١٥ كانون الثاني ٢٠١٤" in client.get(demo.url).content.decode()


def test_follow_links_only_when_configured(client, demo):
    settings_obj = SiteSettings.for_site(demo.get_site())
    settings_obj.facebook_url = ""
    settings_obj.x_url = ""
    settings_obj.telegram_url = ""
    settings_obj.save()
    html = client.get("/").content.decode()
    assert 'class="follow"' not in html
