import uuid

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

EVENTS = [
    ("review.published", "Review published"),
    ("review.unpublished", "Review unpublished (or expired)"),
    ("review.scheduled", "Review scheduled for publishing"),
    ("review.deleted", "Review deleted"),
    ("film.changed", "Film changed (its live reviews show it)"),
    ("genre.changed", "Genre renamed or deleted (live reviews show it)"),
    ("critic.changed", "Critic changed (in live reviews' bylines)"),
]


class WebhookEndpoint(models.Model):
    name = models.CharField(
        max_length=100, help_text="Who receives these, e.g. “Next.js front end”."
    )
    url = models.URLField(
        "URL",
        max_length=500,
        # URLField also takes ftp://, which cannot receive a POST.
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Receives a POST for every event (http:// or https://).",
    )
    secret = models.CharField(
        max_length=200,
        help_text="Shared with the receiver, which checks the X-Webhook-Signature header with it.",
    )
    # The secret replaced last, still signed with until the overlap after a rotation ends, so
    # that a receiver can switch to the new one without refusing a delivery meanwhile.
    previous_secret = models.CharField(max_length=200, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    events = models.JSONField(default=list, help_text="The events this endpoint receives.")
    active = models.BooleanField(default=True, help_text="Inactive endpoints receive nothing.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.name

    def rotate_secret(self, new_secret, overlap):
        """Sign with `new_secret` from now on, and with the current one beside it for `overlap`."""
        if new_secret != self.secret:
            self.previous_secret, self.secret = self.secret, new_secret
            self.previous_secret_expires_at = timezone.now() + overlap

    @property
    def signing_secrets(self):
        """The current secret, then the previous one while its overlap lasts."""
        secrets = [self.secret]
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires and expires > timezone.now():
            secrets.append(self.previous_secret)
        return secrets


class WebhookDelivery(models.Model):
    """One event for one endpoint: its exact signed body and its key stay the same on retries."""

    # A log, not content: keep it out of Wagtail's reference index (and the worker's queries).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=50, choices=EVENTS)
    object_id = models.CharField(max_length=64)
    body = models.TextField()
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} #{self.object_id} → {self.endpoint}"


class WebhookAttempt(models.Model):
    wagtail_reference_index_ignore = True

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    succeeded = models.BooleanField(default=False)
    retry_at = models.DateTimeField(
        null=True, blank=True, help_text="When the next attempt runs, if this one failed."
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number")
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.delivery}"

    @property
    def endpoint(self):
        return self.delivery.endpoint

    @property
    def idempotency_key(self):
        return self.delivery.idempotency_key

    @property
    def request_body(self):
        return self.delivery.body

    @property
    def outcome(self):
        if self.succeeded:
            return f"{self.status_code} delivered"
        return f"{self.status_code} failed" if self.status_code else self.error
