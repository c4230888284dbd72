"""Kenes settings: one module, every deployment difference read from the environment.

Defaults are safe and embedded (SQLite and a Whoosh index under var/, DEBUG off). Development
turns DEBUG on with DJANGO_DEBUG=1; production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL (see README.md, "Production").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KENES_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Behind a reverse proxy (README, "Production"): how many proxies in front of Django append to
# X-Forwarded-For. The visitor's address is read that many entries from the right, by the login
# lock-out (kb.middleware.client_address) and the API's throttle alike.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
KENES_TRUSTED_PROXY_COUNT = int(
    os.environ.get("DJANGO_TRUSTED_PROXY_COUNT") or (1 if BEHIND_PROXY else 0)
)

# A development key is only acceptable while DEBUG is on; a production run must bring its own.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or os.environ.get("KENES_ALLOW_INSECURE_KEY") == "1":
        SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for a development run."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so its translated fields get tabs (README, "Dependencies").
    "modeltranslation",
    "nested_admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "csp",
    "reversion",
    "reversion_compare",
    "drf_spectacular_sidecar",
    "kb",
    "kb.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the URL's prefix on public pages (/ru/, /kk/; none is English), the staff
    # member's choice in the admin (kb.i18n.AdminLanguageMiddleware, after authentication).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kb.i18n.AdminLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database that does not answer gets a 503 page, not a stack trace.
    "kb.middleware.DatabaseUnavailableMiddleware",
    # Innermost: cached pages still get every header above on their way out.
    "kb.pagecache.PublicPageCacheMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' own instruction).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        # The public pages, the search page and the error pages: Jinja2, in jinja2/ (kb/jinja2/
        # says why). First: the engine of every public request.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "kb.jinja2.environment",
            "context_processors": ["django.contrib.auth.context_processors.auth"],
        },
    },
    {
        # The admin: its apps' templates and our overrides of them in templates/ (Django's dialect).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kenes.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Parallel test runs (several checkouts on one PostgreSQL server) each need their own test database.
if os.environ.get("KENES_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["KENES_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; the timeout waits out short write locks.
    # Reads go through a memory map and a 32 MB page cache per connection (SQLite's default is
    # 2 MB, read with a system call per page): a topic page's queries take half the time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# dumpdata/loaddata (backups: export_kb, restore_kb) keep whole microseconds (kb/backup_json.py).
SERIALIZATION_MODULES = {"json": "kb.backup_json"}

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kenes",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
# The API's anonymous rate limit counts here (kb/api/throttling.py): a count that every worker
# sees, in Redis with CACHE_URL, else in files under var/ shared by the workers of one server.
if CACHE_URL.startswith("redis://"):
    CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "kenes-throttle"}
else:
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("KENES_THROTTLE_DIR", str(VAR_DIR / "throttle")),
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
# Whole public pages for anonymous visitors (kb/pagecache.py), invalidated by any edit; 0 turns
# it off. The content stamp is shared by the workers of one server (CACHE_URL: by all servers).
KENES_PAGE_CACHE_SECONDS = int(os.environ.get("KENES_PAGE_CACHE_SECONDS", "600"))
KENES_CONTENT_STAMP = Path(os.environ.get("KENES_CONTENT_STAMP", VAR_DIR / "content-version"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface's languages (README, "Languages"): English unprefixed, Russian under /ru/,
# Kazakh under /kk/. Catalogues in locale/ (kb.i18n and `manage.py compile_catalogues`).
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The content's languages (kb/translation.py): a column per language; an empty one reads English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# A record created while staff read the admin in Russian (an import) still has its English text.
MODELTRANSLATION_AUTO_POPULATE = "default"
FORMAT_MODULE_PATH = ["config.formats"]
# The admin's language, chosen by staff (kb.i18n.AdminLanguageMiddleware, /i18n/setlang/).
LANGUAGE_COOKIE_NAME = "kenes_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("KENES_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

# --- Search -------------------------------------------------------------------------------------
# "whoosh" (embedded, index on disk) or "postgres" (shared by several web servers).
KENES_SEARCH_BACKEND = os.environ.get("KENES_SEARCH_BACKEND", "whoosh")
KENES_INDEX_DIR = Path(os.environ.get("KENES_INDEX_DIR", VAR_DIR / "whoosh"))
# A missing, unreadable or outdated index is rebuilt in the background by the process that finds
# it (kb/search/recovery.py); search answers 503 meanwhile. Off: `manage.py rebuild_index` only.
KENES_INDEX_AUTO_REBUILD = env_bool("KENES_INDEX_AUTO_REBUILD", True)

# --- Fixtures -----------------------------------------------------------------------------------
KENES_FIXTURES_DIR = BASE_DIR / "fixtures"

# --- Importing documents (kb/importing) --------------------------------------------------------
# The largest file staff may upload or import, and the languages the importer's rules read.
KENES_IMPORT_MAX_BYTES = int(os.environ.get("KENES_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
KENES_IMPORT_LANGUAGES = env_list("KENES_IMPORT_LANGUAGES", "en,ru,kk")

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The event lists filter on ?format=online, as the HTML list does: the API's own output
    # format is chosen with ?output=json|api instead.
    "URL_FORMAT_OVERRIDE": "output",
    "DEFAULT_THROTTLE_CLASSES": ["kb.api.throttling.SharedAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("KENES_API_ANON_RATE", "120/minute")},
    # Whom to count: without this DRF trusts any client's X-Forwarded-For, and a client could
    # dodge the throttle by making one up. Behind proxies, only the entries they added count.
    "NUM_PROXIES": KENES_TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kenes API",
    "DESCRIPTION": "Read-only access to Kenes: events, people, organizations, topics, surveys.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come with the app (drf-spectacular-sidecar): no CDN, the CSP holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Every operation's 400 and 404, besides its 200 (kb/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kb.api.schema.document_errors",
    ],
    # Several models have a "kind" and a qualifier: name each choice set after its enum.
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "kb.enums.EventKind",
        "OrganizationKindEnum": "kb.enums.OrganizationKind",
        "TopicKindEnum": "kb.enums.TopicKind",
        "QuestionKindEnum": "kb.enums.QuestionKind",
        "FigureQualifierEnum": "kb.enums.FigureQualifier",
    },
}

# --- Login throttling (django-axes) -------------------------------------------------------------
AXES_FAILURE_LIMIT = int(os.environ.get("KENES_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# Failures count per account at an address: a guesser is locked out of that account, other
# people (at other addresses) are not, and a success resets only its own account's count.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The visitor's address, also behind a proxy. django-ipware's proxy count expects each proxy in
# X-Forwarded-For (an nginx in front adds only the visitor): Kenes reads it as DRF does.
AXES_CLIENT_IP_CALLABLE = "kb.middleware.client_address"

# --- Security -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
# HSTS is off until the operator turns it on (README, "Production"): browsers keep it for its
# lifetime.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day, not Django's two weeks
# Strict: scripts, styles, images and fonts from this site only; no inline script or style, no
# eval, no framing. JSON-LD blocks (<script type="application/ld+json">) are data, not scripts,
# and need no exception. Django 5.2's admin and nested_admin run under it as they are.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
        # Recordings: embeds from exactly these players (kb.media.hosts.EMBED_ORIGINS), files here.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "media-src": ["'self'"],
    }
}
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
