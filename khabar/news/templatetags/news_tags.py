"""Site-wide news furniture: navigation, breaking ticker, breadcrumbs."""

from django import template
from wagtail.models import Page, Site

from khabar.news.selectors import (
    article_see_also,
    breaking_list_active,
    section_list_for_nav,
)

register = template.Library()


@register.inclusion_tag("news/includes/ticker.html")
def breaking_ticker() -> dict:
    return {"items": breaking_list_active()}


@register.inclusion_tag("news/includes/nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict:
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    home = site.root_page if site is not None else None
    current = context.get("page")
    return {
        "sections": section_list_for_nav(home=home),
        "home": home,
        "current_path": getattr(current, "path", ""),
    }


@register.inclusion_tag("news/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, page: Page) -> dict:
    """الرئيسية » section » title: the ancestors below the tree root, then the page."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1).specific())
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("news/includes/see_also_list.html")
def see_also(article: Page) -> dict:
    """Default "شاهد أيضاً": the latest other stories of the same section."""
    return {"see_also": article_see_also(article=article)}
