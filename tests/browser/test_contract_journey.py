"""The executed contract in the browser (issue 19): Northstar's owner edits the agency's
contract clauses; a GlowSkin deal with Maya is signed by the brand and by her manager; the
brand reads the executed contract (HTML, and its print layout: the PDF's page 1), a French
reader reads it in French, and the sealed contract kept the clauses it was sealed with.
Screenshots go to test-results/ (and SCREENSHOT_DIR when set)."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
NOTES = Path(os.environ.get("SCREENSHOT_DIR", "test-results"))


def shoot(page, name, **options):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / name, **options)
    if NOTES.is_dir():
        page.screenshot(path=NOTES / name, **options)


def signed_in(browser, live_server, email, **context):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, **context).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def accepted_deal():
    """A GlowSkin offer to Maya with every kind of term, accepted: its contract is a draft."""
    from access.hats import roles_for
    from accounts.models import User
    from brands.models import Brand
    from campaigns import actions
    from campaigns.actions import today
    from creators.models import CreatorProfile

    brand_user = User.objects.get(email="brand@glowskin.example")
    creator_user = User.objects.get(email="creator@creators.example")
    campaign = actions.create_campaign(
        Brand.objects.get(name="GlowSkin"),
        actor=brand_user,
        name="Winter glow",
        budget=Decimal("5000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    terms = {
        "price": Decimal("1800.00"),
        "currency": "EUR",
        "deliverables": [
            {"type": "video", "count": 2, "due": (today() + timedelta(days=20)).isoformat()}
        ],
        "upfront_pct": Decimal("30"),
        "milestones": [{"percent": 70, "on": "posted"}],
        "net_days": 30,
        "usage_days": 90,
        "usage_channels": ["tiktok", "instagram", "paid_social"],
        "paid_ads_days": 30,
        "exclusivity_categories": ["beauty"],
        "exclusivity_days": 60,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    }
    maya = CreatorProfile.objects.get(handle="mayamoves")
    offer = actions.send_offer(
        campaign, creator=maya, terms=terms, role=roles_for(brand_user)[0], actor=brand_user
    )
    creator_role = next(r for r in roles_for(creator_user) if r.kind == "creator")
    actions.accept_offer(offer, seen_version=1, role=creator_role, actor=creator_user)
    return offer


def test_19_the_executed_contract_in_english_and_french(world, browser, live_server, check_a11y):
    from accounts.models import User
    from agencies.clauses import DEFAULTS

    offer = accepted_deal()
    contract_url = f"{live_server.url}/offers/{offer.public_id}/contract/"

    owner = signed_in(browser, live_server, "owner@northstar.example")
    owner.goto(f"{live_server.url}/")
    owner.get_by_role("link", name="Contract clauses").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Contract clauses")
    check_a11y(owner)
    shoot(owner, "contract_clauses.png", full_page=True)

    brand = signed_in(browser, live_server, "brand@glowskin.example")
    brand.goto(contract_url)
    expect(brand.locator("main")).to_contain_text("Draft — not signed")
    brand.get_by_label("Full name").fill("Camille Roux")
    brand.get_by_role("button", name="Sign the contract").click()
    expect(brand.get_by_text("Signed.")).to_be_visible()

    manager = signed_in(browser, live_server, "manager@northstar.example")
    manager.goto(contract_url)
    manager.get_by_label("Full name").fill("Marco Bianchi")
    manager.get_by_role("button", name="Sign the contract").click()
    expect(manager.get_by_text("Sealed with SHA-256")).to_be_visible()
    check_a11y(manager)

    # The owner changes the governing law afterwards: the sealed contract keeps the default.
    owner.goto(f"{live_server.url}/agency/settings/contract-clauses/")
    owner.get_by_label("Governing law (English)").fill("Governed by the laws of England.")
    owner.get_by_role("button", name="Save").click()
    expect(owner.get_by_text("The contract clauses were saved.")).to_be_visible()

    brand.goto(f"{live_server.url}/offers/{offer.public_id}/contract.html")
    body = brand.locator("body")
    expect(body).to_contain_text("Executed contract, signed by both parties")
    expect(body).to_contain_text("GlowSkin SAS")
    expect(body).to_contain_text("Marco Bianchi, Northstar Talent, for @mayamoves")
    expect(body).to_contain_text(DEFAULTS["en"]["governing_law"][:60])
    shoot(brand, "contract_executed_en.png", full_page=True)
    brand.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi: the PDF's page 1
    brand.emulate_media(media="print")
    shoot(brand, "contract_pdf_page1.png")

    User.objects.filter(email="creator@creators.example").update(language="fr")
    maya = signed_in(browser, live_server, "creator@creators.example")
    maya.goto(f"{live_server.url}/offers/{offer.public_id}/contract.html")
    expect(maya.locator("body")).to_contain_text(DEFAULTS["fr"]["governing_law"][:60])
    expect(maya.locator("body")).to_contain_text("Livrables")
    shoot(maya, "contract_executed_fr.png", full_page=True)
