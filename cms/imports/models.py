from django.conf import settings
from django.db import models


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
    category = models.CharField(max_length=200, blank=True)
    tag = models.CharField(max_length=200, blank=True)
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    # Rows of the dry run, then of the import: one per review (or per refused file).
    plan = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=list, blank=True)
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
    def rows(self):
        return self.report if self.status == self.Status.DONE else self.plan


class ReviewImportFile(models.Model):
    """An uploaded file, kept in the database so any worker node can read it; deleted once used."""

    review_import = models.ForeignKey(ReviewImport, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    data = models.BinaryField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
