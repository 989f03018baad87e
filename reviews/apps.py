from django.apps import AppConfig
from django.db.models.signals import pre_delete
from wagtail.signals import page_published


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from .archive import keep_deleted_review
        from .models import ReviewPage, index_with_byline

        pre_delete.connect(keep_deleted_review, sender=ReviewPage)
        page_published.connect(index_with_byline, sender=ReviewPage)
