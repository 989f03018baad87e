from django.db import models
from django.utils import timezone


class ReviewChange(models.Model):
    """One change to what the public sees of a review: the log behind /api/v2/changes/.

    Its id is the sync cursor: it only grows, so "everything after N" never misses a change that
    was committed after a client read N. Rows outlive their review (a deleted review's last row
    says so), hence no foreign key.
    """

    wagtail_reference_index_ignore = True

    class Change(models.TextChoices):
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Updated"
        UNPUBLISHED = "unpublished", "Unpublished"
        DELETED = "deleted", "Deleted"

    class Cause(models.TextChoices):
        REVIEW = "review", "The review itself"
        FILM = "film", "Its film"
        GENRE = "genre", "A genre of its film"
        CRITIC = "critic", "A critic in its byline"

    review_id = models.PositiveIntegerField(db_index=True)
    change = models.CharField(max_length=20, choices=Change)
    cause = models.CharField(max_length=20, choices=Cause, default=Cause.REVIEW)
    occurred_at = models.DateTimeField(default=timezone.now)
    # What a front end purges besides the review's own page, as they were at the change.
    url = models.URLField(max_length=500, blank=True)
    film_id = models.PositiveIntegerField(null=True)
    genres = models.JSONField(default=list)
    tags = models.JSONField(default=list)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Review {self.review_id} {self.change} ({self.cause})"
