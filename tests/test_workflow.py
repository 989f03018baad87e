"""The moderation flow through the admin, e-mails included; revisions of reviews and films."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Comment, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from cms.settings import base
from reviews.models import Film, ReviewPage

from .admin_forms import admin_url, film_form, review_form, snippet_url
from .conftest import member

pytestmark = pytest.mark.django_db

NEW_VERDICT = "<p>Style wins after all: a cult classic in the making.</p>"


def submit(writer, review, **fields):
    data = review_form(review, verdict=NEW_VERDICT, comment_notifications="on", **fields)
    data["action-submit"] = "1"
    response = writer.post(admin_url("edit", review.pk), data)
    assert response.status_code == 302, response.content
    return ReviewPage.objects.get(pk=review.pk)


def act(editor, review, action, comment=""):
    task_state = review.current_workflow_task_state
    url = admin_url("workflow_action", review.pk, action, task_state.pk)
    return editor.post(url, {"comment": comment})


def recipients(subject_part):
    return sorted(
        address
        for message in mail.outbox
        if subject_part in message.subject
        for address in message.to
    )


def test_submit_then_approve_publishes_and_tells_everyone(writer, editor, sample_review, client):
    review = submit(writer, sample_review)
    workflow_state = WorkflowState.objects.get(object_id=str(review.pk))
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert review.current_workflow_task.name == "Editors approval"
    # Not live yet: readers still see the old verdict.
    assert "cult classic" not in client.get(review.url).text
    assert recipients("submitted") == ["eddie@example.com"]
    assert mail.outbox[-1].from_email == "Movie Bunker <noreply@localhost>"
    assert f"/admin/pages/{review.pk}/edit/" in mail.outbox[-1].body

    dashboard = editor.get("/admin/")
    assert "Awaiting your review" in dashboard.text
    assert review.title in dashboard.text
    assert "Awaiting your review" not in writer.get("/admin/").text

    response = act(editor, review, "approve", comment="Good call.")
    assert response.status_code in (200, 302)
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    review.refresh_from_db()
    assert review.live_revision == review.latest_revision
    assert "cult classic" in client.get(review.url).text
    assert "wendy@example.com" in recipients("approved")


def test_request_changes_sends_it_back_to_the_writer(writer, editor, sample_review, client):
    review = submit(writer, sample_review)
    act(editor, review, "reject", comment="The verdict needs a reason.")
    workflow_state = WorkflowState.objects.get(object_id=str(review.pk))
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.get(workflow_state=workflow_state).comment == (
        "The verdict needs a reason."
    )
    assert "wendy@example.com" in recipients("rejected")
    review.refresh_from_db()
    assert "cult classic" not in client.get(review.url).text
    # Unlocked for the writer again: they edit and resubmit.
    data = review_form(review.get_latest_revision_as_object(), headline="With a reason")
    data["action-submit"] = "1"  # "Resubmit to Editors approval"
    assert writer.post(admin_url("edit", review.pk), data).status_code == 302
    review = ReviewPage.objects.get(pk=review.pk)
    assert review.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert review.get_latest_revision_as_object().headline == "With a reason"


def test_approving_a_review_with_a_go_live_date_schedules_it(writer, editor, sample_review, client):
    go_live = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    review = submit(writer, sample_review, go_live_at=go_live)
    act(editor, review, "approve")
    review.refresh_from_db()
    scheduled = review.revisions.get(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at > timezone.now()
    assert "cult classic" not in client.get(review.url).text
    assert review.status_string == "live + scheduled"


def headline_comment_form(review, text):
    """The edit form of the review's latest revision with a new comment on its headline."""
    replies = inline_formset([])
    comment = {"contentpath": "headline", "text": text, "position": "", "replies": replies}
    return review_form(review.get_latest_revision_as_object(), comments=[comment])


def test_an_editor_comments_and_the_writer_is_told(writer, editor, sample_review):
    review = submit(writer, sample_review)
    data = headline_comment_form(review, "Punchier?")
    response = editor.post(admin_url("edit", review.pk), data)
    assert response.status_code == 302, response.content
    comment = Comment.objects.get()
    assert (comment.text, comment.user.username, comment.contentpath) == (
        "Punchier?",
        "eddie",
        "headline",
    )
    assert "Punchier?" in writer.get(admin_url("edit", review.pk)).text
    assert "wendy@example.com" in recipients("comment")


def test_the_editor_autosaves_and_shows_other_sessions(editor, sample_review):
    page = editor.get(admin_url("edit", sample_review.pk)).text
    assert 'id="w-autosave-indicator"' in page
    assert 'data-controller="w-swap w-action w-session"' in page
    assert "/admin/editing-sessions/ping/" in page


