"""Settings for every environment; safe by default (DEBUG off, secrets from the environment)."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_flag(name, default="true"):
    return os.environ.get(name, default).strip().lower() == "true"


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "reviews",
    "cms.scheduler",
    "cms.apikeys",
    "cms.changes",
    "cms.webhooks",
    "cms.identity",
    "cms.imports",
    "cms.backup",
    "cms.pagecache",
    "cms.search",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
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
    "rest_framework",
    "django_filters",
    "corsheaders",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Above everything: a cached anonymous page is answered before sessions, CSP, site routing.
    "cms.pagecache.middleware.PageCacheMiddleware",
    # First of the rest, so that preflights are answered and every response (304s too) gets its
    # CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cms.middleware.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which serves its own precompressed static files; above the API's ETags.
    # Django pads compressed bodies at random against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.HTTPCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as its documentation asks: it answers a locked-out login attempt with a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django 6.1 won't migrate Wagtail's search tables on PostgreSQL without it (postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write and makes each commit cheaper; IMMEDIATE takes the
    # write lock at BEGIN, so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches (docs/caching.md). With REDIS_URL, one Redis shared by every process and node: the API's
# rate limits and the page cache. Without it (`make run`), rate limits count in each process's
# memory, and pages go to files under PAGE_CACHE_DIR, which every process of this machine shares:
# the scheduler's and the importer's publishes must reach the web server's copy, which a
# per-process memory cache would never see. Either way the page cache's keys are prefixed with
# the database they were rendered from, so two databases never share a page.
DATABASE_TAG = hashlib.sha256(
    "|".join(str(DATABASES["default"].get(part, "")) for part in ("HOST", "PORT", "NAME")).encode()
).hexdigest()[:12]
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"pages-{DATABASE_TAG}",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": Path(os.environ.get("PAGE_CACHE_DIR") or BASE_DIR / ".page-cache")
            / DATABASE_TAG,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# django-axes first: it refuses a login attempt from a locked-out client before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
# Empty (as .env.example leaves it) means the default, not the working directory.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Another origin (object storage, a CDN) when the web server in front of Django does not serve
# MEDIA_ROOT under /media/; `make check-pages` serves it from a port of its own.
MEDIA_URL = os.environ.get("MEDIA_URL") or "/media/"
# Django serves uploads only in development and tests; in production the web server does, all
# but image originals and documents (cms/files): those go through Django's checks first, then
# `SENDFILE_SERVER` sends them: `django` streams them itself, `nginx` answers with
# X-Accel-Redirect to SENDFILE_URL (an `internal` location over MEDIA_ROOT), `apache` with
# X-Sendfile (docs/operations.md, "Uploaded files").
SERVE_MEDIA = False
SENDFILE_BACKEND = "cms.files.sendfile"
SENDFILE_SERVER = os.environ.get("SENDFILE_SERVER") or "django"
SENDFILE_SERVERS = ("django", "nginx", "apache")
SENDFILE_ROOT = MEDIA_ROOT
SENDFILE_URL = os.environ.get("SENDFILE_URL") or "/private-media"
# Documents through Wagtail's view, which checks their collection's privacy, never by a link to
# the storage's own URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The site's one sign-in form, where private pages, documents and originals send the anonymous.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
STORAGES = {
    # Django's, writing each file whole or not at all (a full disk leaves no partial file).
    "default": {"BACKEND": "cms.files.storage.WholeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several app nodes on several machines share uploads through S3-compatible object storage
# (django-storages) once a bucket is named; boto3 takes the credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY or the machine's role. docs/deploy.md lists the variables.
if AWS_STORAGE_BUCKET_NAME := os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Another provider than AWS (MinIO, Ceph, R2, Spaces…): its API address.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip() or None,
            # The CDN or bucket host that serves the files, e.g. media.example.com.
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # Plain, lasting URLs: cached pages would otherwise carry signatures that expire.
            # The bucket (or the CDN in front of it) lets anyone read; only the app writes.
            "querystring_auth": False,
            # Two uploads with one name get two files, as on disk.
            "file_overwrite": False,
            # No ACL header: the bucket's policy decides (many providers refuse ACLs).
            "default_acl": None,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN and not os.environ.get("MEDIA_URL"):
        # The policy below allows images from this origin.
        MEDIA_URL = f"https://{AWS_S3_CUSTOM_DOMAIN}/"


# Content-Security-Policy on every response (Django's own): scripts only from this site or
# inline with the request's nonce (`csp_nonce` in templates); images from this site and the media
# origin; nothing may frame a page but this site (the admin's preview panel). Inline styles stay
# allowed: the admin sets style attributes, and the error pages carry their own small <style>.
def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *filter(None, [origin(MEDIA_URL)])],
    "media-src": [CSP.SELF, *filter(None, [origin(MEDIA_URL)])],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin (8.0) still writes inline scripts and event handlers into its pages: there,
# inline scripts are allowed (without a nonce, which would make browsers ignore the allowance).
SECURE_CSP_ADMIN = {**SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# Complex page editors post more fields than Django's default limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Movie Bunker")
# The public site's address: canonical links, feeds and absolute URLs in the API are built from it.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL).rstrip("/")
# No calls to outside services from the admin: avatars are initials, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's database backend, with a bound on the words of a query (cms/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}
# Large uploads go to a temporary file; one the disk has no room for is a form error
# (cms/files/uploads.py), not a 500.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "cms.files.uploads.RoomCheckingTemporaryFileUploadHandler",
]
# Uploads written while the form is checked: a full disk is a form error (cms/files/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.files.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.files.forms.DocumentForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Editorial workflow (docs/workflow.md). Editors comment on drafts; changes are saved as a draft
# revision every interval (ms) without a click; the editor shows who else has the page open (pinged
# every interval, ms) and refuses an autosave that would overwrite a newer revision.
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_AUTOSAVE_INTERVAL = 500
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10_000
# A review in moderation stays locked for writers (its task's lock); an editor fixing a typo while
# reviewing does not restart the approval they are about to give.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
# Publishing directly (as an editor) ends the review's moderation instead of leaving it pending.
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True


def whole_number(name, value, minimum=0, unit="whole numbers"):
    """A whole number read from the environment, or a refusal that names the variable."""
    if not value.strip().isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} takes {unit} (at least {minimum}); got {value!r}.")
    return int(value)


def seconds(name, value, minimum=0):
    return whole_number(name, value, minimum, unit="whole seconds")


# Headless preview: the "Front end" preview mode opens this URL with ?content_type=…&token=…, and
# the front end reads the unsaved edit from /api/v2/page_preview/. Empty: no front-end preview mode.
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "").strip()
# The admin shows the front end's preview in a frame.
SECURE_CSP["frame-src"] += filter(None, [origin(HEADLESS_PREVIEW_URL)])
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": HEADLESS_PREVIEW_URL} if HEADLESS_PREVIEW_URL else {},
    "ENFORCE_TRAILING_SLASH": False,
}
# Seconds a preview token stays valid; an older token answers 403 (drafts don't leak for long).
HEADLESS_PREVIEW_MAX_AGE = seconds(
    "HEADLESS_PREVIEW_MAX_AGE", os.environ.get("HEADLESS_PREVIEW_MAX_AGE", "3600"), minimum=1
)

# Front ends get rendered HTML with real hrefs, not Wagtail's internal link markup.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
# The most items one API listing returns (`limit`); front ends page through the rest.
WAGTAILAPI_LIMIT_MAX = whole_number(
    "API_LIMIT_MAX", os.environ.get("API_LIMIT_MAX", "100"), minimum=1
)

REST_FRAMEWORK = {
    # JSON only: the browsable renderer would expose DRF's HTML forms to every visitor.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # A staging front end's draft API key (cms.apikeys) opens drafts. A signed-in editor's
    # session shows what readers see, but keeps the answer out of shared caches (middleware.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cms.apikeys.auth.DraftKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "cms.apikeys.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["cms.throttling.ClientRateThrottle"],
}
# A draft API key's "last used" time is written at most this often (seconds).
WAGTAILAPI_TOKEN_LAST_USED_INTERVAL = 60


# Abuse limits (docs/operations.md). The client's address: the socket's, or behind NUM_PROXIES
# trusted proxies the one the nearest proxy appended to X-Forwarded-For (cms/throttling.py).
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
# API requests per client (signed-in user, else address) a minute, hour or day; empty: no limit.
# Generous for readers and front ends; a scraper in a loop gets 429 with Retry-After.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "1000/min")
# Admin sign-in: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address,
# that pair is refused (429) for AXES_COOLOFF_MINUTES, the right password included.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "cms.throttling.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin_lockout.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task run drowns everything else.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}

# Background tasks. Wagtail's own (reference index, image focal points) stay immediate: they are
# quick and the admin expects them done when a save returns. Webhook deliveries are stored in the
# database and run by `manage.py db_worker --backend webhooks`, so a slow front end never holds up
# a publish and nothing is lost on a restart. Large imports from the admin run the same way
# (`db_worker --backend imports`), in their own worker so that they never delay a webhook.
# Wagtail's `django_tasks` reads this setting too.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Imports from the admin (cms.imports): limits of one upload (after unzipping), and the size up
# to which the dry run and the import run in the request instead of on the worker (a WordPress
# export of a whole site is one file, but too much for one request).
REVIEW_IMPORT_MAX_BYTES = 100 * 1024 * 1024
REVIEW_IMPORT_MAX_FILES = 5000
REVIEW_IMPORT_INLINE_FILES = 10
REVIEW_IMPORT_INLINE_BYTES = 1024 * 1024
# Several files in one upload field; more go in a zip.
DATA_UPLOAD_MAX_NUMBER_FILES = 200


# Webhooks (cms.webhooks): seconds to wait for an endpoint, and the pauses before each retry.
WEBHOOK_TIMEOUT = seconds("WEBHOOK_TIMEOUT", os.environ.get("WEBHOOK_TIMEOUT", "5"), minimum=1)
WEBHOOK_RETRY_DELAYS = [
    seconds("WEBHOOK_RETRY_DELAYS", delay)
    for delay in env_list("WEBHOOK_RETRY_DELAYS", "10,60,300,1800,7200")
]
# After an endpoint's secret is replaced, deliveries carry a signature with the old one too for
# this long, so that its receiver can switch over without refusing anything.
WEBHOOK_SECRET_OVERLAP = seconds(
    "WEBHOOK_SECRET_OVERLAP", os.environ.get("WEBHOOK_SECRET_OVERLAP", "86400")
)

# Seconds between two runs of the scheduler (`manage.py run_scheduler`): go-live and expiry times.
SCHEDULER_INTERVAL = seconds(
    "SCHEDULER_INTERVAL", os.environ.get("SCHEDULER_INTERVAL", "60"), minimum=1
)


# Deleted reviews stay restorable by editors (Deleted reviews in the admin) for this many days;
# the scheduler removes older ones.
DELETED_REVIEWS_RETENTION_DAYS = seconds(
    "DELETED_REVIEWS_RETENTION_DAYS",
    os.environ.get("DELETED_REVIEWS_RETENTION_DAYS", "30"),
    minimum=1,
)


# E-mail: moderation notifications. SMTP from the environment (Django 6.1's MAILERS replaces
# EMAIL_BACKEND); dev.py prints them to the console, test.py keeps them in memory.
MAILERS = {
    "default": {
        "BACKEND": "cms.mail.ResilientSMTPBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_flag("EMAIL_USE_TLS"),
            # A slow mail server must not hold up the editor who pressed "Submit".
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Movie Bunker <noreply@localhost>")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL


# API caching and CORS
# Seconds a browser or shared cache may reuse an anonymous API response without asking again.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))

# Anonymous pages and API responses are served from the "pages" cache (cms/pagecache) until a
# content change empties it. An entry lives at most this many seconds: the bound for what changes
# without a write (the footer's year). 0 turns the page cache off.
PAGE_CACHE_TIMEOUT = seconds("PAGE_CACHE_TIMEOUT", os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))

# A front cache (Varnish, a CDN) in front of the site, purged after every content change through
# Wagtail's frontend-cache backends (docs/caching.md). FRONTEND_CACHE_URL: a Varnish (or any cache
# that takes PURGE) at that address, set up as deploy/varnish/default.vcl. Without a front cache,
# reader pages tell shared caches to revalidate every time; with one, to keep a page this long.
INSTALLED_APPS.insert(
    INSTALLED_APPS.index("wagtail.contrib.sitemaps"), "wagtail.contrib.frontend_cache"
)
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_URL := os.environ.get("FRONTEND_CACHE_URL", "").strip():
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_URL,
    }
# CDNs through Wagtail's own backends. Cloudflare: an API token allowed to purge the zone.
# CloudFront: boto3 installed, AWS credentials from the usual places (environment, instance role).
if CLOUDFLARE_ZONE_ID := os.environ.get("CLOUDFLARE_ZONE_ID", "").strip():
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if CLOUDFRONT_DISTRIBUTION_ID := os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip():
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": CLOUDFRONT_DISTRIBUTION_ID,
    }
FRONTEND_CACHE_MAX_AGE = seconds(
    "FRONTEND_CACHE_MAX_AGE", os.environ.get("FRONTEND_CACHE_MAX_AGE", "86400")
)
# What one purge names, under PUBLIC_BASE_URL: "/" drops the whole site from the Varnish set up by
# deploy/varnish/default.vcl; CloudFront takes "/*"; Cloudflare purges exact URLs only.
FRONTEND_CACHE_PURGE_PATHS = env_list("FRONTEND_CACHE_PURGE_PATHS", "/")
# Front ends on the listed origins may read the API, and only the API, from browser JavaScript.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# The validators are not CORS-safelisted request headers: allowed, so scripts can revalidate.
CORS_ALLOW_HEADERS = ["accept", "content-type", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
