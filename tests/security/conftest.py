"""The headless Chromium fixtures of tests/browser, for the XSS browser test."""

from tests.browser.conftest import artifacts, browser  # noqa: F401
