"""Old WordPress query-string links (``/?p=123``) and paginated archives
(``/category/x/page/2/``) → their imported pages.

Wagtail's ``RedirectMiddleware`` only looks for a redirect when the response is
a 404, and ``/`` is the home page (200), so ``/?p=123`` would show the home
page instead of the story.  This middleware answers the handful of WordPress
query keys from the ``Redirect`` rows the importer wrote, before any view runs,
and costs nothing for requests without those keys.

Archive pages beyond the first (``…/page/N/``) have no rows of their own (N
has no bound): when such a path is not found, the archive's own redirect is
looked up and followed with ``?page=N`` (sections and searches paginate with
that parameter).  The blog's ``/page/N/`` lands on the home page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

#: WordPress's "ugly" permalink keys: post, page, attachment, category, tag,
#: author, feed.
WORDPRESS_QUERY_KEYS = (
    "p",
    "page_id",
    "attachment_id",
    "cat",
    "tag",
    "author",
    "feed",
)
_PAGED = re.compile(r"^(?P<base>.*/)page/(?P<number>[1-9][0-9]{0,5})/?$")


class WordPressRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.GET:
            key = next((k for k in WORDPRESS_QUERY_KEYS if k in request.GET), None)
            if key is not None:
                response = self._redirect(request, key)
                if response is not None:
                    return response
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            paged = _PAGED.match(request.path)
            if paged is not None:
                return self._paged(request, paged["base"], paged["number"]) or response
        return response

    @staticmethod
    def _paged(request: HttpRequest, base: str, number: str) -> HttpResponse | None:
        redirect = get_redirect(
            request, Redirect.normalise_path(base, decode_unicode=False)
        )
        if redirect is None or not redirect.link:
            # The blog's own /page/N/: its front page is Khabar's home page
            # (a blog in a sub-folder has a redirect row for its folder).
            return HttpResponsePermanentRedirect("/") if base == "/" else None
        link = redirect.link
        if number != "1":
            link += ("&" if "?" in link else "?") + f"page={number}"
        if redirect.is_permanent:
            return HttpResponsePermanentRedirect(link)
        return HttpResponseRedirect(link)

    @staticmethod
    def _redirect(request: HttpRequest, key: str) -> HttpResponse | None:
        # Only the WordPress key counts: /?p=1&utm_source=x lands like /?p=1.
        value = request.GET[key]
        path = Redirect.normalise_path(
            f"{request.path}?{key}={value}", decode_unicode=False
        )
        redirect = get_redirect(request, path)
        if redirect is None or not redirect.link:
            return None
        if redirect.is_permanent:
            return HttpResponsePermanentRedirect(redirect.link)
        return HttpResponseRedirect(redirect.link)
