"""Query filters of the content endpoints: section, tag, author, dates, order."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from khabar.news.models import SectionPage

ARTICLE_ORDERS = (
    "published_at",
    "-published_at",
    "last_published_at",
    "-last_published_at",
    "title",
    "-title",
    "id",
    "-id",
)


def _positive_int(value: str, name: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadRequestError(f"{name} must be a positive integer")
    return int(value)


def _moment(value: str, name: str, *, end_of_day: bool) -> datetime:
    try:
        day = parse_date(value)
        if day is not None:  # a whole day, in the newsroom's time zone
            moment = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            moment = parse_datetime(value)
            if moment is None:
                raise ValueError
    except ValueError:
        raise BadRequestError(
            f"{name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ArticleFilter(BaseFilterBackend):
    """``?section=<id>`` (with subsections), ``?tag=a,b`` (all of them),
    ``?author=<id or slug>``, ``?published_after=`` / ``?published_before=``."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        if "section" in params:
            pk = _positive_int(params["section"], "section")
            section = SectionPage.objects.live().public().filter(pk=pk).first()
            if section is None:
                return queryset.none()
            queryset = queryset.descendant_of(section)
        if "tag" in params:
            for tag in filter(None, (t.strip() for t in params["tag"].split(","))):
                queryset = queryset.filter(tags__name=tag)
        if "author" in params:
            author = params["author"]
            if author.isascii() and author.isdigit():
                queryset = queryset.filter(authors__pk=_positive_int(author, "author"))
            else:
                queryset = queryset.filter(authors__slug=author)
        if "published_after" in params:
            moment = _moment(
                params["published_after"], "published_after", end_of_day=False
            )
            queryset = queryset.filter(published_at__gte=moment)
        if "published_before" in params:
            moment = _moment(
                params["published_before"], "published_before", end_of_day=True
            )
            queryset = queryset.filter(published_at__lte=moment)
        return queryset.distinct()


class StableOrderingFilter(BaseFilterBackend):
    """``?order=`` from a fixed list; the id breaks ties so pages never overlap."""

    def filter_queryset(self, request, queryset, view):
        allowed = view.orders
        order = request.GET.get("order") or view.default_order
        if order not in allowed:
            raise BadRequestError("order must be one of: " + ", ".join(allowed))
        tiebreak = "-pk" if order.startswith("-") else "pk"
        return queryset.order_by(order, tiebreak)
