"""schema.org structured data for news pages, built from plain values.

A pure module (standard library only; STYLE rule 3): the template tag in
``khabar.seo.templatetags.seo_tags`` reads a page and passes plain strings and
datetimes here, so the shapes can be checked without a database. Specs:
https://schema.org/NewsArticle, https://schema.org/BreadcrumbList,
https://developers.google.com/search/docs/appearance/structured-data/article
and https://developers.google.com/search/docs/appearance/site-names.

Worked example::

    >>> from datetime import datetime, timezone
    >>> data = news_article(
    ...     headline="عنوان الخبر",
    ...     url="https://news.example/politics/story/",
    ...     description="مقدمة الخبر.",
    ...     date_published=datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc),
    ...     date_modified=None,
    ...     authors=[person("كاتب")],
    ...     publisher=organization("خبر", "https://news.example/"),
    ...     images=[],
    ...     section="سياسة",
    ... )
    >>> data["@type"], data["inLanguage"], data["dateModified"]
    ('NewsArticle', 'ar', '2024-05-01T09:00:00+00:00')
    >>> to_script(breadcrumb_list([("الرئيسية", "https://news.example/")]))[:45]
    '{"@context": "https://schema.org", "@type": "'

Dates are written in ISO 8601 with their offset, as Google asks; a missing
``dateModified`` falls back to ``datePublished`` (Google recommends both).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

CONTEXT = "https://schema.org"
LANGUAGE = "ar"
SEARCH_TERM = "search_term_string"

JsonDict = dict[str, Any]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(data: JsonDict) -> JsonDict:
    """Drop empty values: schema.org consumers prefer a missing key to ``""``."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def person(name: str, url: str | None = None) -> JsonDict:
    return _clean({"@type": "Person", "name": name, "url": url})


def organization(
    name: str, url: str | None = None, logo_url: str | None = None
) -> JsonDict:
    logo = _clean({"@type": "ImageObject", "url": logo_url}) if logo_url else None
    return _clean({"@type": "Organization", "name": name, "url": url, "logo": logo})


def news_article(
    *,
    headline: str,
    url: str,
    description: str,
    date_published: datetime | None,
    date_modified: datetime | None,
    authors: Sequence[JsonDict],
    publisher: JsonDict,
    images: Sequence[str],
    section: str | None,
    keywords: Iterable[str] = (),
    language: str = LANGUAGE,
) -> JsonDict:
    """A NewsArticle: what the article page shows, for search engines."""
    published = _iso(date_published)
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": headline,
            "description": description,
            "datePublished": published,
            "dateModified": _iso(date_modified) or published,
            # Google accepts the publisher as author when nobody is named.
            "author": list(authors) or [publisher],
            "publisher": publisher,
            "image": list(images),
            "articleSection": section,
            "keywords": ", ".join(keywords),
            "inLanguage": language,
        }
    )


def breadcrumb_list(items: Sequence[tuple[str, str | None]]) -> JsonDict:
    """A BreadcrumbList from (name, url) pairs, outermost first.

    The last crumb (the page itself) may have no url, as Google allows.
    """
    elements = []
    for position, (name, url) in enumerate(items, start=1):
        elements.append(
            _clean(
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": name,
                    "item": url,
                }
            )
        )
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": elements}


def website(
    *, name: str, url: str, search_url: str, language: str = LANGUAGE
) -> JsonDict:
    """A WebSite with a SearchAction (the sitelinks search box).

    ``search_url`` is the search page's absolute address without a query, e.g.
    ``https://news.example/search/``; the template adds ``?q={search_term_string}``.
    """
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": name,
        "url": url,
        "inLanguage": language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{{SEARCH_TERM}}}",
            },
            "query-input": f"required name={SEARCH_TERM}",
        },
    }


_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def to_script(data: JsonDict) -> str:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are escaped so that a headline containing
    ``</script>`` cannot end the element; Arabic stays readable (no \\u escapes).
    """
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
