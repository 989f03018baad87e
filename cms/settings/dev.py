from .base import *  # noqa: F403

DEBUG = True
INSTALLED_APPS.insert(0, "whitenoise.runserver_nostatic")  # noqa: F405  whitenoise serves static in dev too
# Dev only: a fixed key so sessions survive restarts; production.py refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
MAILERS = {"default": {"BACKEND": "cms.mail.ReadableConsoleBackend"}}
# A mistyped address shows the site's own 404 page, as in production, not Django's debug page.
MIDDLEWARE.insert(0, "cms.middleware.SiteNotFoundPageMiddleware")  # noqa: F405
SERVE_MEDIA = True
