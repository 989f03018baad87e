"""What a newcomer meets under `make run` (development settings): the site's own 404 page and
e-mails printed as text."""

from io import StringIO

import pytest
from django.core.mail import EmailMultiAlternatives

from cms.mail import ReadableConsoleBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def development(settings):
    """DEBUG on, with the middleware dev.py adds."""
    settings.DEBUG = True
    settings.MIDDLEWARE = ["cms.middleware.SiteNotFoundPageMiddleware", *settings.MIDDLEWARE]


@pytest.mark.parametrize("path", ["/reviews/no-such-review/", "/no-such-page.txt", "/critics/x/"])
def test_a_mistyped_address_gets_the_sites_404_not_the_debug_page(development, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert "URLconf" not in response.text and "DEBUG = True" not in response.text


def test_the_api_keeps_its_json_404_in_development(development, client):
    response = client.get("/api/v2/pages/987654/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_console_emails_are_readable_text():
    stream = StringIO()
    message = EmailMultiAlternatives(
        subject="“Ballerina” is awaiting your review",
        body="Wendy submitted “Ballerina (2023) Review – Visually Stunning” for moderation.\n",
        from_email="Movie Bunker <noreply@localhost>",
        to=["editor@example.com"],
    )
    message.attach_alternative("<p>Wendy submitted a review</p>", "text/html")
    assert ReadableConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert "Subject: “Ballerina” is awaiting your review" in printed
    assert (
        "Wendy submitted “Ballerina (2023) Review – Visually Stunning” for moderation." in printed
    )
    assert "To:      editor@example.com" in printed
    assert "<p>" not in printed and "=E2=80" not in printed and "Content-Transfer" not in printed
