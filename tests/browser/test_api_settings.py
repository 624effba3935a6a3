"""An agency owner makes an API token in the browser, uses it once from a script, revokes it;
then adds a webhook endpoint and sees its signing secret once."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def call(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


def test_make_use_and_revoke_a_token_then_add_a_webhook(
    world, page, sign_in, check_a11y, live_server, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    sign_in(page, "owner@northstar.example")
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_role("link", name="API tokens for your own tools").click()
    expect(page.get_by_text("No token yet")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Name").fill("Agency CRM sync")
    page.get_by_label("Access").select_option("read")
    page.get_by_role("button", name="Make the token").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("td_")
    check_a11y(page)
    status, answer = call(f"{live_server.url}/api/v1/creators?page_size=1", token)
    assert status == 200 and answer["count"] > 0
    page.reload()
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)  # shown once
    expect(page.get_by_role("row", name="Agency CRM sync")).not_to_contain_text("never")
    page.get_by_role("button", name="Revoke Agency CRM sync").click()
    expect(page.get_by_text("it stops working at once")).to_be_visible()
    assert call(f"{live_server.url}/api/v1/creators", token)[0] == 401

    page.goto(f"{live_server.url}/accounts/team/")
    page.get_by_role("link", name="Webhooks: send deal events to your own systems").click()
    check_a11y(page)
    page.get_by_label("Endpoint URL").fill("http://127.0.0.1:9/hook")
    page.get_by_label("Offer accepted").check()
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_label("Signing secret")).to_have_value(__import__("re").compile("^whsec_"))
    page.get_by_role("link", name="http://127.0.0.1:9/hook").click()
    expect(page.get_by_text("Nothing sent yet")).to_be_visible()
    check_a11y(page)
