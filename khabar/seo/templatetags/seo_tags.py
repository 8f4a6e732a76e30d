"""``{% seo_head %}``: canonical, description, OpenGraph, Twitter card,
JSON-LD and feed autodiscovery for whatever page is being shown."""

from django import template

from khabar.seo.meta import head_meta

register = template.Library()


@register.inclusion_tag("seo/head.html", takes_context=True)
def seo_head(context: template.Context) -> dict:
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    if not hasattr(page, "get_full_url"):
        page = None
    return {"meta": head_meta(request=request, page=page)}
