"""Optional Akismet adapter: asks Akismet's ``comment-check`` API for a vote.

Off by default.  Khabar's own scoring is local and needs no third party; a
site that also wants Akismet's opinion adds this backend to
``KHABAR_SPAM_BACKENDS`` with an API key.  Without a key :meth:`check` makes
no request and returns no reasons.

Akismet requires the reader's IP address (``user_ip``), which the pure core
never sees.  The Django adapter passes it (and the user agent) as keyword
arguments only when the site has opted in, since it means sending personal
data to a third party; the privacy notice must say so.

Network failures, timeouts and "invalid" answers never block a comment: they
are logged and the backend returns no reasons ("fail open"), so local scoring
decides alone.

API reference: https://akismet.com/developers/detailed-docs/comment-check/

Worked example (with a fake transport, as in the tests)::

    >>> from khabar.comments.spam import CommentFeatures
    >>> class FakeResponse:
    ...     headers = {}
    ...     def read(self): return b"true"
    ...     def __enter__(self): return self
    ...     def __exit__(self, *exc): return None
    >>> backend = AkismetBackend(
    ...     api_key="k", blog="https://khabar.example/",
    ...     opener=lambda request, timeout: FakeResponse(),
    ... )
    >>> [r.code for r in backend.check(CommentFeatures(body="x"), user_ip="1.2.3.4")]
    ['akismet_spam']
"""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import urlencode

from khabar.comments.spam import CommentFeatures, Reason

__all__ = ["COMMENT_CHECK_URL", "AkismetBackend"]

logger = logging.getLogger(__name__)

COMMENT_CHECK_URL = "https://rest.akismet.com/1.1/comment-check"
USER_AGENT = "Khabar/0.1 | khabar.comments.spam.backends.akismet/1"


class _Response(Protocol):
    headers: Mapping[str, str]

    def read(self) -> bytes: ...

    def __enter__(self) -> _Response: ...

    def __exit__(self, *exc: object) -> object: ...


Opener = Callable[[urllib.request.Request, float], _Response]


def _urlopen(request: urllib.request.Request, timeout: float) -> _Response:
    # The URL is the fixed https constant above, never user input.
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310


class AkismetBackend:
    """``check(features) -> list[Reason]`` backed by Akismet's comment-check."""

    def __init__(
        self,
        *,
        api_key: str = "",
        blog: str = "",
        blog_lang: str = "ar",
        is_test: bool = False,
        timeout: float = 3.0,
        endpoint: str = COMMENT_CHECK_URL,
        opener: Opener | None = None,
    ) -> None:
        if api_key and not blog:
            msg = "AkismetBackend needs the site's front page URL as 'blog'."
            raise ValueError(msg)
        if not endpoint.startswith("https://"):
            msg = "The Akismet endpoint must be an https:// URL."
            raise ValueError(msg)
        self.api_key = api_key
        self.blog = blog
        self.blog_lang = blog_lang
        self.is_test = is_test
        self.timeout = timeout
        self.endpoint = endpoint
        self.opener: Opener = opener or _urlopen

    @property
    def enabled(self) -> bool:
        return bool(self.api_key)

    def build_request(
        self,
        features: CommentFeatures,
        *,
        user_ip: str = "",
        user_agent: str = "",
        referrer: str = "",
        permalink: str = "",
    ) -> urllib.request.Request:
        """The POST request for ``features`` (exposed for tests and logging)."""
        fields: dict[str, Any] = {
            "api_key": self.api_key,
            "blog": self.blog,
            "user_ip": user_ip,
            "user_agent": user_agent,
            "referrer": referrer,
            "permalink": permalink,
            "comment_type": "comment",
            "comment_author": features.author_name,
            "comment_author_email": features.email,
            "comment_author_url": features.url,
            "comment_content": features.body,
            "blog_lang": self.blog_lang,
            "blog_charset": "UTF-8",
        }
        if features.honeypot:
            fields["honeypot_field_name"] = "website_confirm"
            fields["website_confirm"] = features.honeypot
        if self.is_test:
            fields["is_test"] = "1"
        data = urlencode({k: v for k, v in fields.items() if v != ""}).encode()
        # The endpoint was checked to be https:// in __init__.
        return urllib.request.Request(  # noqa: S310
            self.endpoint,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent": USER_AGENT,
            },
        )

    def check(
        self,
        features: CommentFeatures,
        *,
        user_ip: str = "",
        user_agent: str = "",
        referrer: str = "",
        permalink: str = "",
    ) -> list[Reason]:
        """Ask Akismet; return a reason when it says spam, else nothing."""
        if not self.enabled:
            return []
        request = self.build_request(
            features,
            user_ip=user_ip,
            user_agent=user_agent,
            referrer=referrer,
            permalink=permalink,
        )
        try:
            with self.opener(request, self.timeout) as response:
                body = response.read().decode("utf-8", "replace").strip()
                headers = {k.casefold(): v for k, v in dict(response.headers).items()}
        except (OSError, ValueError) as exc:  # URLError and timeouts are OSError
            logger.warning("Akismet comment-check failed: %s", exc)
            return []
        if body == "true":
            if headers.get("x-akismet-pro-tip", "").strip() == "discard":
                return [
                    Reason(
                        "akismet_blatant",
                        "صنّفت خدمة Akismet التعليق رسالة مزعجة صريحة.",
                        8.0,
                    )
                ]
            return [
                Reason(
                    "akismet_spam",
                    "صنّفت خدمة Akismet التعليق رسالة مزعجة.",
                    4.0,
                )
            ]
        if body != "false":
            logger.warning(
                "Akismet comment-check gave an unexpected answer %r (%s).",
                body[:100],
                headers.get("x-akismet-debug-help", "no debug help"),
            )
        return []
