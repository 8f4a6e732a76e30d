"""ASGI entry point: Django behind the page cache's hit path (as khabar/wsgi.py).

A stored page for an anonymous reader is answered by PageCacheASGIMiddleware
without Django handling the request (khabar/core/cache.py, docs/deploy.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.production")

django_application = get_asgi_application()

from khabar.core.middleware import PageCacheASGIMiddleware  # noqa: E402 - after setup

application = PageCacheASGIMiddleware(django_application)
