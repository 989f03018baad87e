"""An editor imports reviews in Chromium: upload, read the dry-run table, confirm, read the report.
Screenshots land in screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from reviews.models import ReviewPage

from .conftest import member
from .test_browser_workflow import PASSWORD, sign_in, site_url  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def test_editor_uploads_checks_and_imports(browser, screenshot, site_url, django_user_model):  # noqa: F811
    member(django_user_model, "eddie", "Editors", password=PASSWORD)
    page = sign_in(browser, site_url, "eddie")
    page.get_by_role("link", name="Import reviews").click()
    page.get_by_role("link", name="Upload files").click()
    page.set_input_files(
        "input[name=files]",
        [FIXTURES / "paper-lanterns-2021.html", FIXTURES / "night-bus-export.xml"],
    )
    page.get_by_label("Publish").check()
    screenshot(page, "import-1-upload")
    page.get_by_role("button", name="Check the files").click()

    table = page.locator("table[data-import-table]")
    expect(page.get_by_role("heading", name="What the import will do")).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(4)  # 3 reviews and the skipped WordPress page
    expect(table).to_contain_text("Paper Lanterns (2021) Review – A Quiet Harbour Story")
    expect(table).to_contain_text("kept as a draft: the source marks it unpublished")
    screenshot(page, "import-2-dry-run")
    assert not ReviewPage.objects.exists()

    page.get_by_role("button", name="Import: publish").click()
    expect(page.locator("[data-import-status]")).to_contain_text("Done")
    expect(page.locator("[data-import-counts]")).to_contain_text("3 created")
    screenshot(page, "import-3-report")
    page.get_by_role("link", name="Salt Roads (2022) Review – Two Drivers, One Bad Night").click()
    expect(page.locator("input[name=title]")).to_have_value(
        "Salt Roads (2022) Review – Two Drivers, One Bad Night"
    )
    assert ReviewPage.objects.filter(live=True).count() == 2
