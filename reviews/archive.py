"""Deleted reviews: kept as they were, restorable by editors for a retention period.

A snapshot is taken on `pre_delete`, inside the deletion's own transaction, so every way of
deleting (the admin's delete view, bulk delete, the admin API, deleting the index above, a shell)
keeps one, and a deletion that rolls back keeps none.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, Revision

from .models import Critic, DeletedReview, Film, ReviewIndexPage, ReviewPage


def keep_deleted_review(sender, instance, **kwargs):
    page = instance
    deletion = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.delete")
        .order_by("-pk")
        .first()
    )
    DeletedReview.objects.create(
        title=page.draft_title or page.title,
        page_id=page.pk,
        parent_id=ReviewIndexPage.objects.parent_of(page).values_list("pk", flat=True).first(),
        owner_id=page.owner_id,
        deleted_by_id=deletion.user_id if deletion else None,
        was_live=page.live,
        content=page.serializable_data(),
        revisions=[
            {
                "created_at": revision.created_at,
                "user": revision.user_id,
                "content": revision.content,
            }
            for revision in page.revisions.order_by("created_at", "pk")
        ],
    )


def restore(deleted, user):
    """The review again, as a draft with its revisions, under its index (or the first index);
    an editor publishes it again. Refused with a message when its film is gone."""
    latest = deleted.revisions[-1]["content"] if deleted.revisions else deleted.content
    if not Film.objects.filter(pk=latest["film"]).exists():
        raise ValidationError("Its film was deleted since: add the film again, then restore.")
    critics = set(Critic.objects.values_list("pk", flat=True))
    # A new page (no pk), without the critics deleted since and the old page's comment threads.
    page = ReviewPage.from_serializable_data(
        {
            **latest,
            "pk": None,
            "critic_links": [
                link for link in latest.get("critic_links", []) if link["critic"] in critics
            ],
            "wagtail_admin_comments": [],
        }
    )
    parent = (
        ReviewIndexPage.objects.filter(pk=deleted.parent_id).first()
        or ReviewIndexPage.objects.first()
    )
    for relation in (page.critic_links.all(), page.tagged_items.all()):
        for child in relation:
            child.pk = None
    page.pk = page.id = page.page_ptr_id = None
    page.translation_key = uuid.uuid4()
    page.live, page.has_unpublished_changes, page.locked = False, True, False
    page.first_published_at = page.last_published_at = page.live_revision = None
    page.go_live_at = page.expire_at = page.latest_revision = None
    page.alias_of = None
    if parent.get_children().filter(slug=page.slug).exists():
        page.slug = f"{page.slug}-restored-{deleted.pk}"
    users = set(get_user_model().objects.values_list("pk", flat=True))
    with transaction.atomic():
        parent.add_child(instance=page)
        for revision in deleted.revisions:
            Revision.objects.create(
                content_object=page,
                base_content_type=page.get_base_content_type(),
                object_str=page.title,
                content=revision["content"],
                user_id=revision["user"] if revision["user"] in users else None,
                created_at=revision["created_at"],
            )
        page.save_revision(user=user)
        log(instance=page, action="reviews.restore", user=user)
        deleted.delete()
    return page


def purge_expired():
    """Forget deleted reviews older than the retention period; return how many."""
    cutoff = timezone.now() - timedelta(days=settings.DELETED_REVIEWS_RETENTION_DAYS)
    return DeletedReview.objects.filter(deleted_at__lt=cutoff).delete()[0]
