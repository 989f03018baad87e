from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = SENDFILE_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True  # serve from the finders: tests never run collectstatic
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
if not REDIS_URL:  # noqa: F405
    # One process: memory is shared by every request of a test; conftest empties it between tests.
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
