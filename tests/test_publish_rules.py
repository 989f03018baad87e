"""Structure rules apply when publishing or submitting, never to drafts (deferred validation)."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from reviews.models import Film, ReviewPage

pytestmark = pytest.mark.django_db

SUMMARY = ("summary", rich_text("<p>The opening.</p>"))
ANALYSIS = ("analysis", {"heading": "Story", "body": rich_text("<p>The middle.</p>")})
VERDICT = ("verdict", {"body": rich_text("<p>The end.</p>")})


@pytest.fixture
def film(db):
    return Film.objects.create(title="Past Lives", year=2023)


def post_review(client, index, film, blocks, action=None, score=""):
    data = nested_form_data(
        {
            "title": "Past Lives (2023) Review – Quietly Devastating",
            "slug": "past-lives-2023-review",
            "headline": "Quietly Devastating",
            "film": film.pk,
            "score": score,
            "body": streamfield(blocks),
            "tags": "",
            "comments": inline_formset([]),
            "critic_links": inline_formset([]),
        }
    )
    if action:
        data[f"action-{action}"] = "1"
    return client.post(f"/admin/pages/add/reviews/reviewpage/{index.pk}/", data)


def test_incomplete_draft_saves(admin_client, index, film):
    response = post_review(admin_client, index, film, [ANALYSIS])
    assert response.status_code == 302
    page = ReviewPage.objects.get(slug="past-lives-2023-review")
    assert not page.live
    assert [block.block_type for block in page.get_latest_revision_as_object().body] == ["analysis"]


@pytest.mark.parametrize(
    ("blocks", "message"),
    [
        ([ANALYSIS, VERDICT], "Add a summary before publishing."),
        ([SUMMARY, VERDICT], "Add at least one analysis section before publishing."),
        ([SUMMARY, ANALYSIS], "Add a verdict before publishing."),
        ([ANALYSIS, SUMMARY, VERDICT], "Move the summary to the top of the review."),
        ([SUMMARY, VERDICT, ANALYSIS], "Move the verdict to the end of the review."),
        ([SUMMARY, SUMMARY, ANALYSIS, VERDICT], "A review has one summary"),
        ([SUMMARY, ANALYSIS, VERDICT, VERDICT], "A review has one verdict"),
        ([], "Add a summary before publishing."),
    ],
)
def test_publishing_an_incomplete_review_is_refused_with_a_message(
    admin_client, index, film, blocks, message
):
    response = post_review(admin_client, index, film, blocks, action="publish")
    assert response.status_code == 200
    assert message in response.text
    assert not ReviewPage.objects.filter(slug="past-lives-2023-review").exists()


def test_submitting_an_incomplete_review_is_refused(admin_client, index, film):
    response = post_review(admin_client, index, film, [SUMMARY, ANALYSIS], action="submit")
    assert response.status_code == 200
    assert "Add a verdict before publishing." in response.text
    assert not ReviewPage.objects.filter(slug="past-lives-2023-review").exists()


def test_complete_review_publishes(admin_client, index, film, client):
    response = post_review(
        admin_client, index, film, [SUMMARY, ANALYSIS, VERDICT], action="publish", score="8.5"
    )
    assert response.status_code == 302
    page = ReviewPage.objects.get(slug="past-lives-2023-review")
    assert page.live
    assert str(page.score) == "8.5"
    assert "The end." in client.get(page.url).text


@pytest.mark.parametrize(
    ("score", "error"),
    [
        ("10.5", "less than or equal to 10"),
        ("7.25", "1 decimal place"),
        ("-1", "greater than or equal to 0"),
    ],
)
def test_score_out_of_range_or_too_precise_is_a_form_error(admin_client, index, film, score, error):
    response = post_review(
        admin_client, index, film, [SUMMARY, ANALYSIS, VERDICT], action="publish", score=score
    )
    assert response.status_code == 200
    assert error in response.text
    assert not ReviewPage.objects.filter(slug="past-lives-2023-review").exists()


def test_publishing_an_existing_draft_with_a_broken_body_is_refused(admin_client, index, film):
    post_review(admin_client, index, film, [SUMMARY])
    page = ReviewPage.objects.get(slug="past-lives-2023-review")
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "headline": page.headline,
            "film": film.pk,
            "score": "",
            "body": streamfield([SUMMARY]),
            "tags": "",
            "comments": inline_formset([]),
            "critic_links": inline_formset([]),
            "action-publish": "1",
        }
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Add a verdict before publishing." in response.text
    page.refresh_from_db()
    assert not page.live
