from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "cms.changes"
    label = "changes"
    verbose_name = "Changes feed"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
