import pytest
from playwright.sync_api import expect

from talentdesk.demo import LOGINS

pytestmark = pytest.mark.browser

HOME_MARKERS = {
    "northstar": "Northstar Talent",
    "lumen": "Lumen Creators",
    "creator@creators": "Who represents me",
    "creator2@": "Qui me représente",  # Léo reads talentdesk in French
    "glowskin": "GlowSkin",
    "voltbikes": "Volt Bikes",
}


def marker_for(email):
    return next(text for key, text in HOME_MARKERS.items() if key in email)


@pytest.mark.parametrize("email", [login.email for login in LOGINS])
def test_each_demo_login_reaches_its_home_page(world, page, sign_in, check_a11y, email):
    sign_in(page, email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(marker_for(email))
    expect(page.locator(".acting-banner")).to_be_visible()  # the hat is always shown
    check_a11y(page)


def test_language_switch_turns_the_page_french(world, page, sign_in, check_a11y, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    check_a11y(page)
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    check_a11y(page)
    page.get_by_label("Adresse e-mail").fill("owner@northstar.example")
    page.get_by_label("Mot de passe").fill("demo-pass-2026")
    page.get_by_role("button", name="Se connecter").click()
    # Signed in, the profile's language (English) applies; switching saves French to the profile.
    expect(page.get_by_text("Creators represented")).to_be_visible()
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_text("Créateurs représentés")).to_be_visible()
    expect(page.get_by_label("Rôle actif")).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/agency/roster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portefeuille")
    check_a11y(page)


def test_wrong_password_is_explained_on_the_page(world, page, sign_in, check_a11y):
    sign_in(page, "owner@northstar.example", password="not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    check_a11y(page)


def test_role_switcher_changes_the_hat_on_a_phone(world, browser, live_server, check_a11y):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("brand@glowskin.example")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Menu").click()  # the phone's header folds the switcher
    expect(page.get_by_label("Acting as")).to_be_visible()
    page.screenshot(path="test-results/brand-home-phone.png", full_page=True)
    check_a11y(page)
    context.close()
