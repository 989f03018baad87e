from django.conf import settings
from django.db import models

from reviews.models import ReviewIndexPage


def review_index():
    """Where imported reviews go: the first review index, as `import_reviews` does by default."""
    return ReviewIndexPage.objects.order_by("path").first()


class ReviewImport(models.Model):
    """One upload in the admin: its files until imported, then the report, kept for the record."""

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the files"
        CHECKED = "checked", "Waiting for confirmation"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped by an error"

    class Action(models.TextChoices):
        DRAFT = "draft", "Save as drafts"
        SUBMIT = "submit", "Save and submit for moderation"
        PUBLISH = "publish", "Publish"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.CHECKING)
    action = models.CharField(max_length=20, choices=Action, default=Action.DRAFT)
    # WordPress exports: only the posts in any of these categories / with any of these tags.
    categories = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    files_total = models.PositiveIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    # The report of the dry run, then of the import (`reviews.ingest.report.ImportReport`).
    plan = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "review import"

    def __str__(self):
        return f"Import {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def running(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def current_report(self):
        return self.report if self.status in (self.Status.DONE, self.Status.FAILED) else self.plan


class ReviewImportFile(models.Model):
    """An uploaded file, kept in the database so any worker node can read it; deleted once used."""

    review_import = models.ForeignKey(ReviewImport, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    data = models.BinaryField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
