from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")  # noqa: F405
if "PUBLIC_BASE_URL" not in os.environ:  # noqa: F405
    raise ImproperlyConfigured("Set PUBLIC_BASE_URL to the site's public address.")  # noqa: F405

# Behind nginx unless told otherwise: a missing proxy setup then sends an empty answer, never a
# private file (docs/operations.md, "Uploaded files").
SENDFILE_SERVER = os.environ.get("SENDFILE_SERVER") or "nginx"  # noqa: F405
if SENDFILE_SERVER not in SENDFILE_SERVERS:  # noqa: F405
    raise ImproperlyConfigured(f"SENDFILE_SERVER must be one of {', '.join(SENDFILE_SERVERS)}.")  # noqa: F405

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT")  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS for a year, subdomains included and asking to be preloaded into browsers: set the last two
# to false when a subdomain still serves plain http (preloading is hard to undo).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")  # noqa: F405
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")  # noqa: F405
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Nothing frames the site; the admin's preview panel is allowed by Wagtail's own override.
X_FRAME_OPTIONS = "DENY"
# gunicorn sits behind one HTTPS proxy (docs/operations.md, "Proxies").
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "1"))  # noqa: F405
