"""Who may delete a review, through every admin path that deletes (issue 12, point 1).

A writer deletes only their own draft that never left their hands (never published, submitted or
scheduled); editors delete any review. Each refusal is a forged POST: the button is not shown.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cms.scheduler.scheduler import tick
from reviews.models import DeletedReview, ReviewPage

from .admin_forms import admin_url
from .conftest import COMPLETE_BODY, member

pytestmark = pytest.mark.django_db

PATHS = ["view", "bulk", "api"]


def delete(client, page, path):
    """Delete `page` the way the admin's delete button, its bulk action or its API would."""
    if path == "view":
        return client.post(admin_url("delete", page.pk))
    if path == "bulk":
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        return client.post(f"{url}?id={page.pk}")
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/delete/", content_type="application/json", data={}
    )


def exists(page):
    return ReviewPage.objects.filter(pk=page.pk).exists()


@pytest.fixture
def draft_of(index, sample_review):
    """A complete review draft owned by a user, saved the way the editor saves it."""
    counter = iter(range(1, 100))

    def make(user):
        number = next(counter)
        page = ReviewPage(
            title=f"Draft {number}",
            slug=f"draft-{number}",
            headline="A draft",
            film=sample_review.film,
            body=COMPLETE_BODY,
            owner=user,
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision(user=user)
        return page

    return make


@pytest.fixture
def walt(django_user_model):
    return member(django_user_model, "walt", "Writers")


@pytest.mark.parametrize("path", PATHS)
def test_a_writer_deletes_their_own_private_draft(writer, draft_of, path):
    page = draft_of(writer.user)
    response = delete(writer, page, path)
    assert response.status_code in (200, 204, 302)
    assert not exists(page)


@pytest.mark.parametrize("path", PATHS)
def test_a_writer_cannot_delete_another_writers_draft(writer, walt, draft_of, path):
    page = draft_of(walt.user)
    response = delete(writer, page, path)
    assert response.status_code != 500
    assert exists(page)


@pytest.mark.parametrize("path", PATHS)
def test_a_writer_cannot_delete_their_review_in_moderation(writer, draft_of, path):
    page = draft_of(writer.user)
    page.get_workflow().start(page, writer.user)
    delete(writer, page, path)
    assert exists(page)


@pytest.mark.parametrize("path", PATHS)
def test_a_writer_cannot_delete_a_review_once_submitted_then_withdrawn(writer, draft_of, path):
    page = draft_of(writer.user)
    page.get_workflow().start(page, writer.user).cancel(user=writer.user)
    delete(writer, page, path)
    assert exists(page)


@pytest.mark.parametrize("path", PATHS)
def test_a_writer_cannot_delete_their_scheduled_review(writer, editor, draft_of, path):
    page = draft_of(writer.user)
    page.go_live_at = timezone.now() + timedelta(days=3)
    page.save_revision(user=editor.user).publish(user=editor.user)
    page.refresh_from_db()
    assert not page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()
    delete(writer, page, path)
    assert exists(page)


@pytest.mark.parametrize("path", PATHS)
def test_a_writer_cannot_delete_their_review_once_published(writer, editor, draft_of, path):
    page = draft_of(writer.user)
    page.save_revision(user=editor.user).publish(user=editor.user)
    page.refresh_from_db()
    page.unpublish(user=editor.user)
    delete(writer, page, path)
    assert exists(page)


@pytest.mark.parametrize("path", PATHS)
def test_an_editor_deletes_any_review(editor, walt, draft_of, path):
    page = draft_of(walt.user)
    page.get_workflow().start(page, walt.user)
    delete(editor, page, path)
    assert not exists(page)


def test_the_delete_button_shows_only_on_a_writers_private_draft(writer, walt, draft_of):
    own, other = draft_of(writer.user), draft_of(walt.user)
    assert admin_url("delete", own.pk) in writer.get(admin_url("edit", own.pk)).text
    assert admin_url("delete", other.pk) not in writer.get(admin_url("edit", other.pk)).text


def restore_url(deleted):
    return reverse("deleted_reviews:restore", args=[deleted.pk])


def test_an_editor_restores_a_deleted_live_review_with_its_revisions(editor, sample_review, client):
    sample_review.save_revision(user=editor.user)  # a second revision
    revisions = sample_review.revisions.count()
    assert editor.post(admin_url("delete", sample_review.pk)).status_code == 302
    assert client.get("/reviews/ballerina-2023-review/").status_code == 404
    deleted = DeletedReview.objects.get()
    assert (deleted.page_id, deleted.was_live, deleted.deleted_by) == (
        sample_review.pk,
        True,
        editor.user,
    )
    listing = editor.get(reverse("deleted_reviews:index"))
    assert sample_review.title in listing.text and restore_url(deleted) in listing.text

    response = editor.post(restore_url(deleted))
    restored = ReviewPage.objects.get(slug=sample_review.slug)
    assert response.url == admin_url("edit", restored.pk)
    assert not restored.live  # a draft: an editor publishes it again
    assert restored.revisions.count() == revisions + 1
    restored_body = restored.get_latest_revision_as_object().body
    assert list(restored_body.raw_data) == list(sample_review.body.raw_data)
    assert not DeletedReview.objects.exists()
    restored.get_latest_revision().publish(user=editor.user)
    assert client.get("/reviews/ballerina-2023-review/").status_code == 200


def test_every_way_of_deleting_keeps_the_review(editor, writer, draft_of, index, sample_review):
    own = draft_of(writer.user)
    delete(writer, own, "bulk")
    delete(editor, draft_of(writer.user), "api")
    index.delete()  # the index and every review under it, in one go
    titles = sorted(DeletedReview.objects.values_list("title", flat=True))
    assert titles == sorted(["Draft 1", "Draft 2", sample_review.title])


def test_writers_cannot_list_or_restore_deleted_reviews(writer, editor, sample_review):
    editor.post(admin_url("delete", sample_review.pk))
    deleted = DeletedReview.objects.get()
    assert writer.get(reverse("deleted_reviews:index")).status_code in (302, 403)
    assert writer.post(restore_url(deleted)).status_code in (302, 403)
    assert not ReviewPage.objects.exists()
    assert DeletedReview.objects.filter(pk=deleted.pk).exists()


def test_restoring_a_review_whose_film_is_gone_says_why(editor, sample_review):
    film = sample_review.film
    editor.post(admin_url("delete", sample_review.pk))
    film.delete()
    deleted = DeletedReview.objects.get()
    response = editor.post(restore_url(deleted), follow=True)
    assert "Its film was deleted since" in response.text
    assert DeletedReview.objects.filter(pk=deleted.pk).exists()


def test_deleted_reviews_are_kept_for_the_retention_period(editor, sample_review, settings):
    editor.post(admin_url("delete", sample_review.pk))
    settings.DELETED_REVIEWS_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        tick()
        assert DeletedReview.objects.exists()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        tick()
        assert not DeletedReview.objects.exists()
