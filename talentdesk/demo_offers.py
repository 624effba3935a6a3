"""Demo deals: two campaigns and offers in most statuses, with multi-round negotiations."""

from datetime import timedelta
from decimal import Decimal

from access.hats import roles_for
from accounts.models import User
from brands.models import Brand
from campaigns import actions
from campaigns.actions import today
from campaigns.models import Offer
from creators.models import Category, CreatorProfile
from deliverables.transitions import DeliverableStatus


def _role(user, kind):
    return next(r for r in roles_for(user) if r.kind == kind)


def _terms(price, currency="EUR", days=21, **extra):
    return {
        "price": Decimal(price),
        "currency": currency,
        "deliverables": [
            {"type": "video", "count": 2, "due": (today() + timedelta(days=days)).isoformat()}
        ],
        "upfront_pct": Decimal("30"),
        "net_days": 30,
        "usage_days": 30,
        "paid_ads_days": 30,
        "exclusivity_categories": extra.pop("exclusivity", []),
        "exclusivity_days": 30,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    } | extra


def load() -> None:
    brand_user = User.objects.get(email="brand@glowskin.example")
    brand_role = _role(brand_user, "brand")
    manager = User.objects.get(email="manager@northstar.example")
    manager_role = _role(manager, "agency")
    glow = actions.create_campaign(
        Brand.objects.get(name="GlowSkin"),
        actor=brand_user,
        name="Summer glow routine",
        description="Three-step morning routine with our SPF serum.",
        objective="Awareness",
        category=Category.objects.get(slug="beauty"),
        target_countries=["FR", "GB"],
        target_genders=["female"],
        target_ages=["18-24", "25-34"],
        budget=Decimal("25000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=90),
    )
    handles = [
        "mayamoves",
        "sofiaglow",
        "amaraskin",
        "glamwithgabi",
        "carlacouture",
        "zoestyles",
        "skincaresana",
        "emmaeditorial",
    ]
    creators = {c.handle: c for c in CreatorProfile.objects.filter(handle__in=handles)}
    offers = {
        handle: actions.send_offer(
            glow,
            role=brand_role,
            actor=brand_user,
            creator=creators[handle],
            terms=_terms(1200 + 150 * i, exclusivity=["beauty"]),
        )
        for i, handle in enumerate(handles)
    }
    # Maya's manager asks for more, the brand meets halfway, the manager asks again.
    maya = offers["mayamoves"]
    actions.counter_offer(
        maya,
        role=manager_role,
        actor=manager,
        seen_version=1,
        terms=_terms(1800, exclusivity=["beauty"]),
    )
    actions.counter_offer(
        maya,
        role=brand_role,
        actor=brand_user,
        seen_version=2,
        terms=_terms(1500, exclusivity=["beauty"]),
    )
    last = _terms(1650, exclusivity=["beauty"], revision_rounds=1)
    actions.counter_offer(maya, role=manager_role, actor=manager, seen_version=3, terms=last)

    # Sofia accepts; the brand accepts Amara's counter; Gabi declines; one is withdrawn.
    def creator_of(handle):
        user = creators[handle].user
        return {"role": _role(user, "creator"), "actor": user}

    actions.accept_offer(offers["sofiaglow"], seen_version=1, **creator_of("sofiaglow"))
    actions.counter_offer(
        offers["amaraskin"], seen_version=1, terms=_terms(1700), **creator_of("amaraskin")
    )
    actions.accept_offer(offers["amaraskin"], role=brand_role, actor=brand_user, seen_version=2)
    actions.decide_offer(
        offers["glamwithgabi"],
        "decline_creator",
        reason="Fully booked this summer.",
        **creator_of("glamwithgabi"),
    )
    actions.decide_offer(offers["zoestyles"], "withdraw", role=brand_role, actor=brand_user)
    # Amara's deal is signed by both sides: the work has started.
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract

    amara = Contract.objects.get(offer=offers["amaraskin"])
    sign_contract(amara, role=brand_role, actor=brand_user, full_name="Camille Roux", ip=None)
    sign_contract(amara, full_name="Amara Diallo", ip=None, **creator_of("amaraskin"))
    # Amara sent a first draft; GlowSkin asked for changes at 0:12.
    from deliverables import actions as deliverable_actions

    first = amara.offer.deliverables.order_by("number").first()
    deliverable_actions.submit_draft(
        first,
        link="https://www.tiktok.com/@amaraskin",
        caption="Morning routine, take 1",
        **creator_of("amaraskin"),
    )
    deliverable_actions.give_feedback(
        first,
        role=brand_role,
        actor=brand_user,
        kind="changes",
        body="Show the serum label a bit longer.",
        at_seconds=12,
    )
    # The second deliverable went through to posting; a thread with an unanswered question.
    from messaging.actions import post_message

    second = amara.offer.deliverables.order_by("number").last()
    deliverable_actions.submit_draft(
        second,
        link="https://www.tiktok.com/@amaraskin",
        caption="Evening routine",
        **creator_of("amaraskin"),
    )
    deliverable_actions.give_feedback(
        second, role=brand_role, actor=brand_user, body="", kind="approval"
    )
    deliverable_actions.mark_posted(
        second,
        url="https://www.tiktok.com/@amaraskin/video/7312345678901234567",
        first_views=48200,
        **creator_of("amaraskin"),
    )
    post_message(
        amara.offer,
        role=brand_role,
        actor=brand_user,
        body="Lovely first cut! Could the second video go live on a Friday?",
    )
    post_message(
        maya,
        role=manager_role,
        actor=manager,
        body="Maya can add a story for the 1,650 EUR version. Interested?",
    )
    # A manager above the creator's ceiling: Maya decides.
    volt_user = User.objects.get(email="brand@voltbikes.example")
    volt = actions.create_campaign(
        Brand.objects.get(name="Volt Bikes"),
        actor=volt_user,
        name="City rides",
        category=Category.objects.get(slug="mobility"),
        target_countries=["NL", "DE", "GB"],
        budget=Decimal("15000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    volt_role = _role(volt_user, "brand")
    ride = actions.send_offer(
        volt, role=volt_role, actor=volt_user, creator=creators["mayamoves"], terms=_terms(4200)
    )
    actions.accept_offer(ride, role=manager_role, actor=manager, seen_version=1)
    for handle in ("pedalpete", "evbyelena"):
        actions.send_offer(
            volt,
            role=volt_role,
            actor=volt_user,
            creator=CreatorProfile.objects.get(handle=handle),
            terms=_terms(900),
        )
    # Another beauty brand asks Sofia, who is exclusive to GlowSkin in beauty: a conflict.
    lumiere_user = User.objects.get(email="team@maisonlumiere.example")
    lumiere = actions.create_campaign(
        Brand.objects.get(name="Maison Lumière"),
        actor=lumiere_user,
        name="Lumière skin line",
        category=Category.objects.get(slug="beauty"),
        budget=Decimal("9000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=45),
    )
    actions.send_offer(
        lumiere,
        role=_role(lumiere_user, "brand"),
        actor=lumiere_user,
        creator=creators["sofiaglow"],
        terms=_terms(1400),
    )
    # The brand answers Emma's counter with its own; Pete's deal is cancelled after acceptance.
    emma = offers["emmaeditorial"]
    actions.counter_offer(emma, seen_version=1, terms=_terms(1900), **creator_of("emmaeditorial"))
    actions.counter_offer(
        emma, role=brand_role, actor=brand_user, seen_version=2, terms=_terms(1600)
    )
    pete = Offer.objects.get(campaign=volt, creator__handle="pedalpete")
    pete_user = pete.creator.user
    actions.accept_offer(pete, role=_role(pete_user, "creator"), actor=pete_user, seen_version=1)
    actions.decide_offer(
        pete,
        "cancel_brand",
        role=volt_role,
        actor=volt_user,
        reason="The launch moved to next spring.",
    )
    _maya_at_work(volt, volt_role, volt_user, manager_role, manager, creators["mayamoves"])
    # One offer whose deadline passed.
    Offer.objects.filter(pk=offers["carlacouture"].pk).update(
        response_deadline=today() - timedelta(days=1)
    )
    actions.expire_offers()


def _maya_at_work(volt, volt_role, volt_user, manager_role, manager, maya) -> None:
    """A signed Volt Bikes deal run by Maya's manager, with a deliverable in every state not shown
    by Amara's deal, feedback over two rounds, deadlines in the coming days and unread messages."""
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract
    from deliverables import actions as work
    from messaging.actions import post_message

    lines = [
        {"type": "video", "count": 2, "due": (today() + timedelta(days=3)).isoformat()},
        {"type": "carousel", "count": 1, "due": (today() + timedelta(days=5)).isoformat()},
        {"type": "video", "count": 1, "due": (today() + timedelta(days=9)).isoformat()},
    ]
    commute = actions.create_campaign(
        volt.brand,
        actor=volt_user,
        name="Commute in style",
        objective="Consideration",
        category=volt.category,
        target_countries=["GB"],
        budget=Decimal("6000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=45),
    )
    offer = actions.send_offer(
        commute,
        role=volt_role,
        actor=volt_user,
        creator=maya,
        terms=_terms(2200, deliverables=lines),
    )
    actions.accept_offer(offer, role=manager_role, actor=manager, seen_version=1)  # ≤ ceiling
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, role=volt_role, actor=volt_user, full_name="Ruben de Vries", ip=None)
    sign_contract(contract, role=manager_role, actor=manager, full_name="Marco Bianchi", ip=None)
    first, second, carousel, last = offer.deliverables.order_by("number")
    manager_side = {"role": manager_role, "actor": manager}
    brand_side = {"role": volt_role, "actor": volt_user}
    clip = "https://www.tiktok.com/@mayamoves"
    # #1: two rounds of feedback, then approved, ready to post in three days.
    work.submit_draft(first, link=clip, caption="Morning commute, 20 seconds", **manager_side)
    work.give_feedback(first, kind="comment", body="Love the opening shot.", **brand_side)
    work.give_feedback(
        first,
        kind="changes",
        at_seconds=12,
        body="At 0:12 the logo is hidden by the caption: move the text up.",
        **brand_side,
    )
    work.submit_draft(first, link=clip, caption="Morning commute, logo visible", **manager_side)
    work.give_feedback(
        first,
        kind="changes",
        at_seconds=4,
        body="Almost! Start on the bike, not the helmet.",
        **brand_side,
    )
    work.submit_draft(first, link=clip, caption="Morning commute, final", **manager_side)
    work.give_feedback(first, kind="approval", body="Perfect, post it Friday.", **brand_side)
    # #2: a first draft waiting for the brand's review.
    work.submit_draft(
        second,
        link=clip,
        caption="Rainy-day ride",
        notes="Shot in the rain as the brief asked.",
        **manager_side,
    )
    # Carousel: posted and verified by the brand.
    work.submit_draft(carousel, link=clip, caption="Five photos of the ride", **manager_side)
    work.give_feedback(carousel, kind="approval", body="", **brand_side)
    work.mark_posted(
        carousel,
        url="https://www.tiktok.com/@mayamoves/video/7312345678901234999",
        first_views=15300,
        **manager_side,
    )
    work.verify(carousel, **brand_side)
    # The last video is not started; its deadline is next week.
    assert last.status == DeliverableStatus.NOT_STARTED
    post_message(
        offer, body="Could #1 go live Friday at 8am? That's when our riders commute.", **brand_side
    )
    post_message(offer, body="Friday 8am works. The rain video is in for review.", **manager_side)
    post_message(
        offer, body="Great. One question on the rain video: can we see the mudguards?", **brand_side
    )
