from django.apps import AppConfig
from django.db.models.signals import pre_delete, pre_save
from wagtail.signals import page_published, published


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from cms.text import strip_control_characters_on_save

        from .archive import keep_deleted_review
        from .models import (
            Film,
            ReviewPage,
            index_reviews_of_film,
            index_with_byline,
            publish_film_with_review,
        )

        pre_delete.connect(keep_deleted_review, sender=ReviewPage)
        page_published.connect(index_with_byline, sender=ReviewPage)
        pre_save.connect(publish_film_with_review, sender=ReviewPage)
        published.connect(index_reviews_of_film, sender=Film)
        # Every model of the apps it names, not only the review models: tags, images and pages.
        pre_save.connect(strip_control_characters_on_save, dispatch_uid="strip_control_characters")
