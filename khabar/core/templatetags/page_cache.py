"""Tags templates use to say what a page shows, so a change purges exactly it.

    {% load page_cache %}
    {% page_cache_tag article %}          this response shows ``article`` (a card, a crumb)
    {% page_cache_list_tag section %}     … and lists the stories published under ``section``
    {% page_cache_expires item.expires_at %}   … and is stale after that moment

Each renders nothing. Outside a cacheable request they do nothing at all.
"""

from typing import Any

from django import template

from khabar.core import cache as page_cache

register = template.Library()


@register.simple_tag
def page_cache_tag(*objects: Any) -> str:
    for obj in objects:
        if isinstance(obj, str):
            page_cache.tag_response(obj)
        elif getattr(obj, "pk", None) is not None:
            page_cache.tag_response(page_cache.page_tag(obj.pk))
    return ""


@register.simple_tag
def page_cache_list_tag(*pages: Any) -> str:
    for page in pages:
        if getattr(page, "pk", None) is not None:
            page_cache.tag_response(page_cache.list_tag(page.pk))
    return ""


@register.simple_tag
def page_cache_expires(when: Any) -> str:
    page_cache.expires_at(when)
    return ""
