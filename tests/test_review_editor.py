"""The review editor as a writer uses it: the title composed from the film and headline, their own
byline on a new review, and the editor's "request changes" comment at the top of the form."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from reviews.models import Critic, Film, ReviewPage

from .admin_forms import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(db):
    return Film.objects.create(title="Ballerina", year=2023)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("reviews", "reviewpage", index.pk))


def new_review(client, index, film, title="", slug="", critics=()):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "headline": "Visually Stunning yet Emotionally Hollow",
            "film": film.pk,
            "score": "",
            "tags": "",
            "critic_links": inline_formset([{"critic": critic.pk} for critic in critics]),
            "body": streamfield([("summary", rich_text("<p>Opening.</p>"))]),
            "comments": inline_formset([]),
        }
    )
    return client.post(add_url(index), data)


def test_an_empty_title_is_composed_from_film_year_and_headline(writer, index, film):
    response = new_review(writer, index, film)
    assert response.status_code == 302
    review = ReviewPage.objects.get(film=film)
    assert review.title == "Ballerina (2023) Review – Visually Stunning yet Emotionally Hollow"
    assert review.slug == "ballerina-2023-review-visually-stunning-yet-emotionally-hollow"


def test_a_typed_title_is_kept(writer, index, film):
    response = new_review(writer, index, film, title="Ballerina: a second look", slug="second")
    assert response.status_code == 302
    assert ReviewPage.objects.get(film=film).title == "Ballerina: a second look"


def test_without_title_or_film_the_form_says_what_to_do(writer, index):
    data = nested_form_data(
        {
            "title": "",
            "slug": "",
            "headline": "Something",
            "film": "",
            "critic_links": inline_formset([]),
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = writer.post(add_url(index), data)
    assert response.status_code == 200
    assert "Type a title, or choose a film to compose one." in response.text
    assert not ReviewPage.objects.filter(headline="Something").exists()


def byline_inputs(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        field.get("value")
        for field in soup.select("input[name^=critic_links-][name$=-critic]")
        if "__prefix__" not in field["name"]
    ]


def test_a_writer_starts_a_review_with_their_own_byline(writer, index):
    critic = Critic.objects.create(name="Wendy Park", user=writer.user)
    response = writer.get(add_url(index))
    assert response.status_code == 200
    assert byline_inputs(response) == [str(critic.pk)]
    assert "Wendy Park" in response.text


def test_a_user_without_a_critic_starts_with_an_empty_byline(editor, index):
    assert byline_inputs(editor.get(add_url(index))) == []


def test_the_default_byline_is_saved_with_the_review(writer, index, film):
    critic = Critic.objects.create(name="Wendy Park", user=writer.user)
    assert new_review(writer, index, film, critics=[critic]).status_code == 302
    assert ReviewPage.objects.get(film=film).get_latest_revision_as_object().critics == [critic]


def test_the_writer_reads_the_editors_request_for_changes_on_the_edit_page(
    writer, editor, sample_review
):
    sample_review.get_workflow().start(sample_review, writer.user)
    task_state = TaskState.objects.get(workflow_state__object_id=str(sample_review.pk))
    task_state.reject(user=editor.user, comment="The verdict repeats the summary:\ncut it.")

    soup = BeautifulSoup(writer.get(admin_url("edit", sample_review.pk)).content, "html.parser")
    note = soup.select_one("[data-testid=changes-requested]")
    assert note is not None
    text = note.get_text(" ", strip=True)
    assert "Changes requested by eddie" in text
    assert "The verdict repeats the summary: cut it." in text
    assert "Resubmit to Editors approval" in text


def test_no_note_when_nothing_was_sent_back(writer, sample_review):
    response = writer.get(admin_url("edit", sample_review.pk))
    assert 'data-testid="changes-requested"' not in response.text
