"""Search template tags: "see also" from the related-stories cache, query links."""

from django import template
from django.http import QueryDict
from wagtail.models import Page

from khabar.search.selectors import article_related_hits

register = template.Library()


@register.inclusion_tag("search/includes/see_also_list.html")
def related_articles(article: Page) -> dict:
    """ "شاهد أيضاً": cards of stories related by content, from the cache."""
    return {"see_also": [hit.article for hit in article_related_hits(article=article)]}


@register.simple_tag(takes_context=True)
def search_page_url(context: template.Context, page: int) -> str:
    """The current search URL with another page number."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params["page"] = str(page)
    return "?" + params.urlencode()
