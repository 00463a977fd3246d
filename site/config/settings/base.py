"""Settings shared by every environment. Configuration comes from environment variables.

`site/` is a plain folder, not a package: Python's own `site` module always wins the import, so
`site/` is put on sys.path (manage.py, wsgi.py, pytest) and the project package is `config`.
"""

import functools
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf.locale import LANG_INFO
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

import dj_database_url

from config.search import search_backends

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # site/
BASE_DIR = SITE_DIR.parent  # the repository root

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # Before core, whose ready() takes back its logger (core/upstream_workarounds.py).
    "dbbackup",  # `make backup` / `make restore` (bin/backup.py)
    # Our apps first so that their templates and translations win.
    "core",
    "home",
    "regions",
    "partners",
    "materials",
    "shows",  # upcoming shows, the Linked Events import, the "what's on" page (issue 20)
    "registry",
    "stats",  # dashboards, public figures, exports (stats/__init__.py: not named "statistics")
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",  # registry API (registry/api.py)
    "rest_framework.authtoken",  # token auth for ticket agencies' systems
    "drf_spectacular",  # OpenAPI schema of the registry API
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    # Two-factor authentication (accounts/): django-otp with TOTP devices and backup codes.
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control for Varnish in front (README: Caching); outside the session, CSRF and auth
    # middleware, so that it sees every cookie they set.
    "core.middleware.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The registry's desks take no files: refused at the first file part, in the page's language.
    "registry.middleware.NoFileUploadsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who was refused what (a 403 to a signed-in user, the two-factor gate's included), for the
    # national office's audit (core/refusals.py).
    "core.refusals.RefusalLogMiddleware",
    # Two-factor authentication, right after AuthenticationMiddleware: django-otp marks the session's
    # verified device, then accounts/ asks for the code before /admin/, the registry and the API.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.IdleSessionTimeoutMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_chrome",
            ],
        },
    },
]

# One DATABASE_URL; the embedded default is an SQLite file under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The statistics' materialized views are refreshed this often (stats/facts.py, `manage.py
# refresh_stats` run by the scheduler: README, "Scheduled jobs"); the dashboards say so.
STATS_REFRESH_MINUTES = int(os.environ.get("STATS_REFRESH_MINUTES", "15"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------------
# Plain Finnish (selkosuomi) is Finnish written plainly. Its code is the valid BCP 47 private-use
# tag `fi-x-selko`; gettext finds it in locale/fi_X-selko and falls back to Finnish catalogs.
# Its pages are Finnish: <html lang="fi"> (see core.languages.html_lang).
PLAIN_FINNISH = "fi-x-selko"
LANG_INFO[PLAIN_FINNISH] = {
    "bidi": False,
    "code": PLAIN_FINNISH,
    "name": "Plain Finnish",
    "name_local": "selkosuomi",
}
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    (PLAIN_FINNISH, _("Plain Finnish")),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Editors work in Finnish or Swedish (English stays available for the developers).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# The project's catalogue, then hand-kept translations of Wagtail's own admin strings where its
# Finnish or Swedish catalogue lacks or mistranslates one (locale/wagtail_overrides/README.md).
# Both win over the packages' catalogues; makemessages writes only to the first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail_overrides"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # django-dbbackup's own storage; `make backup` writes one folder per backup under backups/.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / "backups"},
    },
}
# pg_dump/pg_restore without owners and grants: a backup restores under another role.
DBBACKUP_CONNECTORS = {
    "default": {"DUMP_SUFFIX": "--no-owner --no-privileges", "PG_OPTIONS": "--no-owner"}
}


def s3_media_origins(env):
    """Where django-storages points media URLs (for the CSP): the custom domain, else the
    endpoint of an S3-compatible service (path-style URLs), else the bucket's host on AWS."""
    if env.get("AWS_S3_CUSTOM_DOMAIN"):
        return [f"https://{env['AWS_S3_CUSTOM_DOMAIN'].split('/')[0]}"]
    if env.get("AWS_S3_ENDPOINT_URL"):
        parts = urlsplit(env["AWS_S3_ENDPOINT_URL"])
        return [f"{parts.scheme}://{parts.netloc}"]
    bucket, region = env["AWS_STORAGE_BUCKET_NAME"], env.get("AWS_S3_REGION_NAME")
    hosts = [f"{bucket}.s3.amazonaws.com"] + (
        [f"{bucket}.s3.{region}.amazonaws.com"] if region else []
    )
    return [f"https://{host}" for host in hosts]


# S3-compatible media through django-storages when a bucket is configured: then no app server
# keeps media on its own disk, and every one of them serves the same files (README: "Running more
# than one app server").
MEDIA_ORIGINS = []  # where media URLs point when they are not on this site (CSP below)
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": True,
            # Signed image links go into cached pages: they must outlive Varnish's copies
            # (CACHE_PUBLIC_S_MAXAGE, a day) by a margin.
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", str(2 * 86400))),
            "file_overwrite": False,
        },
    }
    MEDIA_ORIGINS = s3_media_origins(os.environ)

