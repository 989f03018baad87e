"""The admin's Reviews listing: its columns, each of its filters, and a query count that does not
grow with the number of reviews."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import TaskState

from reviews.models import Critic, Genre, ReviewPageCritic

pytestmark = pytest.mark.django_db

URL = "/admin/reviews/"


def listing(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    rows = {}
    for row in soup.select("table.listing tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        title = row.select_one("td.title a").get_text(" ", strip=True)
        rows[title] = dict(zip(headings, cells, strict=False))
    return rows


@pytest.fixture
def reviews(make_review, writer, editor):
    ann = Critic.objects.create(name="Ann Lee")
    bo = Critic.objects.create(name="Bo Park")
    top = make_review(title="Top", score=Decimal("9.5"), genres=("Thriller",))
    ReviewPageCritic.objects.create(page=top, critic=ann)
    mid = make_review(title="Mid", score=Decimal("6.0"), genres=("Drama",))
    ReviewPageCritic.objects.create(page=mid, critic=bo)
    unscored = make_review(title="Unscored", genres=("Drama", "Thriller"))
    moderated = make_review(title="Moderated", score=Decimal("7.0"))
    moderated.get_workflow().start(moderated, writer.user)
    returned = make_review(title="Returned", score=Decimal("5.0"))
    returned.get_workflow().start(returned, writer.user)
    task_state = TaskState.objects.get(workflow_state__object_id=str(returned.pk))
    task_state.reject(user=editor.user, comment="Tighten the verdict.")
    later = make_review(title="Later", score=Decimal("8.0"))
    later.go_live_at = timezone.now() + timedelta(days=1)
    later.save_revision().publish()
    return {"top": top, "mid": mid, "unscored": unscored}


def test_columns_show_film_byline_genres_score_and_workflow(editor, reviews):
    rows = listing(editor)
    assert rows["Top"]["Film"] == str(reviews["top"].film)
    assert rows["Top"]["Critics"] == "Ann Lee"
    assert rows["Top"]["Genres"] == "Thriller"
    assert rows["Top"]["Score"] == "9.5"
    assert rows["Unscored"]["Score"] == "Not scored"
    assert rows["Unscored"]["Genres"] == "Drama, Thriller"
    assert rows["Moderated"]["Workflow"] == "In moderation: Editors approval"
    assert rows["Returned"]["Workflow"] == "Changes requested"
    assert rows["Later"]["Workflow"] == "Scheduled"
    assert rows["Top"]["Workflow"] == ""


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"score_min": "7", "score_max": "9.5"}, {"Top", "Moderated", "Later"}),
        ({"scored": "false"}, {"Unscored"}),
        ({"workflow_state": "in_moderation"}, {"Moderated"}),
        ({"workflow_state": "changes_requested"}, {"Returned"}),
        ({"workflow_state": "scheduled"}, {"Later"}),
        ({"workflow_state": "live"}, {"Top", "Mid", "Unscored", "Moderated", "Returned"}),
    ],
)
def test_filters(editor, reviews, params, expected):
    assert set(listing(editor, **params)) == expected


def test_filters_by_genre_film_and_critic(editor, reviews):
    thriller = Genre.objects.get(name="Thriller")
    assert set(listing(editor, genre=thriller.pk)) == {"Top", "Unscored"}
    assert set(listing(editor, film=reviews["mid"].film_id)) == {"Mid"}
    ann = Critic.objects.get(name="Ann Lee")
    assert set(listing(editor, critic=ann.pk)) == {"Top"}


def test_a_bad_filter_value_is_a_form_error_not_a_500(editor, reviews):
    response = editor.get(URL, {"score_min": "ten", "workflow_state": "nonsense"})
    assert response.status_code == 200


def test_writers_see_the_listing(writer, reviews):
    assert "Top" in listing(writer)


def test_queries_do_not_grow_with_reviews(editor, make_review):
    def add(number):
        for _ in range(number):
            review = make_review(score=Decimal("7.0"), genres=("Drama", "Action"))
            critic = Critic.objects.create(name=f"Critic {review.pk}")
            ReviewPageCritic.objects.create(page=review, critic=critic)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(URL).status_code == 200
        return len(queries)

    add(2)
    count()
    few = count()
    add(6)
    assert count() == few


def test_sorts_by_score(editor, reviews):
    titles = list(listing(editor, ordering="-score"))
    # Where an unscored review sorts is the database's choice (first on PostgreSQL, last on SQLite).
    assert [title for title in titles if title != "Unscored"][:3] == ["Top", "Later", "Moderated"]
