"""The review change log behind the changes feed: what the public sees of a review, changing."""

from wagtail.models import PageViewRestriction

from cms.changes.models import ReviewChange
from reviews.models import Critic, Genre, ReviewPage, ReviewPageCritic


def changes(**filters):
    return list(ReviewChange.objects.filter(**filters).values_list("review_id", "change", "cause"))


def test_publish_republish_unpublish_and_delete_are_logged_in_order(
    make_review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_review(genres=("Action", "Drama"))
    with django_capture_on_commit_callbacks(execute=True):
        page.tags.add("neon noir")
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        ReviewPage.objects.get(pk=page.pk).delete()

    assert changes() == [
        (page.pk, "published", "review"),
        (page.pk, "updated", "review"),
        (page.pk, "unpublished", "review"),
        (page.pk, "published", "review"),
        (page.pk, "unpublished", "review"),  # Wagtail unpublishes a live page before deleting it
        (page.pk, "deleted", "review"),
    ]
    deleted = ReviewChange.objects.last()
    assert deleted.film_id == page.film_id
    assert (deleted.genres, deleted.tags) == (["action", "drama"], ["neon-noir"])
    assert deleted.url == f"http://testserver/reviews/{page.slug}/"


def test_film_genre_and_critic_changes_log_the_live_reviews_they_alter(
    make_review, django_capture_on_commit_callbacks
):
    first, second = make_review(genres=("Horror",)), make_review(genres=("Horror",))
    draft = ReviewPage.objects.get(pk=second.pk)
    critic = Critic.objects.create(name="Bo Critic")
    ReviewPageCritic.objects.create(page=second, critic=critic)
    with django_capture_on_commit_callbacks(execute=True):
        draft.unpublish()
    ReviewChange.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        first.film.title = "Film One Restored"
        first.film.save_revision().publish()
        genre = Genre.objects.get(name="Horror")
        genre.name = "Terror"
        genre.save()
        critic.name = "Bo R. Critic"
        critic.save()  # only on an unpublished review: nothing to log

    assert changes() == [(first.pk, "updated", "film"), (first.pk, "updated", "genre")]


def test_reviews_behind_a_password_are_not_logged(make_review, django_capture_on_commit_callbacks):
    page = make_review()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="embargo"
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page.unpublish()
    assert changes() == []
