"""What changes the public's view of reviews, for the changes feed and for webhooks alike.

A review changes by itself (published, unpublished, deleted) or through what it shows of others:
its film, the film's genres, the critics in its byline. `reviews_changed` is sent, once the
change is committed, for a film, genre or critic change that alters at least one live review.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import Signal, receiver
from wagtail.models import DraftStateMixin
from wagtail.signals import published, unpublished

from reviews.models import Critic, Film, Genre, ReviewPage
from reviews.seo import absolute_url, page_path

# Sent with `cause` ("film", "genre" or "critic"), `instance`, `action` ("updated" or
# "deleted") and `review_ids` (the live, public reviews that show the change).
reviews_changed = Signal()

CAUSES = {Film: "film", Genre: "genre", Critic: "critic"}


def is_private(page):
    """A review behind a password or a login is no reader's news, and its API URL answers 404."""
    return page.get_view_restrictions().exists()


def purge_facts(page):
    """What a front end caches a review under besides its own URL: its film's page and the
    genre and tag listings it appears in (slugs)."""
    path = page_path(page, None)
    return {
        "url": absolute_url(path) if path else None,
        "film_id": page.film_id,
        "genres": sorted(genre.slug for genre in page.film.genres.all()),
        "tags": sorted(tag.slug for tag in page.tags.all()),
    }


@receiver(pre_delete, sender=ReviewPage)
def remember_before_delete(sender, instance, **kwargs):
    """Its tags and view restrictions are deleted before it: post_delete receivers (which run
    after Wagtail's own unpublish-before-delete, so events keep their order) read them here."""
    instance.was_public = not is_private(instance)
    instance.facts_before_delete = purge_facts(instance)


def affected_reviews(instance):
    """The ids of the live, public reviews that show this film, genre or critic."""
    reviews = ReviewPage.objects.published()
    if isinstance(instance, Film):
        reviews = reviews.filter(film=instance)
    elif isinstance(instance, Genre):
        reviews = reviews.filter(film__genres=instance)
    else:
        reviews = reviews.filter(critic_links__critic=instance)
    return sorted(set(reviews.values_list("pk", flat=True)))


def announce(instance, action):
    # Read now, inside the transaction: a deleted genre's films are gone once it commits.
    review_ids = affected_reviews(instance)
    if review_ids:
        send = partial(
            reviews_changed.send,
            sender=type(instance),
            cause=CAUSES[type(instance)],
            instance=instance,
            action=action,
            review_ids=review_ids,
        )
        transaction.on_commit(send, robust=True)


@receiver(post_save, sender=Film)
@receiver(post_save, sender=Genre)
@receiver(post_save, sender=Critic)
def saved(sender, instance, created, update_fields=None, **kwargs):
    # A save of named fields is bookkeeping (a new revision's pointer, a lock), not an edit.
    # A film with a draft state changes what readers see only when published (below).
    if created or update_fields is not None or isinstance(instance, DraftStateMixin):
        return
    announce(instance, "updated")


@receiver(published, sender=Film)
@receiver(unpublished, sender=Film)
def film_published(sender, instance, **kwargs):
    announce(instance, "updated")


@receiver(pre_delete, sender=Genre)
@receiver(pre_delete, sender=Critic)
def deleting(sender, instance, **kwargs):
    announce(instance, "deleted")
