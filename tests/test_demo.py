"""`make run` loads the demo content with `manage.py load_demo`: twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Revision, Site

from reviews.models import Critic, Film, Genre, ReviewPage

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_loads_the_sample_reviews_published_once(client, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8123"
    first = load_demo()
    assert "ballerina-2023.txt: created" in first
    revisions = Revision.objects.count()
    second = load_demo()
    assert "ballerina-2023.txt: unchanged" in second
    assert "Demo:" not in second
    assert Revision.objects.count() == revisions, "a second run changes nothing"

    review = ReviewPage.objects.get(slug="ballerina-2023-review")
    assert review.live and not review.has_unpublished_changes
    assert ReviewPage.objects.live().count() == Film.objects.count() == 6
    assert "Action" in Genre.objects.values_list("name", flat=True)
    assert client.get("/reviews/ballerina-2023-review/").status_code == 200

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert review.full_url == "http://127.0.0.1:8123/reviews/ballerina-2023-review/"


def test_demo_shows_the_product_critics_scores_posters_and_credits(client):
    load_demo()
    assert Critic.objects.count() >= 3
    reviews = ReviewPage.objects.live()
    assert reviews.filter(score__isnull=True).exists() and reviews.filter(score__isnull=False)
    assert all(review.critics for review in reviews)
    assert any(len(review.critics) == 2 for review in reviews), "a byline of two"
    for film in Film.objects.all():
        assert film.poster and film.poster.width == 600
        assert {credit.role for credit in film.credits.all()} >= {"director", "writer", "cast"}
    assert client.get("/critics/").status_code == 200


def test_admin_writer_and_editor_accounts_only_in_development(settings):
    settings.DEBUG = False
    load_demo()
    assert not get_user_model().objects.exists()

    settings.DEBUG = True
    output = load_demo()
    for username, group in (("admin", None), ("writer", "Writers"), ("editor", "Editors")):
        assert f"as {username} / " in output
        password = output.split(f"as {username} / ", 1)[1].split()[0]
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password)
        assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
        assert user.is_superuser is (group is None)
    again = load_demo()
    assert " / " not in again
    assert "Writer account: writer (password shown when it was created" in again
    assert get_user_model().objects.count() == 3


# live_server makes the test transactional: after another such test the tables are empty unless
# the migrations' content (the default Site) is put back first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_run_ends_on_the_addresses_and_accounts(live_server, settings, tmp_path):
    """load_demo leaves its summary in a file only its owner reads; once the server answers,
    `make run`'s `ready` program prints it as the last start-up lines and deletes it."""
    settings.DEBUG = True  # the demo accounts are made in development only
    summary = tmp_path / "summary.txt"
    call_command("load_demo", summary_file=str(summary), stdout=StringIO())
    assert summary.stat().st_mode & 0o777 == 0o600
    out = StringIO()
    call_command("announce_when_up", f"{live_server.url}/", str(summary), timeout=30, stdout=out)
    printed = out.getvalue()
    assert "is ready:" in printed
    assert "Admin account created" in printed and "Editor account created" in printed
    assert not summary.exists()
