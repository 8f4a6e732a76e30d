"""A spam backend that finds nothing: the default and the one for tests.

Worked example::

    >>> from khabar.comments.spam import CommentFeatures
    >>> DummyBackend().check(CommentFeatures(body="أي نص"))
    []
"""

from __future__ import annotations

from typing import Any

from khabar.comments.spam import CommentFeatures, Reason

__all__ = ["DummyBackend"]


class DummyBackend:
    """Accepts and ignores any options; never adds a reason."""

    def __init__(self, **options: Any) -> None:
        self.options = options

    def check(self, features: CommentFeatures) -> list[Reason]:
        return []
