import pytest

from khabar.core import cache as page_cache


@pytest.fixture
def cached(settings, tmp_path):
    """The page and fragment caches on, as in production (tests run without)."""
    settings.KHABAR_PAGE_CACHE = True
    settings.KHABAR_FRAGMENT_CACHE = True
    settings.KHABAR_PAGE_CACHE_JOURNAL = str(tmp_path / "purges.log")
    page_cache.reset()
    page_cache.purge_all()
    yield
    page_cache.purge_all()
    page_cache.reset()


@pytest.fixture
def fragments_only(cached, settings):
    """The benchmark's "cold" setting: no stored pages, cached fragments and memos."""
    settings.KHABAR_PAGE_CACHE = False
    page_cache.reset()
    yield
