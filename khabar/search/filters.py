"""Reading search filters from request parameters (shared by the page and the API)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from wagtail.models import Page

from khabar.core.sites import scope_path
from khabar.news.models import Author, SectionPage


@dataclass
class SearchParams:
    query: str = ""
    page: int = 1
    filters: dict = field(default_factory=dict)
    #: Sentences for the reader about parameters that were ignored.
    errors: list[str] = field(default_factory=list)


def _date(value: str, label: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        errors.append(
            _("أُهمل التاريخ «%(value)s» في «%(label)s»: اكتبه بالشكل YYYY-MM-DD.")
            % {"value": value[:20], "label": label}
        )
        return None


def _param(params: Mapping[str, str], name: str) -> str:
    """A parameter's text without NUL characters (no slug or date has one, and
    PostgreSQL refuses them in a lookup) and surrounding spaces."""
    return (params.get(name) or "").replace("\x00", "").strip()


def search_params_parse(
    params: Mapping[str, str], *, site_root: Page | None = None
) -> SearchParams:
    """Query text, page number and filters from GET parameters; never raises.

    ``site_root``: the home page of the site searched. It goes into the
    filters, and a section slug is looked up among that site's sections
    (two titles may both have a "sport").
    """
    errors: list[str] = []
    raw_page = (params.get("page") or "1").strip()
    try:
        page = max(1, min(int(raw_page), 10_000))
    except ValueError:
        page = 1
        errors.append(_("رقم الصفحة ليس عدداً، فعُرضت الصفحة الأولى."))
    filters: dict = {"site_root": site_root}
    section_slug = _param(params, "section")
    if section_slug:
        sections = SectionPage.objects.live().filter(slug=section_slug[:255])
        if site_root is not None and (scope := scope_path(site_root.path)):
            sections = sections.filter(path__startswith=scope)
        section = sections.order_by("path").first()
        if section is None:
            errors.append(
                _("لا يوجد قسم «%s»، فشمل البحث كل الأقسام.") % section_slug[:60]
            )
        else:
            filters["section"] = section
    author_slug = _param(params, "author")
    if author_slug:
        author = Author.objects.filter(slug=author_slug[:150]).first()
        if author is None:
            errors.append(
                _("لا يوجد كاتب «%s»، فشمل البحث كل الكتّاب.") % author_slug[:60]
            )
        else:
            filters["author"] = author
    filters["date_from"] = _date(_param(params, "from"), "من", errors)
    filters["date_to"] = _date(_param(params, "to"), "إلى", errors)
    return SearchParams(
        query=(params.get("q") or "")[:10_000],
        page=page,
        filters=filters,
        errors=errors,
    )
