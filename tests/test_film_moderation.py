"""Films are moderated like reviews: a writer's edit reaches readers, both APIs, webhooks and the
changes feed only once an editor approves it; genres are renamed and deleted by editors only."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import WorkflowState

from cms.changes.models import ReviewChange
from reviews.ingest.importer import import_review
from reviews.ingest.parser import parse_review_bytes
from reviews.ingest.text import from_parsed
from reviews.models import Film, Genre, ReviewPage

from .admin_forms import admin_url, film_form, review_form, snippet_url
from .conftest import COMPLETE_BODY, SAMPLE

pytestmark = pytest.mark.django_db

NEW_SYNOPSIS = "A retired assassin teaches ballet to a city of wolves."


def public_synopses(client, review):
    """The film's synopsis as readers get it: the review page, the pages API, the films API."""
    html = client.get(review.url).text
    page_item = client.get(f"/api/v2/pages/{review.pk}/").json()
    film_item = client.get(f"/api/v2/films/{review.film_id}/").json()
    return NEW_SYNOPSIS in html, page_item["film"]["synopsis"], film_item["synopsis"]


def task_state_of(film):
    return Film.objects.get(pk=film.pk).current_workflow_task_state


def test_films_go_through_the_review_approval_workflow(index):
    assert Film.get_default_workflow() == index.get_workflow()
    assert Film.get_default_workflow().name == "Review approval"


