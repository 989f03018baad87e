"""The editor's desk: the review panels of the admin dashboard (`construct_homepage_panels`).

Each panel makes a fixed number of queries however many reviews there are; the charts are drawn
here as SVG (no script, nothing fetched) and each comes with the same figures as a table.
"""

import datetime

from django.db.models import Count, DateField
from django.db.models.functions import Floor, TruncMonth
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .desk import in_moderation, scheduled_reviews
from .models import ReviewIndexPage, ReviewPage

PANEL_LIMIT = 8
CHART_MONTHS = 12


class ReviewPanel(Component):
    """A dashboard panel whose context is computed from the request's user."""

    class Media:
        css = {"all": ["reviews/dashboard.css"]}

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context["request"]
        context.update(self.panel_context(parent_context["request"].user))
        return context


class NewReviewPanel(ReviewPanel):
    name = "new_review"
    template_name = "reviews/dashboard/new_review.html"
    order = 90

    def panel_context(self, user):
        """The add link under the first review index this user may add reviews to."""
        for index in ReviewIndexPage.objects.order_by("path"):
            if index.permissions_for_user(user).can_add_subpage():
                args = ("reviews", "reviewpage", index.pk)
                return {"add_url": reverse("wagtailadmin_pages:add", args=args)}
        return {"add_url": None}


class MyDraftsPanel(ReviewPanel):
    name = "my_drafts"
    template_name = "reviews/dashboard/my_drafts.html"
    order = 230

    def panel_context(self, user):
        drafts = (
            ReviewPage.objects.filter(owner=user, has_unpublished_changes=True)
            .exclude(in_moderation())
            .order_by("-latest_revision_created_at", "-pk")[:PANEL_LIMIT]
        )
        return {"drafts": drafts}


class ScheduledPanel(ReviewPanel):
    name = "scheduled_reviews"
    template_name = "reviews/dashboard/scheduled.html"
    order = 240

    def panel_context(self, user):
        return {"scheduled": scheduled_reviews()[:PANEL_LIMIT]}


class RecentlyPublishedPanel(ReviewPanel):
    name = "recently_published"
    template_name = "reviews/dashboard/recently_published.html"
    order = 260

    def panel_context(self, user):
        recent = (
            ReviewPage.objects.live()
            .prefetch_related("critic_links__critic")
            .order_by("-last_published_at", "-pk")[:PANEL_LIMIT]
        )
        return {"recent": recent}


class ChartsPanel(ReviewPanel):
    name = "review_charts"
    template_name = "reviews/dashboard/charts.html"
    order = 270

    def panel_context(self, user):
        return {"per_month": per_month_chart(), "scores": score_chart()}


def month_starts(today, count):
    """The first days of the last `count` months, oldest first, ending with today's month."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def per_month_chart():
    months = month_starts(timezone.localdate(), CHART_MONTHS)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time()))
    counts = {
        row["month"]: row["count"]
        for row in ReviewPage.objects.live()
        .filter(first_published_at__gte=start)
        .annotate(month=TruncMonth("first_published_at", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
    }
    bars = [(f"{month:%b %Y}", f"{month:%b}", counts.get(month, 0)) for month in months]
    return bar_chart(
        "Reviews published per month",
        f"Live reviews by month of first publication, {bars[0][0]} to {bars[-1][0]}.",
        "Month",
        bars,
    )


def score_chart():
    """Live reviews by whole score (9 includes 10), then the unscored ones."""
    buckets = dict.fromkeys(range(10), 0)
    unscored = 0
    for row in (
        ReviewPage.objects.live()
        .annotate(bucket=Floor("score"))
        .order_by()
        .values("bucket")
        .annotate(count=Count("pk"))
    ):
        if row["bucket"] is None:
            unscored += row["count"]
        else:
            buckets[min(int(row["bucket"]), 9)] += row["count"]
    bars = [
        (f"{low} to {low}.9" if low < 9 else "9 to 10", str(low), count)
        for low, count in buckets.items()
    ]
    bars.append(("Not scored", "none", unscored))
    return bar_chart(
        "Score distribution",
        "Live reviews by score, in bands of one point; the last bar counts reviews not scored.",
        "Score",
        bars,
    )


# The chart's drawing box, in SVG user units (scaled to the panel's width by the viewBox).
WIDTH, HEIGHT, TOP, BOTTOM = 400, 180, 20, 24


def bar_chart(title, description, label_heading, bars):
    """Bars laid out for the SVG template: `bars` are (full label, axis label, count)."""
    highest = max((count for _, _, count in bars), default=0)
    slot = WIDTH / len(bars)
    plot = HEIGHT - TOP - BOTTOM
    laid_out = []
    for position, (label, short, count) in enumerate(bars):
        height = round(plot * count / highest) if highest else 0
        laid_out.append(
            {
                "label": label,
                "short": short,
                "count": count,
                "x": round(position * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": TOP + plot - height,
                "height": height,
                "centre": round(position * slot + slot / 2, 1),
                "value_y": TOP + plot - height - 6,
            }
        )
    return {
        "title": title,
        "description": description,
        "label_heading": label_heading,
        "bars": laid_out,
        "total": sum(count for _, _, count in bars),
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 8,
    }


def dashboard_panels(request, panels):
    panels.extend(
        [
            NewReviewPanel(),
            MyDraftsPanel(),
            ScheduledPanel(),
            RecentlyPublishedPanel(),
            ChartsPanel(),
        ]
    )
