"""Wagtail's preview of a review, and headless preview through /api/v2/page_preview/."""

import pytest
from django.contrib.auth import get_user_model

from reviews.models import ReviewPage

PREVIEW = "/api/v2/page_preview/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.com", "x"))
    return client


def edited(review, verdict="<p>Unsaved verdict.</p>"):
    page = ReviewPage.objects.get(pk=review.pk)
    page.headline = "Unsaved headline"
    page.body = [*page.body.raw_data[:-1], {"type": "verdict", "value": {"body": verdict}}]
    return page


def test_headless_preview_returns_the_unsaved_edit_in_the_pages_shape(sample_review, client):
    token = edited(sample_review).create_page_preview().token
    response = client.get(PREVIEW, {"content_type": "reviews.reviewpage", "token": token})
    assert response.status_code == 200, response.content
    data = response.json()
    print(data)
