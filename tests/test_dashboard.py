"""The editor's desk on the admin dashboard: what a writer and an editor see there, and that it
costs the same number of queries however many reviews there are."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import Critic, Film, ReviewPage, ReviewPageCritic

from .conftest import COMPLETE_BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_draft(index):
    def add(owner, title="Draft Film (2024) Review – Still Rough"):
        film = Film.objects.create(title=title.split(" (")[0], year=2024)
        page = ReviewPage(title=title, headline="Still Rough", film=film, owner=owner, live=False)
        index.add_child(instance=page)
        page.save_revision(user=owner)
        return page

    return add


@pytest.fixture
def add_scheduled(index):
    def add(title, when):
        film = Film.objects.create(title=title.split(" (")[0], year=2025)
        page = ReviewPage(title=title, headline="Soon", film=film, body=COMPLETE_BODY, live=False)
        index.add_child(instance=page)
        page.go_live_at = when
        page.save_revision().publish()
        return page

    return add


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(page, panel_id):
    found = page.select_one(f"#{panel_id}")
    assert found is not None, f"no panel #{panel_id}"
    return found


def rows(table):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in table.select("tbody tr")
    ]


def test_new_review_opens_the_review_form_under_the_index(writer, index):
    page = soup(writer.get("/admin/"))
    link = page.select_one("[data-testid=new-review]")
    assert link.get_text(strip=True) == "New review"
    add_url = reverse("wagtailadmin_pages:add", args=("reviews", "reviewpage", index.pk))
    assert link["href"] == add_url
    assert writer.get(link["href"]).status_code == 200


def test_writer_sees_their_own_drafts_only(writer, editor, add_draft):
    add_draft(writer.user)
    add_draft(editor.user, "Other Film (2024) Review – Not Yours")
    drafts = panel(soup(writer.get("/admin/")), "my-drafts-content")
    text = drafts.get_text(" ", strip=True)
    assert "Draft Film (2024) Review – Still Rough" in text
    assert "Not Yours" not in text
    assert "draft" in text


def test_scheduled_reviews_show_their_go_live_time(editor, add_scheduled, settings):
    when = timezone.now() + timedelta(days=2)
    when = when.replace(hour=9, minute=45, second=0, microsecond=0)
    add_scheduled("Later Film (2025) Review – Soon", when)
    table = panel(soup(editor.get("/admin/")), "scheduled-reviews-content")
    [[title, goes_live]] = rows(table)
    assert title == "Later Film (2025) Review – Soon"
    local = timezone.localtime(when)
    assert local.strftime("%H:%M") == "09:45" or settings.TIME_ZONE != "UTC"
    assert local.strftime("%-d %b %Y") in goes_live
    assert local.strftime("%H:%M") in goes_live
    assert table.select_one("time")["datetime"].startswith(local.strftime("%Y-%m-%d"))


def test_recently_published_lists_byline_and_score(editor, make_review):
    review = make_review(score=Decimal("8.5"))
    ReviewPageCritic.objects.create(page=review, critic=Critic.objects.create(name="Ann Lee"))
    make_review(title="Unscored Film Review – Maybe")
    table = panel(soup(editor.get("/admin/")), "recently-published-content")
    listed = {row[0]: row[1:3] for row in rows(table)}
    assert listed[review.title] == ["by Ann Lee", "8.5/10"]
    assert listed["Unscored Film Review – Maybe"] == ["No byline", "Not scored"]


def test_charts_count_live_reviews_by_month_and_score(editor, make_review, add_draft):
    for score in ("9.5", "10.0", "3.0", None):
        make_review(score=None if score is None else Decimal(score))
    add_draft(editor.user)  # a draft counts nowhere
    page = soup(editor.get("/admin/"))
    for chart in ("chart-per-month", "chart-scores"):
        svg = page.select_one(f"svg[data-chart={chart}]")
        assert svg["role"] == "img"
        assert len(svg.select("rect")) >= 11
    scores = dict(
        (row[0], int(row[1]))
        for row in rows(page.select_one("svg[data-chart=chart-scores]").find_next("table"))
    )
    assert scores["9 to 10"] == 2
    assert scores["3 to 3.9"] == 1
    assert scores["Not scored"] == 1
    assert sum(scores.values()) == 4
    months = rows(page.select_one("svg[data-chart=chart-per-month]").find_next("table"))
    assert len(months) == 12
    assert months[-1] == [timezone.localdate().strftime("%b %Y"), "4"]


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_reviews(editor, make_review, add_draft, add_scheduled):
    def add_some(number):
        for _ in range(number):
            review = make_review(score=Decimal("7.0"))
            ReviewPageCritic.objects.create(
                page=review, critic=Critic.objects.create(name=f"Critic {review.pk}")
            )
            add_draft(editor.user, f"Draft {review.pk} (2024) Review – Rough")
            add_scheduled(f"Soon {review.pk} (2025) Review – Soon", timezone.now() + timedelta(1))

    add_some(1)
    dashboard_queries(editor)  # warm the per-process caches (content types, site)
    few = dashboard_queries(editor)
    add_some(4)
    assert dashboard_queries(editor) == few
    assert few <= 40
