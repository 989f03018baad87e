"""The Content-Security-Policy breaks nothing: the admin's screens and the reader pages in Chromium
report no policy violation and no script error (issue 12, point 7)."""

import pytest
from playwright.sync_api import expect

from reviews.models import Film

from .conftest import member

# Migrations' data (groups, page tree) is restored for this test and after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "browser-test-password"


def watch(page):
    """Console errors and uncaught script errors of a page, as they happen."""
    problems = []
    # Wagtail's user bar runs its own accessibility checker for signed-in users and logs what it
    # finds as a console error: not a script or policy failure (the reader pages' accessibility is
    # checked by axe-core in `make check-pages`).
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("axe.run results")
            and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_admin_screens_and_reader_pages_work_under_the_policy(
    browser, live_server, sample_review, poster, django_user_model
):
    member(django_user_model, "eddie", "Editors", password=PASSWORD)
    django_user_model.objects.filter(username="eddie").update(is_superuser=True)
    film = Film.objects.get()  # without a poster: its editor offers "Choose an image"
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = watch(page)
    for path in ("/", "/reviews/", sample_review.url, "/search/?q=ballerina"):
        page.goto(base + path)
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "eddie")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/admin/")
    screens = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{sample_review.get_parent().pk}/",
        f"/admin/pages/{sample_review.pk}/edit/",
        f"/admin/pages/{sample_review.get_parent().pk}/add_subpage/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        f"/admin/images/{poster.pk}/",
        "/admin/documents/multiple/add/",
        f"/admin/snippets/reviews/film/edit/{film.pk}/",
        "/admin/snippets/reviews/film/",
        "/admin/users/",
        "/admin/reports/site-history/",
    ]
    for path in screens:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    # The editor's live preview panel (a frame of this site) and the image chooser (a modal
    # built by script from a fetched fragment).
    page.goto(f"{base}/admin/pages/{sample_review.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    # The panel loads into a second iframe and then swaps it in: wait for the swap.
    preview = page.locator("iframe[title='Preview']")
    expect(preview).to_have_count(1)
    expect(preview).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/admin/snippets/reviews/film/edit/{film.pk}/")
    # The chooser's button works once the admin's scripts have run: a click before that did
    # nothing (seen once on a loaded machine).
    page.wait_for_load_state("networkidle")
    page.locator(".unchosen [data-chooser-action-choose]").first.click()
    expect(page.locator(".modal-dialog")).to_be_visible()
    page.wait_for_load_state("networkidle")
    # Reader pages for a signed-in editor: with Wagtail's user bar.
    for path in ("/", sample_review.url):
        page.goto(base + path)
        expect(page.locator("wagtail-userbar")).to_be_attached()
    assert problems == []
