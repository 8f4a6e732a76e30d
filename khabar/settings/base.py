"""Khabar settings: everything lives here and is read from the environment.

``dev``, ``test`` and ``production`` only override what must differ (STYLE rule 8).
Variables: ``DATABASE_URL``, ``REDIS_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``KHABAR_*`` (see README.md, "Configuration").
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("KHABAR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Outer apps first: their templates may fill the news templates' slots.
    "khabar.comments",
    "khabar.search",
    "khabar.spelling",
    "khabar.seo",
    "khabar.api",
    "khabar.importers",
    "khabar.news",
    "khabar.core",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    # Login lockout and optional two-factor authentication (khabar/core/auth.py);
    # always installed so their tables exist, switched on by settings below.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: serves stored pages and stores new ones (khabar/core/cache.py).
    "khabar.core.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "khabar.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous reads from the optional read replica (khabar/core/db.py).
    "khabar.core.db.ReplicaMiddleware",
    # The request's site and site settings from a memo (khabar/core/sites.py).
    "khabar.core.sites.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress links such as /?p=123 (the home page would answer them).
    "khabar.importers.middleware.WordPressRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khabar.urls"
WSGI_APPLICATION = "khabar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL (DATABASE_URL=postgres://...) is
# production. SQLite runs in WAL mode with a busy timeout and IMMEDIATE
# transactions, so concurrent writers queue instead of failing with
# "database is locked" (https://www.sqlite.org/wal.html).
SQLITE_PATH = VAR_DIR / "khabar.sqlite3"
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("KHABAR_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Optional read replica (PostgreSQL streaming replica) for anonymous readers:
# khabar/core/db.py decides which requests may read from it.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("KHABAR_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["khabar.core.db.ReplicaRouter"]
KHABAR_REPLICA_AFTER_PURGE_SECONDS = env_int("KHABAR_REPLICA_AFTER_PURGE_SECONDS", 10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------------
# Local memory by default; Redis (REDIS_URL) in production, shared by every app
# process. IGNORE_EXCEPTIONS keeps the site serving (uncached) while Redis is down.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("KHABAR_CACHE_PREFIX", "khabar"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "khabar.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "khabar",
            # Django's default of 300 entries is far too few for stored pages,
            # fragments, memos and "see also" cards; each process holds its own.
            "OPTIONS": {"MAX_ENTRIES": env_int("KHABAR_LOCAL_CACHE_ENTRIES", 3000)},
        }
    }

# Page cache for anonymous readers (docs/deploy.md): on by default, purged exactly
# on publish; KHABAR_PAGE_CACHE=0 turns it off (the benchmark's "cold" runs).
KHABAR_PAGE_CACHE = env_bool("KHABAR_PAGE_CACHE", True)
# Cached template fragments and per-request memos (khabar/core/cache.py); on by
# default, KHABAR_FRAGMENT_CACHE=0 renders everything from the database.
KHABAR_FRAGMENT_CACHE = env_bool("KHABAR_FRAGMENT_CACHE", True)
KHABAR_PAGE_CACHE_TTL = env_int("KHABAR_PAGE_CACHE_TTL", 3600)
# Behind nginx micro-caching: seconds nginx may keep a public page (X-Accel-Expires).
KHABAR_MICROCACHE_SECONDS = env_int("KHABAR_MICROCACHE_SECONDS", 0)

# --- Auth ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
KHABAR_ADMIN_PATH = env_str("KHABAR_ADMIN_PATH", "admin/").strip("/") + "/"

# Behind a reverse proxy the client's address comes from X-Forwarded-For, but only
# from these proxies (addresses or networks); default: a proxy on this machine.
KHABAR_BEHIND_PROXY = env_bool("KHABAR_BEHIND_PROXY", False)
KHABAR_TRUSTED_PROXIES = env_list(
    "KHABAR_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if KHABAR_BEHIND_PROXY else []
)

# Login lockout (django-axes): 5 wrong passwords for one account from one address
# pause that pair for 15 minutes; a successful login resets the count. The backend
# needs the request: tests sign in with client.force_login or through the view.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("KHABAR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KHABAR_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "khabar.core.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "khabar.core.auth.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# Optional two-factor authentication for staff (django-otp TOTP): KHABAR_2FA=1
# asks staff who have an authenticator device for its code after the password;
# KHABAR_2FA_REQUIRED=1 also makes staff without one add one first.
KHABAR_2FA = env_bool("KHABAR_2FA", False)
KHABAR_2FA_REQUIRED = env_bool("KHABAR_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = env_str("KHABAR_SITE_NAME", "خبر")
if KHABAR_2FA or KHABAR_2FA_REQUIRED:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "khabar.core.auth.StaffOTPMiddleware",
    )

# --- Language and time -----------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the newsroom's zone.
TIME_ZONE = env_str("KHABAR_TIME_ZONE", "Asia/Damascus")

# --- Static and media ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("KHABAR_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Media on S3-compatible object storage when a bucket is named (pip install
# khabar[s3]); app processes then keep no state on local disk.
AWS_STORAGE_BUCKET_NAME = env_str("KHABAR_S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("KHABAR_S3_ENDPOINT_URL", None)
    AWS_S3_CUSTOM_DOMAIN = env_str("KHABAR_S3_CUSTOM_DOMAIN", None)
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
WHITENOISE_MAX_AGE = 3600

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("KHABAR_SITE_NAME", "خبر")
WAGTAILADMIN_BASE_URL = env_str("KHABAR_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAIL_WORKFLOW_ENABLED = True
# The database backend plus Khabar's Arabic search for articles (admin search).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "khabar.search.backends.admin"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "csv", "xlsx"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILREDIRECTS_AUTO_CREATE = True
# Nothing leaves the site: no Gravatar lookups of staff emails, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Mail ------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "KHABAR_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("KHABAR_FROM_EMAIL", "newsroom@localhost")
EMAIL_HOST = env_str("KHABAR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KHABAR_EMAIL_PORT", 25)

# --- Security defaults (production tightens them) ---------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- Logging: to stderr; nothing personal is ever logged. ------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("KHABAR_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Comments (khabar/comments; the privacy page at /comments/privacy/ quotes these) --
KHABAR_COMMENTS_MAX_LENGTH = env_int("KHABAR_COMMENTS_MAX_LENGTH", 3000)
# Hard limits per hashed IP and per hashed e-mail, per window; 0 turns one off.
KHABAR_COMMENTS_RATE_WINDOW = env_int("KHABAR_COMMENTS_RATE_WINDOW", 600)
KHABAR_COMMENTS_RATE_PER_IP = env_int("KHABAR_COMMENTS_RATE_PER_IP", 5)
KHABAR_COMMENTS_RATE_PER_EMAIL = env_int("KHABAR_COMMENTS_RATE_PER_EMAIL", 5)
KHABAR_COMMENTS_TIME_TRAP = env_bool("KHABAR_COMMENTS_TIME_TRAP", True)
KHABAR_COMMENTS_RETENTION_DAYS = env_int("KHABAR_COMMENTS_RETENTION_DAYS", 30)
KHABAR_COMMENTS_NOTIFY_EMAILS = env_list("KHABAR_COMMENTS_NOTIFY_EMAILS", [])
KHABAR_SPAM_BACKENDS = [{"BACKEND": "khabar.comments.spam.backends.dummy.DummyBackend"}]

# --- SEO, feeds and the API (khabar.seo, khabar.api) ------------------------------
# Staging copies: KHABAR_ROBOTS_DISALLOW_ALL=1 makes robots.txt disallow everything.
KHABAR_ROBOTS_DISALLOW_ALL = env_bool("KHABAR_ROBOTS_DISALLOW_ALL", False)
# CORS is off unless origins are named, e.g. "https://app.example,https://m.example",
# and then only for the API.
CORS_ALLOWED_ORIGINS = env_list("KHABAR_CORS_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khabar API",
    "DESCRIPTION": "Read-only news content (Wagtail API v2), the breaking-news "
    "ticker and article comments. Arabic content; dates in ISO 8601.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The public API only (as /api/schema/ serves it), also for check --deploy,
    # which otherwise trips over Wagtail's admin API views.
    "PREPROCESSING_HOOKS": ["khabar.api.schemas.only_public_api"],
}
WAGTAILAPI_LIMIT_MAX = 100

# --- Spelling variants of names (khabar/spelling, issue 9) -------------------------
# Search matches every spelling of a name (ترامب/ترمب); the typed one ranks first.
KHABAR_SEARCH_TERM_EXPANDERS = ["khabar.spelling.selectors.query_alternatives"]
KHABAR_SEARCH_SUGGESTER = "khabar.spelling.selectors.search_suggestion"
# Suggested groups at least this confident apply before an editor reviews them.
KHABAR_SPELLING_AUTO_CONFIDENCE = float(
    env_str("KHABAR_SPELLING_AUTO_CONFIDENCE", "0.7")
)
# "Did you mean" is offered when a search finds fewer stories than this.
KHABAR_SPELLING_SUGGEST_BELOW = env_int("KHABAR_SPELLING_SUGGEST_BELOW", 10)

# --- Periodic jobs (manage.py khabar_worker) ----------------------------------------
KHABAR_PERIODIC_COMMANDS = [
    "publish_scheduled",
    "comments_purge",
    "search_reindex_pending",
]
# A section renamed or put behind a login, with more stories than this, has them
# re-indexed by the worker (within a minute) rather than in the request.
KHABAR_SEARCH_SECTION_REINDEX_INLINE = env_int(
    "KHABAR_SEARCH_SECTION_REINDEX_INLINE", 300
)
