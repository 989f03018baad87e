"""The Film library's list searches, as an editor types into them (each was a 500 on SQLite when
the view named its own search fields)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from reviews.models import Critic, Film, Genre

pytestmark = pytest.mark.django_db


def listed(client, model, query):
    response = client.get(reverse(f"wagtailsnippets_reviews_{model}:list"), {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text(" ", strip=True) for cell in soup.select("tbody td.title")]


@pytest.fixture
def library(db):
    Film.objects.create(title="Ballerina", original_title="발레리나", year=2023)
    Film.objects.create(title="Heat", year=1995)
    Critic.objects.create(name="Ann Lee")
    Critic.objects.create(name="Bo Park")
    Genre.objects.create(name="Thriller")
    Genre.objects.create(name="Drama")


@pytest.mark.parametrize(
    ("model", "query", "found", "not_found"),
    [
        ("film", "Ball", "Ballerina", "Heat"),
        ("film", "발레리나", "Ballerina", "Heat"),
        ("critic", "Ann", "Ann Lee", "Bo Park"),
        ("genre", "Thri", "Thriller", "Drama"),
    ],
)
def test_list_search_finds_by_prefix(editor, library, model, query, found, not_found):
    titles = " | ".join(listed(editor, model, query))
    assert found in titles
    assert not_found not in titles
