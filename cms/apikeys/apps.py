from django.apps import AppConfig


class APIKeysConfig(AppConfig):
    name = "cms.apikeys"
    label = "apikeys"
    verbose_name = "Draft API keys"
