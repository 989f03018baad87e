"""Who may delete a review: the one rule every admin path (delete view, bulk delete, the admin
API's delete action, deleting a parent) asks through `ReviewPage.permissions_for_user`."""

from wagtail.models import PageLogEntry, PagePermissionTester

# Once any of these happened the review is no longer only its writer's: an editor saw it, readers
# saw it, or it waits for a date. The log keeps them even after a workflow or schedule is cancelled.
LEFT_THE_WRITER = [
    "wagtail.publish",
    "wagtail.publish.scheduled",
    "wagtail.unpublish",
    "wagtail.workflow.start",
]


def is_private_draft(page, user):
    """The writer's own draft that was never published, submitted or scheduled."""
    return (
        page.owner_id == user.pk
        and not page.live
        and page.first_published_at is None
        and not page.workflow_states.exists()
        and not page.revisions.filter(approved_go_live_at__isnull=False).exists()
        and not PageLogEntry.objects.filter(page=page, action__in=LEFT_THE_WRITER).exists()
    )


class ReviewPermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        allowed = super().can_delete(ignore_bulk=ignore_bulk)
        if not allowed or self.user.is_superuser or "publish" in self.permissions:
            return allowed
        # Wagtail lets anyone who may edit a page delete it while it is not live: another
        # writer's draft, a review in moderation, a scheduled one. Writers get only their own.
        return is_private_draft(self.page, self.user)
