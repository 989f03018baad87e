"""Review lifecycle signals to webhook events, queued only once the change is committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Revision
from wagtail.signals import page_published, page_unpublished

from cms.changes.events import is_private, purge_facts, reviews_changed
from reviews.models import ReviewPage

from .delivery import page_event
from .tasks import record_deliveries


def queue(payload):
    # robust: a failure to queue is logged by Django and never turns a publish into an error page.
    transaction.on_commit(partial(record_deliveries, payload), robust=True)


@receiver(page_published, sender=ReviewPage)
def published(sender, instance, revision, **kwargs):
    # Wagtail sends page_published when it schedules a page that has never been live, too;
    # that case is reported as review.scheduled by scheduled() below.
    if instance.live and not is_private(instance):
        queue(page_event("review.published", instance, revision.pk, **purge_facts(instance)))


@receiver(page_unpublished, sender=ReviewPage)
def unpublished(sender, instance, **kwargs):
    if not is_private(instance):
        queue(page_event("review.unpublished", instance, None, **purge_facts(instance)))


@receiver(post_save, sender=Revision)
def scheduled(sender, instance, update_fields=None, **kwargs):
    # Approving a revision with a future go-live time saves just this field on it: the one hook
    # that fires whether or not the page has a live version (Wagtail sends no signal then).
    if update_fields is None or set(update_fields) != {"approved_go_live_at"}:
        return
    if (
        instance.approved_go_live_at is None
        or instance.content_type.model_class() is not ReviewPage
    ):
        return
    page = instance.as_object()
    if is_private(page):
        return
    queue(
        page_event(
            "review.scheduled",
            page,
            instance.pk,
            go_live_at=instance.approved_go_live_at.isoformat(),
        )
    )


@receiver(post_delete, sender=ReviewPage)
def deleted(sender, instance, **kwargs):
    # A review that was never public is no news to a front end, and its draft title stays private.
    if instance.first_published_at is not None and instance.was_public:
        facts = instance.facts_before_delete
        queue(page_event("review.deleted", instance, instance.latest_revision_id, **facts))


@receiver(reviews_changed)
def related_change(sender, cause, instance, action, review_ids, **kwargs):
    # Sent once the change is committed already.
    record_deliveries(
        {
            "event": f"{cause}.changed",
            "id": instance.pk,
            "type": f"{sender._meta.app_label}.{sender.__name__}",
            "title": str(instance),
            "action": action,
            "review_ids": review_ids,
            "occurred_at": timezone.now().isoformat(),
        }
    )