# --- Cache -----------------------------------------------------------------------------------
# "template_fragments": what renders derive from content - Wagtail's fragment caches ({% wagtailcache %})
# and the Sites and Locales of requests (core/upstream_workarounds.py, item 8) - emptied whole by
# every content change (core/signals.py), so in a Redis database of its own (REDIS_URL's number + 1).
if os.environ.get("REDIS_URL"):
    _redis = urlsplit(os.environ["REDIS_URL"])
    _fragments_db = (int(_redis.path.strip("/") or 0) + 1) % 16
    CACHES = {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            # The site keeps serving, uncached, when Redis is down.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
        for alias, location in (
            ("default", os.environ["REDIS_URL"]),
            ("template_fragments", _redis._replace(path=f"/{_fragments_db}").geturl()),
        )
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
        },
    }

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Kaikukortti"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "materials.CustomDocument"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "pptx",
    "xlsx",
    "odt",
    "odp",
    "ods",
    "txt",
    "csv",
    "zip",
    "indd",
    "idml",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Documents are always served through Wagtail's view, which checks permissions.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []  # always download (Content-Disposition: attachment)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]  # no SVG
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# PostgreSQL full text (per-language stemming) or the database; OpenSearch/Elasticsearch, one
# index per language, when SEARCH_URL is set (needs `pip install ".[opensearch]"`; README).
WAGTAILSEARCH_BACKENDS = search_backends(os.environ)
# Renditions (core/templatetags/kaiku_images.py): Wagtail's default qualities, written out so that
# a change is deliberate. AVIF needs Pillow >= 11.3, which has it built in.
WAGTAILIMAGES_AVIF_QUALITY = 61
WAGTAILIMAGES_WEBP_QUALITY = 80
WAGTAILIMAGES_JPEG_QUALITY = 76
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILLOCALIZE_JQUERY_ON_TRANSLATION_EDITOR = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "wagtailadmin_login"
# No remote avatar service: the CSP blocks it, and it would tell a third party who signs in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Two-factor authentication (accounts/, django-otp) ----------------------------------------
# Failed codes are throttled per device: 1, 2, 4, 8 ... seconds between attempts (django-otp's
# exponential back-off; factor 0 would turn it off).
OTP_TOTP_ISSUER = "Kaikukortti"
# Accept the current code and one step either side, measured from the server's clock only: no
# drift learnt from earlier codes, so the window never wanders away from the real time.
OTP_TOTP_SYNC = False
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Login throttling (django-axes) ----------------------------------------------------------
# Keyed on the username AND the address together: an attacker elsewhere cannot lock a real
# user out, and one address cannot try many usernames without being throttled per username.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins and lockouts in the database: shared by every app server (not per process).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "core.security.progressive_cooloff"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The number of proxies in front that append to X-Forwarded-For (1 for one Varnish or nginx;
# README: Production). The one setting from which login throttling (django-axes), the rate limits
# (django-ratelimit) and DRF read the visitor's address, all through django-ipware below. 0, the
# default, ignores the header: a client reaching the app port directly could otherwise write any
# address in it and escape its lockout. So the app port must be reachable only from the proxy
# (deploy/gunicorn.conf.py binds to loopback).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", os.environ.get("PROXY_COUNT", "0")))
# django-ipware: behind N proxies the visitor is the N-th entry of X-Forwarded-For from the end
# (ipware counts the proxies listed in the header: all but the last, which is REMOTE_ADDR). Not
# strict: entries the client wrote itself, left of ours, are allowed and ignored.
IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
IPWARE_META_PROXY_COUNT = max(TRUSTED_PROXY_COUNT - 1, 0)
IPWARE_STRICT = False
AXES_IPWARE_META_PRECEDENCE_ORDER = IPWARE_META_PRECEDENCE_ORDER
AXES_IPWARE_PROXY_COUNT = IPWARE_META_PROXY_COUNT

# --- Sessions --------------------------------------------------------------------------------
# In the database, which every app server shares. Not in the cache: a Redis restart or outage
# must not sign everyone out (the cache may be dropped at any time).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
# First path segment after the language prefix of the registry's desks (never cached).
REGISTRY_URL_SEGMENTS = {"kaikukanta", "registry"}

