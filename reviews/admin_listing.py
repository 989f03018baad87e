"""The admin's *Reviews* listing: every review with its film, byline, genres, score and where it
stands in the workflow, filterable by each (Wagtail's `PageListingViewSet`)."""

import django_filters
from django import forms
from django.db.models import Q
from wagtail.admin.filters import NumberRangeWidget
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from .desk import changes_requested, in_moderation, is_scheduled
from .models import Critic, Film, Genre, ReviewPage


class WorkflowStateFilter(django_filters.ChoiceFilter):
    PREDICATES = {
        "draft": lambda: Q(live=False) & ~in_moderation() & ~is_scheduled(),
        "in_moderation": in_moderation,
        "changes_requested": changes_requested,
        "scheduled": is_scheduled,
        "live": lambda: Q(live=True),
    }

    def filter(self, queryset, value):
        return queryset.filter(self.PREDICATES[value]()) if value else queryset


class ScoreRangeWidget(NumberRangeWidget):
    """Wagtail's minimum–maximum inputs, in tenths from 0 to 10."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        for widget in self.widgets:
            widget.attrs.update({"step": "0.1", "max": "10"})


class ReviewFilterSet(PageFilterSet):
    workflow_state = WorkflowStateFilter(
        label="Workflow state",
        empty_label="Any",
        choices=[
            ("draft", "Draft (never published)"),
            ("in_moderation", "In moderation"),
            ("changes_requested", "Changes requested"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
        ],
        widget=forms.RadioSelect,
    )
    score = django_filters.RangeFilter(label="Score", widget=ScoreRangeWidget)
    scored = django_filters.BooleanFilter(
        field_name="score",
        lookup_expr="isnull",
        exclude=True,
        label="Scored",
        widget=forms.RadioSelect(choices=[("", "Any"), ("true", "Yes"), ("false", "Not scored")]),
    )
    film = django_filters.ModelChoiceFilter(
        label="Film", queryset=Film.objects.filter(reviews__isnull=False).distinct()
    )
    genre = django_filters.ModelMultipleChoiceFilter(
        label="Genre",
        field_name="film__genres",
        queryset=Genre.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    critic = django_filters.ModelMultipleChoiceFilter(
        label="Critic",
        field_name="critic_links__critic",
        queryset=Critic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )

    class Meta:
        model = ReviewPage
        fields = []


def workflow_label(review):
    """Where a review stands in moderation, from the states the listing prefetched."""
    if state := review.current_workflow_state:
        if state.status == state.STATUS_NEEDS_CHANGES:
            return "Changes requested"
        return f"In moderation: {state.current_task_state.task.name}"
    return "Scheduled" if review.approved_schedule else ""


class ReviewIndexView(IndexView):
    def annotate_queryset(self, pages):
        # Prefetched rather than joined: the listing fetches each page's specific object again.
        return (
            super()
            .annotate_queryset(pages)
            .prefetch_related("film", "film__genres", "critic_links__critic")
        )


class ReviewListingViewSet(PageListingViewSet):
    model = ReviewPage
    index_view_class = ReviewIndexView
    icon = "doc-full-inverse"
    menu_label = "Reviews"
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = ReviewFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("film", label="Film", sort_key="film__title"),
        Column(
            "byline",
            label="Critics",
            accessor=lambda review: ", ".join(critic.name for critic in review.critics),
        ),
        Column(
            "genres",
            label="Genres",
            accessor=lambda review: ", ".join(genre.name for genre in review.film.genres.all()),
        ),
        Column(
            "score",
            label="Score",
            sort_key="score",
            accessor=lambda review: "Not scored" if review.score is None else review.score,
        ),
        Column("workflow", label="Workflow", accessor=workflow_label),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
        DateColumn(
            "latest_revision_created_at",
            label="Updated",
            sort_key="latest_revision_created_at",
            width="12%",
        ),
    ]
