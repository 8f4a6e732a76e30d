"""Production: only what must differ. Secrets come from the environment, no default."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise RuntimeError("ALLOWED_HOSTS is required in production settings.")

# HTTPS everywhere. Behind a TLS-terminating proxy, set KHABAR_BEHIND_PROXY=1.
SECURE_SSL_REDIRECT = env_bool("KHABAR_SSL_REDIRECT", True)
if env_bool("KHABAR_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("KHABAR_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("KHABAR_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_MAX_AGE = 31_536_000
