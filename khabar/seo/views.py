"""Thin views: robots.txt, and the sitemap views with Khabar's sitemaps."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import views as sitemap_views

from .meta import absolute_url
from .models import SeoSettings
from .news_sitemap import NewsSitemap
from .sitemaps import SITEMAPS


def robots_txt(request: HttpRequest) -> HttpResponse:
    seo_settings = SeoSettings.for_request(request)
    disallow_all = seo_settings.robots_disallow_all or getattr(
        settings, "KHABAR_ROBOTS_DISALLOW_ALL", False
    )
    sitemaps = [
        absolute_url(request, reverse("seo:sitemap-index")),
        absolute_url(request, reverse("seo:sitemap-news")),
    ]
    context = {
        "disallow_all": disallow_all,
        "extra": seo_settings.robots_extra.strip().replace("\r\n", "\n"),
        "sitemaps": sitemaps,
    }
    return TemplateResponse(
        request, "seo/robots.txt", context, content_type="text/plain; charset=utf-8"
    )


def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request, SITEMAPS, sitemap_url_name="seo:sitemap-section"
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


def sitemap_news(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(
        request, {"news": NewsSitemap}, template_name="seo/sitemap_news.xml"
    )
