"""The moderation flow clicked through in Chromium: a writer changes the verdict and submits, an
editor approves, a reader sees the new verdict. Screenshots land in screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from reviews.models import ReviewPage

from .conftest import member

# Migrations' data (groups, workflow, page tree) is restored for this test and after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_VERDICT = "Unmissable after all: the action alone earns it a place on any watchlist."
PASSWORD = "browser-test-password"


@pytest.fixture
def site_url(live_server, settings):
    settings.PUBLIC_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


def sign_in(browser, site_url, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{site_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{site_url}/admin/")
    return page


def open_footer_menu(page):
    page.locator("footer .w-dropdown__toggle").click()


def test_writer_submits_editor_approves_reader_sees_it(
    browser, screenshot, site_url, sample_review, django_user_model
):
    member(django_user_model, "wendy", "Writers", password=PASSWORD)
    member(django_user_model, "eddie", "Editors", password=PASSWORD)
    edit_url = f"{site_url}/admin/pages/{sample_review.pk}/edit/"

    writer = sign_in(browser, site_url, "wendy")
    writer.goto(edit_url)
    verdict = writer.locator("[data-contentpath='body'] .Draftail-Editor").last
    verdict.locator("[contenteditable=true]").click()
    writer.keyboard.press("ControlOrMeta+a")
    writer.keyboard.type(NEW_VERDICT)
    # Draftail writes its hidden input a moment after typing stops: submit once it holds the text.
    hidden = writer.locator("input[name^=body-][name$=-value-body]").last
    expect(hidden).to_have_value(re.compile("watchlist"))
    screenshot(writer, "workflow-1-writer-edits-verdict")
    open_footer_menu(writer)
    writer.click("button[name=action-submit]")
    expect(writer.locator(".messages")).to_contain_text("has been submitted for moderation")
    screenshot(writer, "workflow-2-writer-submitted")
    writer.context.close()

    editor = sign_in(browser, site_url, "eddie")
    expect(editor.locator("main")).to_contain_text("Awaiting your review")
    expect(editor.locator("main")).to_contain_text(sample_review.title)
    screenshot(editor, "workflow-3-editor-dashboard")
    editor.goto(edit_url)
    expect(editor.locator("[data-contentpath='body']").first).to_contain_text(
        "Unmissable after all"
    )
    open_footer_menu(editor)
    editor.click(
        "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    # Approving from the editor saves the page (with any fixes the editor made) and publishes it.
    expect(editor.locator(".messages")).to_contain_text("has been updated")
    screenshot(editor, "workflow-4-editor-approved")
    editor.context.close()

    reader = browser.new_page(viewport={"width": 390, "height": 844})
    reader.goto(f"{site_url}{ReviewPage.objects.get(pk=sample_review.pk).url}")
    expect(reader.locator("main")).to_contain_text(NEW_VERDICT)
    screenshot(reader, "workflow-5-reader-sees-new-verdict")
    reader.close()
