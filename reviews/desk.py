"""Where a review stands in the editorial flow, as queries the dashboard and the review listing
share: in moderation, changes requested, scheduled."""

from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from wagtail.models import Revision, WorkflowState, get_default_page_content_type

from .models import ReviewPage


def workflow_states(*statuses):
    """Workflow states of pages with one of these statuses, matched to the page by `OuterRef`."""
    # Workflow states name a page by its base content type and its id as text.
    return WorkflowState.objects.filter(
        status__in=statuses,
        base_content_type=get_default_page_content_type(),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )


def in_moderation():
    return Q(Exists(workflow_states(WorkflowState.STATUS_IN_PROGRESS)))


def changes_requested():
    return Q(Exists(workflow_states(WorkflowState.STATUS_NEEDS_CHANGES)))


def approved_go_live_revisions():
    """A page's approved revision waiting for its go-live time (one at most), by `OuterRef`."""
    return Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        approved_go_live_at__isnull=False,
    )


def approved_go_live():
    return Subquery(approved_go_live_revisions().values("approved_go_live_at")[:1])


def is_scheduled():
    return Q(Exists(approved_go_live_revisions()))


def scheduled_reviews():
    """Reviews with a revision waiting to go live, soonest first, with `scheduled_at`."""
    return (
        ReviewPage.objects.annotate(scheduled_at=approved_go_live())
        .filter(scheduled_at__isnull=False)
        .order_by("scheduled_at", "pk")
    )
