"""Refbax settings, configured by environment variables only.

Defaults suit a laptop (DEBUG on, SQLite and the shared cache in var/); with
DEBUG off the site refuses to start without a strong SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
    _check_secret_key,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from refbax.environment import email_settings, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", default=True)

# Public (it is in the repository): whoever knows it can sign cookies and links as the site does.
# Only for DEBUG on; refbax/checks.py warns when such a site can be reached from elsewhere.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-for-debug"
_MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def production_secret_key(value):
    """`value` when it is strong enough to sign in production; ImproperlyConfigured otherwise.

    Weak is what Django's own security check calls weak (security.W009): fewer than 50
    characters, fewer than 5 different ones, or the "django-insecure-" prefix.
    """
    if not value:
        raise ImproperlyConfigured(
            f"SECRET_KEY is required when DEBUG is off: set it to a long random value, for example the output of: "
            f"{_MAKE_A_KEY}"
        )
    if value == DEVELOPMENT_SECRET_KEY or not _check_secret_key(value):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for DEBUG off: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, no '{SECRET_KEY_INSECURE_PREFIX}' prefix, "
            f"and not the public development key; anyone could guess it and forge signed cookies. "
            f"Set it to a long random value, for example the output of: {_MAKE_A_KEY}"
        )
    return value


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG:
    SECRET_KEY = production_secret_key(SECRET_KEY)
elif not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Absolute base URL of the public site, used for canonical links and shares.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_prose_editor",
    "django_tasks_db",
    "taggit",
    # The project's apps, from the bottom of the stack up: each imports only those before it
    # (README, "What is in it"; tests/refbax/test_layout.py).
    "pagecache",
    "site_settings",
    "media_library",
    "articles",
    "comments",
    "newsroom",
    "redirects",
    "wordpress",
    "refbax",
]

MIDDLEWARE = [
    "refbax.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "refbax.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # WordPress's /?p=123 links reach their redirect before the page cache answers for "/".
    "redirects.middleware.IdRedirectMiddleware",
    # Inside the CSRF middleware, which sets the cookie for the token a cached page receives;
    # outside the rest, which a page served from the cache does without (its headers are stored).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "refbax.middleware.DatabaseUnavailableMiddleware",
    # Inside CommonMiddleware: it must see a view's 404 before a slash is appended (see redirects/middleware.py).
    "redirects.middleware.RedirectFallbackMiddleware",
    # Last, as its documentation asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "refbax.urls"
WSGI_APPLICATION = "refbax.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "refbax.context_processors.site",
                "pagecache.middleware.csrf_placeholder",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Persistent connections, checked before each reuse.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several gunicorn workers share the file: readers go on while one writes (WAL), and a
    # transaction takes the write lock as it begins, so it waits its turn rather than failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # JIT compilation costs a web page's whole budget on queries the planner guesses to be big.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names once collected; plain files while developing.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "refbax.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Uploaded images: refused above this size or pixel count (decompression bombs).
MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

# Tuned for French prose: 937 words read in 4 minutes, 240 words in 1 minute.
READING_WORDS_PER_MINUTE = int(os.environ.get("READING_WORDS_PER_MINUTE", "250"))

ARTICLES_PER_PAGE = 10
RELATED_ARTICLES_COUNT = 4

# Comments: moderation rules, limits and anti-flood (see comments/moderation.py).
COMMENTS_MODERATION = os.environ.get("COMMENTS_MODERATION", "known")  # "known", "all" or "none"
COMMENTS_MAX_DEPTH = 3
COMMENTS_MAX_LINKS = 2
COMMENTS_MIN_SECONDS = float(os.environ.get("COMMENTS_MIN_SECONDS", "3"))
COMMENTS_TOKEN_MAX_SECONDS = 6 * 3600  # an older form token is stale (comments/tokens.py)
COMMENTS_EDIT_SECONDS = 15 * 60  # how long an author may edit their comment (deleting it: at any time)
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "0")) or None
COMMENTS_BODY_MAX_LENGTH = 5000
# At most 5 comments per address per 10 minutes ("COUNT/SECONDS" in the environment).
COMMENTS_RATE_LIMIT = tuple(int(part) for part in os.environ.get("COMMENTS_RATE_LIMIT", "5/600").split("/"))
# Proxies whose X-Forwarded-For is believed; any other sender's header is ignored.
COMMENTS_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
COMMENTS_COOKIE_NAME = "refbax_commenter"
COMMENTS_COOKIE_MAX_AGE = 365 * 24 * 3600
COMMENTS_NOTIFICATION_MAX_AGE = 30 * 24 * 3600  # unsubscribe links expire after 30 days

URLIZE_ASSUME_HTTPS = True

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Redis, shared by every app server, when REDIS_URL is set; otherwise files in CACHE_DIR,
# shared by every process of this machine (see pagecache/backends.py and bench/stores.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR", VAR_DIR / "cache"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "refbax"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.SharedFileCache",
            "LOCATION": str(CACHE_DIR),
            # Past 512 MB, the least recently stored entries go first. Pages are kept inside the
            # SQLite file rather than as files of their own: read twice as fast.
            "OPTIONS": {"size_limit": 512 * 1024 * 1024, "disk_min_file_size": 1024 * 1024},
        }
    }
# Sessions in the database, read through the cache: shared, and still working without Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Printed while developing; in production, the machine's own mail server unless told otherwise.
EMAIL_URL = os.environ.get("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25?tls=0")
MAILERS = email_settings(EMAIL_URL)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Refbax <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# E-mails leave through a task: at once while developing, through the database
# queue and `manage.py db_worker` in production.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Strict policy: only first-party files, no inline code. The admin's few
# inline scripts (import map, prepopulated fields) carry the request nonce,
# which Django adds to the header only on pages that used it.
# The one hash is the editor's own <style> (Tiptap's base ProseMirror CSS, injected by
# django-prose-editor's script without a nonce): blocked, the editor typed no-break
# spaces between words. tests/browser/test_editor_journey.py fails if it changes.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE, PROSE_EDITOR_STYLE_HASH],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses, turned off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment the operator opts into; not a missing setting.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (never without one).
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Anonymous readers' pages are kept this long at most (less when an article is scheduled sooner).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Proxies and CDNs may keep a page this long, and serve it this much longer while they fetch it again.
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "10"))
PAGE_CACHE_PROXY_STALE_SECONDS = 60
# At most this many search result pages are kept per PAGE_CACHE_SECONDS: searches are endless.
PAGE_CACHE_SEARCH_PAGES = int(os.environ.get("PAGE_CACHE_SEARCH_PAGES", "100"))

# Link health (redirects/): the 404 log is counted in memory and written every so many
# seconds by each worker, at most NOT_FOUND_BATCH distinct paths at a time; the table keeps
# NOT_FOUND_MAX_ROWS rows. The link checker waits LINK_CHECK_HOST_SECONDS between two
# requests to a host, LINK_CHECK_TIMEOUT for an answer, and stops after LINK_CHECK_BUDGET_SECONDS.
NOT_FOUND_FLUSH_SECONDS = float(os.environ.get("NOT_FOUND_FLUSH_SECONDS", "10"))
NOT_FOUND_BATCH = 100
NOT_FOUND_MAX_ROWS = int(os.environ.get("NOT_FOUND_MAX_ROWS", "5000"))
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "10"))
LINK_CHECK_HOST_SECONDS = float(os.environ.get("LINK_CHECK_HOST_SECONDS", "2"))
LINK_CHECK_BUDGET_SECONDS = float(os.environ.get("LINK_CHECK_BUDGET_SECONDS", "1800"))
# Addresses of private networks (and this machine) are not fetched: an article's link must not
# make the server probe its own network. The tests, whose servers listen on 127.0.0.1, allow them.
LINK_CHECK_PRIVATE_ADDRESSES = env_bool("LINK_CHECK_PRIVATE_ADDRESSES", default=False)
# Sites that answer robots with a refusal whatever the page: their links are not fetched.
LINK_CHECK_SKIP_HOSTS = set(
    env_list("LINK_CHECK_SKIP_HOSTS", "linkedin.com,www.linkedin.com,x.com,twitter.com,facebook.com,www.facebook.com")
)

# Requests larger than this are refused with 413 before their body is read.
MAX_REQUEST_BODY_BYTES = MAX_IMAGE_UPLOAD_BYTES + 2 * 1024 * 1024

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
PAGE_CACHE_EXCLUDED_PREFIXES = (f"/{ADMIN_URL}", "/apercu/", "/comments/", "/healthz", "/static/", "/media/")

# Brute-force protection of the admin login, in the database so every server sees it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "comments.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "refbax/locked_out.html"

# One JSON object per line on stdout, for whatever collects the logs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "refbax.log_format.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "level": os.environ.get("LOG_LEVEL", "INFO"),
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print every record a second time, as plain text.
    "loggers": {"django": {"handlers": [], "propagate": True}, "axes": {"level": "WARNING"}},
}
