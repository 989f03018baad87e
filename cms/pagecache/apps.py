from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "cms.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import signal_handlers  # noqa: F401
