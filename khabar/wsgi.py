"""WSGI entry point: Django behind the page cache's hit path.

A stored page for an anonymous reader is answered by PageCacheWSGIMiddleware
without Django handling the request (khabar/core/cache.py, docs/deploy.md).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.production")

django_application = get_wsgi_application()

from khabar.core.middleware import PageCacheWSGIMiddleware  # noqa: E402 - after setup

application = PageCacheWSGIMiddleware(django_application)
