"""Articles published the way editors publish them (after-commit work runs)."""

from tests.search.conftest import make_article  # noqa: F401
