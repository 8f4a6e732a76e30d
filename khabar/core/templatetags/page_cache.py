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


class FragmentNode(template.Node):
    def __init__(
        self, name: template.base.FilterExpression, vary: list, nodelist
    ) -> None:
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        from django.utils.safestring import mark_safe

        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        html = page_cache.fragment(
            name, vary, lambda: self.nodelist.render(context), context.get("request")
        )
        return mark_safe(html)  # noqa: S308 - rendered by our own templates


@register.tag
def cachefragment(
    parser: template.base.Parser, token: template.base.Token
) -> FragmentNode:
    """{% cachefragment "name" vary… %}…{% endcachefragment %}: purged by tag, exactly.

    Everything the block shows must be named by ``vary`` (the page, the page number
    comes from the query string by itself) or recorded with the tags above.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachefragment needs a name.")
    nodelist = parser.parse(("endcachefragment",))
    parser.delete_first_token()
    return FragmentNode(
        parser.compile_filter(bits[1]),
        [parser.compile_filter(b) for b in bits[2:]],
        nodelist,
    )
