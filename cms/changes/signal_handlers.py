"""Record each change the public sees of a review, once it is committed (the changes feed)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from reviews.models import ReviewPage

from .events import is_private, purge_facts, reviews_changed
from .models import ReviewChange

Change = ReviewChange.Change


def record(page, change, cause=ReviewChange.Cause.REVIEW):
    ReviewChange.objects.create(review_id=page.pk, change=change, cause=cause, **purge_facts(page))


def on_commit(function, *args):
    transaction.on_commit(partial(function, *args), robust=True)


@receiver(page_published, sender=ReviewPage)
def published(sender, instance, **kwargs):
    # Also sent when Wagtail schedules a review that has never been live: nothing public yet.
    if not instance.live or is_private(instance):
        return
    last = ReviewChange.objects.filter(review_id=instance.pk).order_by("-pk").first()
    was_live = last is not None and last.change in (Change.PUBLISHED, Change.UPDATED)
    change = Change.UPDATED if was_live else Change.PUBLISHED
    on_commit(record, instance, change)


@receiver(page_unpublished, sender=ReviewPage)
def unpublished(sender, instance, **kwargs):
    if not is_private(instance):
        on_commit(record, instance, Change.UNPUBLISHED)


@receiver(post_delete, sender=ReviewPage)
def deleted(sender, instance, **kwargs):
    if instance.first_published_at is not None and instance.was_public:
        facts = instance.facts_before_delete
        row = ReviewChange(review_id=instance.pk, change=Change.DELETED, **facts)
        on_commit(row.save)


@receiver(reviews_changed)
def related_change(sender, cause, review_ids, **kwargs):
    reviews = ReviewPage.objects.filter(pk__in=review_ids).prefetch_related("film__genres", "tags")
    for review in reviews:
        record(review, Change.UPDATED, cause)
