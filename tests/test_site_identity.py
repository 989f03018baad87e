"""What the publication calls itself, set by an editor under Settings → Site settings."""

import pytest
from bs4 import BeautifulSoup

from cms.identity.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_editors_change_site_settings_in_the_admin(editor, home):
    url = f"/admin/settings/identity/sitesettings/{home.get_site().pk}/"
    assert editor.get(url).status_code == 200
    response = editor.post(
        url,
        {"site_name": "Reel Talk", "tagline": "Films, scored.", "bluesky_url": "not a url"},
    )
    assert response.status_code == 200, "a form error, nothing saved"
    response = editor.post(
        url,
        {
            "site_name": "Reel Talk",
            "tagline": "Films, scored.",
            "bluesky_url": "https://bsky.app/x",
        },
    )
    assert response.status_code == 302
    page = editor.get("/").text
    assert '<span class="brand__name">Reel Talk</span>' in page
    assert '<a href="https://bsky.app/x" rel="me">Bluesky</a>' in page
    assert "Films, scored." in page


def test_the_logo_replaces_the_drawn_mark_and_the_name_titles_feeds(poster, home, client):
    settings = SiteSettings.for_site(home.get_site())
    settings.logo, settings.site_name = poster, "Reel Talk"
    settings.save()
    brand = BeautifulSoup(client.get("/").text, "html.parser").select_one(".brand")
    assert brand.select(".brand__mark") == []
    assert brand.img["alt"] == "" and brand.get_text(strip=True) == "Reel Talk"
    assert "<title>Reel Talk: latest reviews</title>" in client.get("/feed/").text
