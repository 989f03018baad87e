from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "cms.scheduler"
    label = "scheduler"
    verbose_name = "Scheduled publishing"
