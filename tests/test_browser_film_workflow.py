"""A film's moderation clicked through in Chromium: a writer changes the synopsis and submits it
(no Publish for them), readers still see the old one; an editor approves, and readers see the new
one. Screenshots land in screenshots/."""

import pytest
from playwright.sync_api import expect

from reviews.models import Film, ReviewPage

from .conftest import member
from .test_browser_workflow import PASSWORD, open_footer_menu, sign_in

# Migrations' data (groups, workflow, page tree) is restored for this test and after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_SYNOPSIS = "A retired assassin teaches ballet to a city of wolves."


@pytest.fixture
def site_url(live_server, settings):
    settings.PUBLIC_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


def reader_sees(browser, url, text):
    reader = browser.new_page(viewport={"width": 390, "height": 844})
    reader.goto(url)
    seen = text in reader.locator("main").inner_text()
    reader.close()
    return seen


def test_writer_submits_a_film_edit_editor_approves_reader_sees_it(
    browser, screenshot, site_url, sample_review, django_user_model
):
    member(django_user_model, "wendy", "Writers", password=PASSWORD)
    member(django_user_model, "eddie", "Editors", password=PASSWORD)
    film = sample_review.film
    edit_url = f"{site_url}/admin/snippets/reviews/film/edit/{film.pk}/"
    review_url = f"{site_url}{ReviewPage.objects.get(pk=sample_review.pk).url}"

    writer = sign_in(browser, site_url, "wendy")
    writer.goto(edit_url)
    writer.fill("textarea[name=synopsis]", NEW_SYNOPSIS)
    open_footer_menu(writer)
    expect(writer.locator("footer button[name=action-publish]")).to_have_count(0)
    screenshot(writer, "film-workflow-1-writer-edits-synopsis")
    writer.click("footer button[name=action-submit]")
    expect(writer.locator(".messages")).to_contain_text("submitted for moderation")
    screenshot(writer, "film-workflow-2-writer-submitted")
    writer.context.close()
    assert not reader_sees(browser, review_url, NEW_SYNOPSIS)

    editor = sign_in(browser, site_url, "eddie")
    expect(editor.locator("main")).to_contain_text("Awaiting your review")
    editor.goto(edit_url)
    expect(editor.locator("textarea[name=synopsis]")).to_have_value(NEW_SYNOPSIS)
    open_footer_menu(editor)
    editor.click(
        "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    expect(editor.locator(".messages")).to_contain_text("'Ballerina (2023)' updated")
    screenshot(editor, "film-workflow-3-editor-approved")
    editor.goto(f"{site_url}/admin/snippets/reviews/film/history/{film.pk}/")
    expect(editor.locator("main")).to_contain_text("Published")
    screenshot(editor, "film-workflow-4-film-history")
    editor.context.close()

    assert Film.objects.get(pk=film.pk).synopsis == NEW_SYNOPSIS
    assert reader_sees(browser, review_url, NEW_SYNOPSIS)
