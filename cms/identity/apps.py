from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "cms.identity"
    label = "identity"
    verbose_name = "Site identity"
    default_auto_field = "django.db.models.BigAutoField"
