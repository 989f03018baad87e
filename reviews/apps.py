from django.apps import AppConfig
from django.db.models.signals import pre_delete


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from .archive import keep_deleted_review
        from .models import ReviewPage

        pre_delete.connect(keep_deleted_review, sender=ReviewPage)
