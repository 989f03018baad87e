"""The review editor in Chromium: a writer's new review composes its title and slug from the film
and headline and starts with their byline; an editor schedules a review to the minute from the
action menu. Screenshots land in screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import Critic, Film, ReviewPage

from .conftest import member
from .test_browser_workflow import PASSWORD, open_footer_menu, sign_in, site_url  # noqa: F401

# Migrations' data (groups, workflow, page tree) is restored for these tests and after them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Visually Stunning yet Emotionally Hollow"


def test_writer_types_the_headline_once(browser, screenshot, site_url, index, django_user_model):  # noqa: F811
    writer = member(django_user_model, "wendy", "Writers", password=PASSWORD).user
    Critic.objects.create(name="Wendy Park", user=writer)
    Film.objects.create(title="Ballerina", year=2023)
    page = sign_in(browser, site_url, "wendy")
    page.get_by_role("link", name="New review").click()

    expect(page.locator("#id_critic_links-0-critic-title")).to_have_text("Wendy Park")
    page.get_by_role("button", name="Choose film").click()
    page.locator(".modal-dialog").get_by_role("link", name="Ballerina (2023)").click()
    page.fill("#id_headline", HEADLINE)
    title = f"Ballerina (2023) Review – {HEADLINE}"
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.locator("#id_slug")).to_have_value(
        "ballerina-2023-review-visually-stunning-yet-emotionally-hollow"
    )
    screenshot(page, "editor-1-title-composed")

    # A title of one's own stays put when the headline changes.
    page.fill("#id_title", "Ballerina: a second look")
    page.fill("#id_headline", "Hollow")
    expect(page.locator("#id_title")).to_have_value("Ballerina: a second look")
    page.fill("#id_title", "")
    page.locator("#id_title").dispatch_event("input")
    page.fill("#id_headline", HEADLINE)
    expect(page.locator("#id_title")).to_have_value(title)

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("created")
    review = ReviewPage.objects.get(film__title="Ballerina")
    assert review.title == title
    assert review.get_latest_revision_as_object().critics[0].name == "Wendy Park"
    page.context.close()


def test_editor_schedules_to_the_minute_from_the_action_menu(
    browser,
    screenshot,
    site_url,  # noqa: F811
    make_review,
    django_user_model,
):
    member(django_user_model, "eddie", "Editors", password=PASSWORD)
    review = make_review()
    day = timezone.localdate() + timedelta(days=3)
    page = sign_in(browser, site_url, "eddie")
    page.goto(f"{site_url}/admin/pages/{review.pk}/edit/")
    open_footer_menu(page)
    page.get_by_role("button", name="Set schedule…").click()
    dialog = page.locator("#schedule-publishing-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#id_go_live_at").click()
    # The picker lists times every five minutes, not only whole hours.
    expect(page.locator(".xdsoft_time:visible", has_text="09:45")).to_have_count(1)
    dialog.locator("#id_go_live_at").fill(f"{day:%Y-%m-%d} 09:47")
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    screenshot(page, "editor-2-schedule-dialog")
    dialog.get_by_role("button", name="Save schedule").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")

    open_footer_menu(page)
    page.get_by_role("button", name="Schedule to publish").click()
    expect(page.locator(".messages")).to_contain_text("scheduled")
    page.goto(f"{site_url}/admin/")
    expect(page.locator("#scheduled-reviews-content")).to_contain_text(f"{day:%-d %b %Y}, 09:47")
    screenshot(page, "editor-3-dashboard-scheduled")
    revision = ReviewPage.objects.get(pk=review.pk).scheduled_revision
    go_live = timezone.localtime(revision.approved_go_live_at)
    assert (go_live.date(), go_live.hour, go_live.minute) == (day, 9, 47)
    page.context.close()
