"""Swappable spam-check backends (STYLE rule 6).

A backend is any object with ``check(features) -> list[Reason]``.  Django
settings name them by dotted path in an ordered list, for example::

    KHABAR_SPAM_BACKENDS = [
        {"BACKEND": "khabar.comments.spam.backends.dummy.DummyBackend"},
        {
            "BACKEND": "khabar.comments.spam.backends.akismet.AkismetBackend",
            "OPTIONS": {"api_key": "...", "blog": "https://khabar.example/"},
        },
    ]

The Django adapter instantiates each with its ``OPTIONS`` as keyword
arguments (see :func:`load_backend`), runs ``check`` and passes the returned
reasons to :func:`khabar.comments.spam.rules.score_comment` as
``extra_reasons``.  Local scoring never depends on a backend: the default
list is just the dummy one, and a failing remote backend returns no reasons
rather than raising.

Worked example::

    >>> from khabar.comments.spam import CommentFeatures
    >>> backend = load_backend("khabar.comments.spam.backends.dummy.DummyBackend")
    >>> backend.check(CommentFeatures(body="مرحبا"))
    []
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Protocol, runtime_checkable

from khabar.comments.spam import CommentFeatures, Reason

__all__ = ["SpamBackend", "load_backend"]


@runtime_checkable
class SpamBackend(Protocol):
    """The one method a spam backend implements."""

    def check(self, features: CommentFeatures) -> list[Reason]: ...


def load_backend(dotted_path: str, **options: Any) -> SpamBackend:
    """Import ``package.module.ClassName`` and instantiate it with ``options``."""
    module_path, _, class_name = dotted_path.rpartition(".")
    if not module_path:
        msg = f"{dotted_path!r} is not a dotted path to a backend class."
        raise ImportError(msg)
    backend_class = getattr(import_module(module_path), class_name)
    backend = backend_class(**options)
    if not isinstance(backend, SpamBackend):
        msg = f"{dotted_path!r} has no check(features) method."
        raise TypeError(msg)
    return backend
