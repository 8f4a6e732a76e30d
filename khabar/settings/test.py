"""Tests: fast hasher, local-memory cache, immediate tasks, a fake secret.

DATABASE_URL and REDIS_URL still apply, so CI runs the same suite on PostgreSQL
and Redis (see .ci/run).
"""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
MEDIA_ROOT = os.environ.get("KHABAR_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="khabar-test-media-"
)
# The page and fragment caches are off in tests; tests/core/test_cache*.py turn them on.
KHABAR_PAGE_CACHE = False
KHABAR_FRAGMENT_CACHE = False
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "khabar-test",
        }
    }
WAGTAILADMIN_BASE_URL = "http://testserver"
# A stand-in read replica (the test database itself), unused unless a test turns
# on the replica router (tests/core/test_replica.py).
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
