from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cms.imports"
    label = "imports"
    verbose_name = "Review imports"
    default_auto_field = "django.db.models.BigAutoField"