def test_a_stale_autosave_never_overwrites_the_newer_revision(
    editor, django_user_model, sample_review
):
    other = member(django_user_model, "olga", "Editors")
    loaded = sample_review.latest_revision
    stale = review_form(sample_review, headline="Stale")
    stale.update(
        loaded_revision_id=str(loaded.pk),
        loaded_revision_created_at=loaded.created_at.isoformat(),
    )
    fresh = review_form(sample_review, headline="Fresh")
    assert other.post(admin_url("edit", sample_review.pk), fresh).status_code == 302
    response = editor.post(
        admin_url("edit", sample_review.pk), stale, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    latest = ReviewPage.objects.get(pk=sample_review.pk).get_latest_revision_as_object()
    assert latest.headline == "Fresh"
    # Saved on purpose with the button, the stale copy becomes a new revision on top: the newer
    # one stays in the history, to compare with or go back to.
    assert editor.post(admin_url("edit", sample_review.pk), stale).status_code == 302
    headlines = [r.as_object().headline for r in sample_review.revisions.order_by("created_at")]
    assert headlines == ["Visually Stunning yet Emotionally Hollow", "Fresh", "Stale"]


def test_review_history_compare_and_revert(editor, sample_review, client):
    first = sample_review.latest_revision
    data = review_form(sample_review, verdict=NEW_VERDICT)
    data["action-publish"] = "1"
    editor.post(admin_url("edit", sample_review.pk), data)
    review = ReviewPage.objects.get(pk=sample_review.pk)
    second = review.latest_revision
    assert second != first and "cult classic" in client.get(review.url).text

    assert editor.get(admin_url("history", review.pk)).status_code == 200
    compare = editor.get(admin_url("revisions_compare", review.pk, first.pk, second.pk))
    assert compare.status_code == 200
    assert "cult classic" in compare.text
    revert = editor.get(admin_url("revisions_revert", review.pk, first.pk))
    assert revert.status_code == 200
    # The revert view is the editor loaded with the old revision; publishing it restores it.
    data = review_form(first.as_object())
    data["action-publish"] = "1"
    assert editor.post(admin_url("edit", review.pk), data).status_code == 302
    assert "cult classic" not in client.get(review.url).text
    assert review.revisions.count() == 3  # nothing was deleted on the way


def test_film_history_compare_and_revert(writer, editor, sample_review):
    film = sample_review.film
    for synopsis in ("First synopsis.", "Second synopsis."):
        response = writer.post(snippet_url("edit", film.pk), film_form(film, synopsis=synopsis))
        assert response.status_code == 302, response.content
    _, first, second = film.revisions.order_by("created_at", "pk")  # the import's, then these
    assert editor.get(snippet_url("history", film.pk)).status_code == 200
    compare = editor.get(snippet_url("revisions_compare", film.pk, first.pk, second.pk))
    assert compare.status_code == 200 and "Second" in compare.text
    revert_url = snippet_url("revisions_revert", film.pk, first.pk)
    assert "First synopsis." in editor.get(revert_url).text
    response = editor.post(revert_url, film_form(first.as_object(), **{"action-publish": "1"}))
    assert response.status_code == 302, response.content
    assert Film.objects.get(pk=film.pk).synopsis == "First synopsis."
    assert film.revisions.count() == 4


def test_an_imported_films_first_edit_can_be_compared_and_reverted(editor, sample_review):
    film = sample_review.film
    imported = film.revisions.get()
    assert imported.as_object().synopsis == film.synopsis != ""
    response = editor.post(snippet_url("edit", film.pk), film_form(film, synopsis="Oops."))
    assert response.status_code == 302, response.content
    edited = film.revisions.order_by("created_at", "pk").last()
    compare = editor.get(snippet_url("revisions_compare", film.pk, imported.pk, edited.pk))
    assert compare.status_code == 200 and "Oops." in compare.text
    response = editor.post(
        snippet_url("revisions_revert", film.pk, imported.pk),
        film_form(imported.as_object(), **{"action-publish": "1"}),
    )
    assert response.status_code == 302, response.content
    assert Film.objects.get(pk=film.pk).synopsis == imported.as_object().synopsis


@pytest.fixture
def dead_mail_server(settings):
    """SMTP pointed at a port nobody listens on: every connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    production = base.MAILERS["default"]
    options = {**production["OPTIONS"], "host": "127.0.0.1", "port": port, "use_tls": False}
    settings.MAILERS = {"default": {**production, "OPTIONS": options}}


def test_a_dead_mail_server_never_breaks_submitting_commenting_or_approving(
    dead_mail_server, writer, editor, sample_review, client, caplog
):
    review = submit(writer, sample_review)
    data = headline_comment_form(review, "Hm.")
    assert editor.post(admin_url("edit", review.pk), data).status_code == 302
    assert Comment.objects.filter(text="Hm.").exists()
    act(editor, review, "approve")
    assert "cult classic" in client.get(review.url).text
    assert "e-mail not sent" in caplog.text  # the operator learns of it
