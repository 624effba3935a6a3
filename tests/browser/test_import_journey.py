"""An import as a manager does it in the browser (issue 15): a file whose handle column has an
unusual name, the column chosen in the preview, repeated rows kept, started, and the result
listing what changed for the creator. Screenshots go to test-results/."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = "test-results"


def test_a_manager_maps_a_column_keeps_the_last_repeat_and_sees_what_changed(
    world, browser, live_server, check_a11y, tmp_path, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    path = tmp_path / "maya-videos.csv"
    path.write_text(
        "id,create_time,who,n_plays,n_likes,n_comments,n_shares,song\n"
        "7990000000000000001,1764500000,mayamoves,5200,410,N/A,3,Espresso\n"
        "7990000000000000002,1764510000,mayamoves,6100,,2,1,Espresso\n"
        "7990000000000000001,1764500000,mayamoves,5300,420,5,3,Espresso\n"
    )
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("manager@northstar.example")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/agency/imports/")
    check_a11y(page)
    page.get_by_label("What the file holds").select_option("videos")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_label("Keep the last row of each").check()
    page.get_by_role("button", name="Check the file").click()

    expect(page.locator("#import-problems")).to_contain_text("no column for handle")
    page.screenshot(path=f"{SHOTS}/import-choose-columns.png", full_page=True)
    check_a11y(page)
    page.get_by_label("the creator (her handle)").select_option("#3")
    page.get_by_role("button", name="Check again").click()

    expect(page.get_by_text("The file is valid: 2 rows are ready to import.")).to_be_visible()
    expect(page.locator("#import-repeated")).to_contain_text("7990000000000000001: lines 2, 4")
    expect(page.locator("#import-columns")).to_contain_text("ignored")
    page.screenshot(path=f"{SHOTS}/import-preview.png", full_page=True)
    check_a11y(page)
    page.get_by_role("button", name="Start the import").click()

    expect(page.locator("#import-changes")).to_contain_text("@mayamoves")
    expect(page.locator("#import-changes")).to_contain_text("videos created: 2")
    page.screenshot(path=f"{SHOTS}/import-done.png", full_page=True)
    check_a11y(page)


def test_issue15_item9_an_instagram_file_is_imported_as_instagram_figures(
    world, browser, live_server, check_a11y, tmp_path, settings
):
    """The manager says which platform the file is of; Maya's Instagram followers land on her
    Instagram figures and her TikTok followers stay as they were."""
    from creators.models import CreatorHandle, CreatorProfile, StatSnapshot

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    maya = CreatorProfile.objects.get(handle="mayamoves")
    CreatorHandle.objects.create(creator=maya, platform="instagram", handle="maya.on.insta")
    tiktok_followers = maya.followers
    path = tmp_path / "instagram.csv"
    path.write_text(
        "Influencer insta name,instagram name,Followers,Authentic engagement,Engagement avg\n"
        "maya.on.insta,Maya,48.5M,383.1K,637K\n"
    )
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("manager@northstar.example")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/agency/imports/")
    page.get_by_label("What the file holds").select_option("creators")
    page.get_by_label("Platform of the file's handles and figures").select_option("instagram")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()

    expect(page.locator("#import-platform")).to_contain_text("handles and figures on Instagram")
    expect(page.get_by_text("The file is valid: 1 row is ready to import.")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/import-instagram-preview.png", full_page=True)
    check_a11y(page)
    page.get_by_role("button", name="Start the import").click()
    expect(page.locator("#import-changes")).to_contain_text("@mayamoves")

    maya.refresh_from_db()
    assert maya.followers == tiktok_followers
    assert StatSnapshot.objects.get(creator=maya, platform="instagram").followers == 48_500_000