def test_a_writers_film_edit_is_public_only_once_an_editor_approves_it(
    writer,
    editor,
    sample_review,
    client,
    endpoint,
    receiver,
    run_worker,
    django_capture_on_commit_callbacks,
):
    film = sample_review.film
    old = film.synopsis
    cursor = ReviewChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    data = film_form(film, synopsis=NEW_SYNOPSIS, **{"action-submit": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = writer.post(snippet_url("edit", film.pk), data)
    assert response.status_code == 302, response.content

    film.refresh_from_db()
    assert film.live and film.has_unpublished_changes
    assert film.workflow_in_progress
    assert film.get_latest_revision_as_object().synopsis == NEW_SYNOPSIS
    assert public_synopses(client, sample_review) == (False, old, old)
    assert "eddie@example.com" in [address for m in mail.outbox for address in m.to]
    run_worker()
    assert "film.changed" not in receiver.events()

    # A writer cannot publish it themselves, nor approve it.
    writer.post(snippet_url("edit", film.pk), film_form(film, **{"action-publish": "1"}))
    task_state = task_state_of(film)
    writer.post(snippet_url("workflow_action", film.pk, "approve", task_state.pk))
    assert public_synopses(client, sample_review) == (False, old, old)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(snippet_url("workflow_action", film.pk, "approve", task_state.pk))
    assert response.status_code in (200, 302)
    film.refresh_from_db()
    assert film.live and not film.has_unpublished_changes
    assert film.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert public_synopses(client, sample_review) == (True, NEW_SYNOPSIS, NEW_SYNOPSIS)

    run_worker()
    [event] = [json.loads(r["body"]) for r in receiver.requests if b"film.changed" in r["body"]]
    assert (event["id"], event["type"], event["review_ids"]) == (
        film.pk,
        "reviews.Film",
        [sample_review.pk],
    )
    changes = client.get(f"/api/v2/changes/?since={cursor}").json()["items"]
    assert [(item["id"], item["change"], item["cause"]) for item in changes] == [
        (sample_review.pk, "updated", "film")
    ]


def test_request_changes_keeps_the_live_film(writer, editor, sample_review, client):
    film = sample_review.film
    old = film.synopsis
    data = film_form(film, synopsis=NEW_SYNOPSIS, **{"action-submit": "1"})
    writer.post(snippet_url("edit", film.pk), data)
    task_state = task_state_of(film)
    editor.post(
        snippet_url("workflow_action", film.pk, "reject", task_state.pk),
        {"comment": "Keep the logline to the plot."},
    )
    film.refresh_from_db()
    assert film.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert public_synopses(client, sample_review) == (False, old, old)


def test_editors_get_the_snippet_workflow_buttons_and_writers_no_publish(
    writer, editor, sample_review
):
    film = sample_review.film
    writer_page = writer.get(snippet_url("edit", film.pk)).text
    editor_page = editor.get(snippet_url("edit", film.pk)).text
    assert "Save draft" in writer_page and "Submit to Review approval" in writer_page
    assert 'name="action-publish"' not in writer_page
    assert 'name="action-publish"' in editor_page
    assert editor.get(snippet_url("history", film.pk)).status_code == 200


def film_and_review_of_a_writer(writer, index):
    """A new film and a review of it, both written by the writer in the admin: drafts."""
    response = writer.post(
        snippet_url("add"), film_form(Film(title="Glass Harbour", year=2024, synopsis="Tides."))
    )
    assert response.status_code == 302, response.content
    film = Film.objects.get(title="Glass Harbour")
    assert not film.live
    page = ReviewPage(title="Glass Harbour (2024) Review – Calm", headline="Calm", film=film)
    page.live = False
    index.add_child(instance=page)
    return film, page


def test_a_film_that_was_never_published_shows_nowhere(writer, index, client, make_review):
    film, _ = film_and_review_of_a_writer(writer, index)
    assert client.get(f"/api/v2/films/{film.pk}/").status_code == 404
    assert "Glass Harbour" not in json.dumps(client.get("/api/v2/films/").json())
    assert "Glass Harbour" not in client.get("/api/v2/genres/").text
    # A live review pointing at a draft film (a shell's doing) does not list the film either.
    other = make_review()
    Film.objects.filter(pk=other.film_id).update(live=False)
    assert client.get(f"/api/v2/films/{other.film_id}/").status_code == 404


def test_publishing_a_review_publishes_its_film_that_was_never_published(
    writer, editor, index, client
):
    film, page = film_and_review_of_a_writer(writer, index)
    revision = Film.objects.get(pk=film.pk).save_revision(user=writer.user)
    page.body = COMPLETE_BODY
    page.save_revision(user=writer.user)
    data = review_form(ReviewPage.objects.get(pk=page.pk).get_latest_revision_as_object())
    data["action-publish"] = "1"
    assert editor.post(admin_url("edit", page.pk), data).status_code == 302
    film.refresh_from_db()
    assert film.live and film.live_revision_id == revision.pk
    item = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert item["film"]["synopsis"] == "Tides."
    assert client.get(f"/api/v2/films/{film.pk}/").status_code == 200


def test_a_scheduled_review_leaves_its_film_a_draft_until_it_goes_live(writer, index):
    film, page = film_and_review_of_a_writer(writer, index)
    page.body = COMPLETE_BODY
    page.go_live_at = timezone.now() + timedelta(days=1)
    page.save_revision().publish()
    assert not Film.objects.get(pk=film.pk).live


def test_a_film_with_live_reviews_cannot_be_unpublished(editor, sample_review, client):
    film = sample_review.film
    response = editor.post(snippet_url("unpublish", film.pk), follow=True)
    assert "cannot be unpublished: 1 live review shows it" in response.text
    assert Film.objects.get(pk=film.pk).live
    assert client.get(sample_review.url).status_code == 200


def test_importing_a_review_as_a_draft_leaves_its_new_film_a_draft(index):
    text = SAMPLE.read_bytes()
    _, page = import_review(from_parsed(parse_review_bytes(text)), index)
    assert not page.film.live and page.film.has_unpublished_changes
    _, page = import_review(from_parsed(parse_review_bytes(text)), index, publish=True)
    assert Film.objects.get(pk=page.film_id).live


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_only_editors_rename_or_delete_a_genre(request, role, sample_review, client):
    user = request.getfixturevalue(role)
    genre = sample_review.film.genres.first()
    old_name = genre.name
    assert (user.get(snippet_url("edit", genre.pk, model="genre")).status_code == 200) is (
        role == "editor"
    )
    user.post(snippet_url("edit", genre.pk, model="genre"), {"name": "Renamed", "slug": "renamed"})
    renamed = Genre.objects.get(pk=genre.pk).name == "Renamed"
    assert renamed is (role == "editor")
    assert ("Renamed" in client.get(sample_review.url).text) is renamed
    if role == "writer":
        assert Genre.objects.get(pk=genre.pk).name == old_name
        user.post(snippet_url("delete", genre.pk, model="genre"))
        assert Genre.objects.filter(pk=genre.pk).exists()
        # Adding a genre stays a writer's: it shows nowhere until a published film has it.
        user.post(snippet_url("add", model="genre"), {"name": "Noir", "slug": ""})
        assert Genre.objects.filter(name="Noir").exists()


def test_search_finds_a_review_by_its_films_published_facts_only(
    writer, editor, sample_review, client
):
    film = sample_review.film
    writer.post(
        snippet_url("edit", film.pk),
        film_form(film, original_title="Balleriniad", **{"action-submit": "1"}),
    )
    assert "0 reviews found" in client.get("/search/?q=Balleriniad").text
    task_state = task_state_of(film)
    editor.post(snippet_url("workflow_action", film.pk, "approve", task_state.pk))
    assert "1 review and 1 film found" in client.get("/search/?q=Balleriniad").text


def test_an_import_fills_a_live_films_facts_as_a_draft_unless_it_publishes(index, client):
    text = SAMPLE.read_bytes()
    _, page = import_review(from_parsed(parse_review_bytes(text)), index, publish=True)

    def forget_runtime():
        film = Film.objects.get(pk=page.film_id)
        film.runtime_minutes = None
        film.save_revision().publish()

    def public_runtime():
        return client.get(f"/api/v2/pages/{page.pk}/").json()["film"]["runtime_minutes"]

    forget_runtime()
    import_review(from_parsed(parse_review_bytes(text)), index)
    film = Film.objects.get(pk=page.film_id)
    assert film.has_unpublished_changes and public_runtime() is None
    assert film.get_latest_revision_as_object().runtime_minutes == 93

    forget_runtime()
    import_review(from_parsed(parse_review_bytes(text)), index, publish=True)
    assert not Film.objects.get(pk=page.film_id).has_unpublished_changes
    assert public_runtime() == 93
