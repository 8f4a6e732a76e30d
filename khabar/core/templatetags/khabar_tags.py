"""Template tags shared by every page: Arabic dates and digits in the site's style."""

from datetime import datetime

from django import template
from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from khabar.core import dates
from khabar.core.models import SiteSettings

register = template.Library()


def _site_settings(context: template.Context) -> SiteSettings | None:
    request = context.get("request")
    if request is None:
        return None
    return SiteSettings.for_request(request)  # Wagtail caches it on the request


def _styles(context: template.Context) -> tuple[str, str]:
    site_settings = _site_settings(context)
    if site_settings is None:
        return "both", "arabic"
    return site_settings.month_style, site_settings.digit_style


@register.simple_tag(takes_context=True)
def arabic_date(context: template.Context, value: datetime | None) -> str:
    """The date in the site's month style and digits, in the site's time zone."""
    if value is None:
        return ""
    style, digits = _styles(context)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dates.format_date(value, style=style, digits=digits)


@register.simple_tag(takes_context=True)
def arabic_datetime(context: template.Context, value: datetime | None) -> str:
    if value is None:
        return ""
    style, digits = _styles(context)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dates.format_datetime(value, style=style, digits=digits)


@register.simple_tag(takes_context=True)
def site_digits(context: template.Context, value: object) -> str:
    """A number written with the site's digits."""
    _, digits = _styles(context)
    return dates.to_digits(str(value), digits)


@register.simple_tag(takes_context=True)
def site_name(context: template.Context) -> str:
    """The name of the site serving this request (Wagtail caches the site on it)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
