"""Offset pagination with firm bounds, Wagtail API v2 style (meta.total_count)."""

from django.conf import settings
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000


def _bounded(request, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit():
        raise BadRequestError(f"{name} must be a positive integer")
    value = int(raw)
    if value > maximum:
        raise BadRequestError(f"{name} cannot be higher than {maximum}")
    return value


class BoundedPagination(WagtailPagination):
    """``limit`` (default 20, at most ``WAGTAILAPI_LIMIT_MAX``) and ``offset``.

    Bounds are checked before the database sees them, so a huge offset is a
    400, not a database integer overflow.
    """

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 100)
        limit = _bounded(request, "limit", min(DEFAULT_LIMIT, limit_max), limit_max)
        offset = _bounded(request, "offset", 0, MAX_OFFSET)
        self.view = view
        self.total_count = queryset.count()
        return list(queryset[offset : offset + limit])
