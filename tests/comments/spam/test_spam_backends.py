"""Spam backends: loading by dotted path, the dummy, the Akismet adapter.

The Akismet adapter is exercised with an injected fake transport: no test
touches the network.
"""

from __future__ import annotations

import urllib.request
from urllib.error import URLError
from urllib.parse import parse_qs

import pytest

from khabar.comments.spam import CommentFeatures
from khabar.comments.spam.backends import SpamBackend, load_backend
from khabar.comments.spam.backends.akismet import COMMENT_CHECK_URL, AkismetBackend
from khabar.comments.spam.backends.dummy import DummyBackend

FEATURES = CommentFeatures(
    body="تعليق للتجربة",
    author_name="قارئ",
    email="reader@example.com",
    url="https://reader.example.com",
)


class FakeResponse:
    def __init__(self, body: bytes, headers: dict[str, str] | None = None) -> None:
        self._body = body
        self.headers = headers or {}

    def read(self) -> bytes:
        return self._body

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class FakeOpener:
    def __init__(self, response: FakeResponse | Exception) -> None:
        self.response = response
        self.calls: list[tuple[urllib.request.Request, float]] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> FakeResponse:
        self.calls.append((request, timeout))
        if isinstance(self.response, Exception):
            raise self.response
        return self.response


def akismet(opener: FakeOpener, **kwargs: object) -> AkismetBackend:
    return AkismetBackend(
        api_key="secret-key",
        blog="https://khabar.example/",
        opener=opener,
        **kwargs,  # type: ignore[arg-type]
    )


def test_dummy_backend_finds_nothing() -> None:
    backend = DummyBackend(anything=1)
    assert isinstance(backend, SpamBackend)
    assert backend.check(FEATURES) == []


def test_load_backend_by_dotted_path_with_options() -> None:
    backend = load_backend(
        "khabar.comments.spam.backends.akismet.AkismetBackend",
        api_key="",
        blog="",
    )
    assert isinstance(backend, AkismetBackend)
    assert not backend.enabled


def test_load_backend_rejects_bad_paths() -> None:
    with pytest.raises(ImportError):
        load_backend("NoDots")
    with pytest.raises(TypeError):
        load_backend("khabar.comments.spam.CommentFeatures", body="x")


def test_akismet_without_key_is_off_and_makes_no_request() -> None:
    opener = FakeOpener(FakeResponse(b"true"))
    backend = AkismetBackend(opener=opener)
    assert backend.check(FEATURES, user_ip="203.0.113.9") == []
    assert opener.calls == []


def test_akismet_builds_the_comment_check_request() -> None:
    opener = FakeOpener(FakeResponse(b"false"))
    backend = akismet(opener, is_test=True, timeout=2.5)
    assert (
        backend.check(
            FEATURES,
            user_ip="203.0.113.9",
            user_agent="Mozilla/5.0",
            permalink="https://khabar.example/news/1/",
        )
        == []
    )
    ((request, timeout),) = opener.calls
    assert timeout == 2.5
    assert request.full_url == COMMENT_CHECK_URL
    assert request.get_method() == "POST"
    assert request.get_header("Content-type").startswith(
        "application/x-www-form-urlencoded"
    )
    assert "Khabar" in request.get_header("User-agent")
    assert isinstance(request.data, bytes)
    fields = {k: v[0] for k, v in parse_qs(request.data.decode()).items()}
    assert fields == {
        "api_key": "secret-key",
        "blog": "https://khabar.example/",
        "user_ip": "203.0.113.9",
        "user_agent": "Mozilla/5.0",
        "permalink": "https://khabar.example/news/1/",
        "comment_type": "comment",
        "comment_author": "قارئ",
        "comment_author_email": "reader@example.com",
        "comment_author_url": "https://reader.example.com",
        "comment_content": "تعليق للتجربة",
        "blog_lang": "ar",
        "blog_charset": "UTF-8",
        "is_test": "1",
    }


def test_akismet_spam_answer_becomes_a_reason() -> None:
    reasons = akismet(FakeOpener(FakeResponse(b"true"))).check(FEATURES)
    assert [r.code for r in reasons] == ["akismet_spam"]
    assert reasons[0].weight > 0
    assert "Akismet" in reasons[0].message


def test_akismet_discard_tip_is_blatant_spam() -> None:
    response = FakeResponse(b"true", {"X-akismet-pro-tip": "discard"})
    reasons = akismet(FakeOpener(response)).check(FEATURES)
    assert [r.code for r in reasons] == ["akismet_blatant"]


@pytest.mark.parametrize(
    "outcome",
    [
        FakeResponse(b"invalid", {"X-akismet-debug-help": "Empty user_ip"}),
        URLError("no route"),
        TimeoutError("slow"),
    ],
)
def test_akismet_fails_open(outcome: FakeResponse | Exception) -> None:
    assert akismet(FakeOpener(outcome)).check(FEATURES) == []


def test_akismet_configuration_errors() -> None:
    with pytest.raises(ValueError, match="blog"):
        AkismetBackend(api_key="k")
    with pytest.raises(ValueError, match="https"):
        AkismetBackend(api_key="k", blog="https://x/", endpoint="file:///etc/passwd")
