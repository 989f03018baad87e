from .base import *  # noqa: F403

DEBUG = True
INSTALLED_APPS.insert(0, "whitenoise.runserver_nostatic")  # noqa: F405  whitenoise serves static in dev too
# Dev only: a fixed key so sessions survive restarts; production.py refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
SERVE_MEDIA = True