# --- HTTP caching: Varnish in front keeps public pages (core/middleware.py, README: Caching) --
# How long Varnish may keep a public page: a content change purges it sooner (core/signals.py).
CACHE_PUBLIC_S_MAXAGE = int(os.environ.get("CACHE_PUBLIC_S_MAXAGE", "86400"))
CACHE_LIVE_S_MAXAGE = 300  # pages with live registry figures: registry writes purge nothing
CACHE_FRAGMENT_TTL = 3600  # Wagtail's fragment caches (CACHES["template_fragments"])
# The purge is sent again this long after (gunicorn's timeout): a render that read the database
# before the commit and reached Varnish after the first purge is dropped then.
CACHE_PURGE_REPEAT_SECONDS = 30
# Never shared, besides the admin and the API: the registry's desks and the card check (first path
# segment after the language prefix).
CACHE_PRIVATE_SEGMENTS = {*REGISTRY_URL_SEGMENTS, "check-my-card"}
# Query parameters of public filters; a URL with any other parameter (free text `q`, a tracking
# parameter) is private: one cached copy per typed word would fill the cache.
CACHE_PUBLIC_QUERY_PARAMS = {
    "category",
    "region",
    "municipality",
    "accessibility",
    "children",
    "page",
    "year",
    "from",  # shows: the "what's on" page's date range
    "until",
    "left",  # shows: only those with card tickets left
    "sort",  # the finder: by name or nearest first
    "near",  # the finder: the municipality whose centre "nearest first" measures from
}
# The PURGE goes to Varnish (e.g. http://127.0.0.1:6081); unset (demo, tests), nothing is sent.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# --- Content Security Policy (django-csp) ----------------------------------------------------
# No inline scripts on public pages. The Wagtail admin is excluded: it still ships inline scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # The maps' tiles (partners/widgets.py TILE_URL; Leaflet itself is in our static files).
        "img-src": ["'self'", "data:", "blob:", "https://tile.openstreetmap.org", *MEDIA_ORIGINS],
        "media-src": ["'self'", "blob:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # 'self': Wagtail's preview panel frames the preview on the admin's own origin.
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Security defaults (tightened further in production.py) -----------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LANGUAGE_COOKIE_NAME = "kaiku_language"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kaikukortti <noreply@kaikukortti.fi>")

# --- Logging: no card number and no IP address in any line (core/logfilters.py) ----------------
# Every handler masks them. Django's own handlers (DEFAULT_LOGGING: runserver's request lines, the
# debug console, mail to ADMINS, unused here) are replaced here rather than left beside ours unmasked; a test
# (tests/core/test_log_privacy.py) checks that every handler of every logger carries the filter.
# Where lines must be told apart, log core.logfilters.keyed_digest(value), keyed with this secret.
LOG_DIGEST_KEY = os.environ.get("LOG_DIGEST_KEY", "")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "core.logfilters.MaskPersonalData"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
        # runserver's request lines (make demo), as Django's default but masked.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Named so that Django's default handlers on them are removed; they log through root.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # redis-py gives this logger an unmasked handler of its own unless it already exists
        # (redis/utils.py, _set_info_logger): declared here, it logs through root like the rest.
        "push_response": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
    },
}

# --- Registry API (registry/api.py) -------------------------------------------------------------
# Authentication, permissions and renderers are set on the registry's views themselves, so that
# Wagtail's own DRF endpoints keep their defaults.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's own idea of the address (its throttles' get_ident) from the same setting as ipware's.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # A token first, then the session (held to the second factor by accounts/middleware.py); no
    # HTTP Basic: a password alone must never be enough (issue 15, D2).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.authentication.CachedTokenAuthentication",  # DRF's, its answer cached
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Django's own refusals of a request's data (too many fields, too big) answered in JSON too.
    "EXCEPTION_HANDLER": "registry.api_limits.exception_handler",
}

# --- Rate limits: django-ratelimit, for the public forms and the API alike ----------------------
# One counter per window and visitor (per account on the API) in the cache, Redis in production.
# The API's views name their group as throttle_scope (core/ratelimits.py: DRF's throttle).
RATE_LIMITS = {
    "commitment": "5/10m",  # commitment forms sent from one address (no CAPTCHA: it shuts people out)
    "check_card_address": "20/15m",  # "check my card" tries from one address
    "check_card_number": "5/15m",  # ... and for one card number: its birth year cannot be guessed
    # Per account; the benchmark raises them (bench/run.py) so as to measure the server, not the limit.
    "registry_check": os.environ.get("API_RATE_CHECK", "120/min"),
    "registry_write": os.environ.get("API_RATE_WRITE", "60/min"),
}
RATELIMIT_IP_META_KEY = "core.ratelimits.client_ip"  # django-ipware's answer (above)
# The cache keys are HMACs keyed with SECRET_KEY: a plain hash of an address or a card number is
# reversed by hashing every possible one (issue 15, D5).
RATELIMIT_HASH_ALGORITHM = functools.partial(salted_hmac, "kaiku.ratelimit", algorithm="sha256")
# Redis down: the desks and the forms keep working, unlimited (django-redis logs each failure).
RATELIMIT_FAIL_OPEN = True
SPECTACULAR_SETTINGS = {
    "TITLE": "Kaikukortti registry API",
    "DESCRIPTION": "Check a Kaikukortti card and record its use (ticket agencies and venues).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The system check would generate a schema of every DRF view, Wagtail's admin APIs included,
    # and warn about theirs; our API's schema is generated and validated by tests/registry/test_api.py.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}
