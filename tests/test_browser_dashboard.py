"""The editor's dashboard in Chromium at phone and desktop widths: the review panels, the two
charts and New review, as an editor sees them. Screenshots land in screenshots/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from reviews.models import Critic, Film, ReviewPage, ReviewPageCritic

from .conftest import COMPLETE_BODY, member
from .test_browser_workflow import PASSWORD, sign_in, site_url  # noqa: F401 (a fixture)

# Migrations' data (groups, workflow, page tree) is restored for this test and after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def desk(django_user_model, make_review, index):
    """An editor's desk: published reviews with bylines, one awaiting review, a draft of the
    editor's own and one scheduled."""
    from django.utils import timezone

    writer = member(django_user_model, "wendy", "Writers", password=PASSWORD).user
    editor = member(django_user_model, "eddie", "Editors", password=PASSWORD).user
    critic = Critic.objects.create(name="Wendy Park", user=writer)
    for score in ("9.5", "7.0", "6.5", None):
        review = make_review(score=None if score is None else Decimal(score))
        ReviewPageCritic.objects.create(page=review, critic=critic)
    submitted = make_review(headline="Awaiting a Decision")
    submitted.get_workflow().start(submitted, writer)

    def new(title, owner=None):
        film = Film.objects.create(title=title, year=2025)
        page = ReviewPage(
            title=f"{title} (2025) Review – Coming Up",
            headline="Coming Up",
            film=film,
            body=COMPLETE_BODY,
            owner=owner,
            live=False,
        )
        index.add_child(instance=page)
        return page

    new("My Draft", owner=editor).save_revision(user=editor)
    scheduled = new("Friday Film")
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision().publish()
    return {"submitted": submitted}


@pytest.mark.parametrize("width", [375, 1280])
def test_editor_dashboard(browser, screenshot, site_url, desk, width):  # noqa: F811
    page = sign_in(browser, site_url, "eddie")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/admin/")
    main = page.locator("main")
    for heading in (
        "Awaiting your review",
        "Your drafts",
        "Scheduled to go live",
        "Recently published",
        "Reviews in numbers",
    ):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main).to_contain_text(desk["submitted"].title)
    expect(page.locator("#my-drafts-content")).to_contain_text("My Draft (2025) Review")
    expect(page.locator("#scheduled-reviews-content")).to_contain_text("Friday Film (2025)")
    expect(page.locator("#recently-published-content")).to_contain_text("Wendy Park")

    for name in ("Reviews published per month", "Score distribution"):
        chart = main.get_by_role("img", name=name)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box["width"] >= 250 and box["height"] >= 90, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    scored_bars = page.locator("svg[data-chart=chart-scores] rect:not([height='0'])")
    expect(scored_bars).to_have_count(4)
    # Nothing wider than the screen: a phone scrolls the dashboard down, never sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    new_review = main.get_by_role("link", name="New review")
    expect(new_review).to_be_visible()
    page.set_viewport_size({"width": width, "height": 2800})
    screenshot(page, f"dashboard-editor-{width}")
    new_review.click()
    expect(page.locator("input[name=headline]")).to_be_visible()
    page.context.close()
