"""Old WordPress query-string links (``/?p=123``) → their imported pages.

Wagtail's ``RedirectMiddleware`` only looks for a redirect when the response is
a 404, and ``/`` is the home page (200), so ``/?p=123`` would show the home
page instead of the story.  This middleware answers the handful of WordPress
query keys from the ``Redirect`` rows the importer wrote, before any view runs,
and costs nothing for requests without those keys.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

#: WordPress's "ugly" permalink keys: post, page, attachment, category, tag, feed.
WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "feed")


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
        return self.get_response(request)

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
