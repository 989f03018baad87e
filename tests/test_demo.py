"""`make run` loads the demo content with `manage.py load_demo`: twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Revision, Site

from reviews.models import Film, Genre, ReviewPage

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_loads_the_sample_as_a_published_review_once(client, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8123"
    first = load_demo()
    assert "ballerina-2023.txt: created" in first
    second = load_demo()
    assert "ballerina-2023.txt: unchanged" in second

    review = ReviewPage.objects.get()
    assert review.live and not review.has_unpublished_changes
    assert Revision.page_revisions.filter(object_id=str(review.pk)).count() == 1
    assert Film.objects.count() == 1
    assert list(Genre.objects.values_list("name", flat=True)) == ["Action"]
    assert client.get("/reviews/ballerina-2023-review/").status_code == 200

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert review.full_url == "http://127.0.0.1:8123/reviews/ballerina-2023-review/"


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
