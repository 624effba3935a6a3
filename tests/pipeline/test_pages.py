"""Issue 20: the offer rules page (set by her or her manager with `negotiate`), and the pinned
query counts of the pipeline's pages and partials at two data sizes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from access.permissions import decide
from campaigns.actions import today
from pipeline import actions
from pipeline.models import Answer, OfferRules, RuleBreach
from pipeline.rules import check_offer
from tests.campaigns.conftest import role_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

FORM = {
    "floor_currency": "EUR",
    "floor_video": "1000",
    "max_usage_days": "14",
    "answer": Answer.COUNTER,
    "decline_message": "",
}


def rules_url(cast):
    return reverse("pipeline:rules", args=[cast.maya.public_id])


@pytest.mark.parametrize(("who", "key"), [("creator", "creator"), ("manager", "agency")])
def test_20_she_or_her_manager_with_negotiate_sets_the_rules(cast, login, who, key):
    client = login(getattr(cast, who), role_of(getattr(cast, who), key).key)
    data = FORM | {"blocked_categories": ["gaming"]}
    response = client.post(rules_url(cast), data)
    assert response.status_code == 302
    rules = OfferRules.objects.get(creator=cast.maya)
    assert rules.floors == {"video": "1000"} and rules.max_usage_days == 14
    assert list(rules.blocked_categories.values_list("pk", flat=True)) == ["gaming"]
    event = AuditEvent.objects.filter(event_type=AuditEventType.CREATOR_PROFILE_UPDATED).last()
    assert event.on_behalf_of == cast.maya and "offer_rules" in event.changes
    assert "Save the rules" in client.get(rules_url(cast)).content.decode()


def test_20_a_manager_without_negotiate_reads_why_and_cannot_post(cast, login):
    rep = Representation.objects.active().get(agency=cast.northstar, creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(
        scopes=[s for s in rep.scopes if s != "negotiate"]
    )
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    page = client.get(rules_url(cast))
    assert page.status_code == 200 and "Save the rules" not in page.content.decode()
    assert client.post(rules_url(cast), FORM).status_code == 403
    assert not OfferRules.objects.exists()


@pytest.mark.parametrize(
    ("who", "key"), [("brand", "brand"), ("lumen_manager", "agency"), ("manager2", "agency")]
)
def test_20_others_do_not_find_her_rules(cast, login, who, key):
    client = login(getattr(cast, who), role_of(getattr(cast, who), key).key)
    assert client.get(rules_url(cast)).status_code == 404
    assert client.post(rules_url(cast), FORM).status_code == 404


def test_20_the_offer_page_shows_the_flags_to_the_creator_side_only(cast, login, campaign):
    from campaigns import actions as deals
    from tests.campaigns.conftest import terms

    role = role_of(cast.creator, "creator")
    actions.set_offer_rules(
        cast.maya,
        role=role,
        actor=cast.creator,
        grant=decide(role, cast.maya),
        fields={"floors": {"video": "1000"}, "answer": Answer.FLAG},
        categories=[],
        brands=[],
    )
    offer = deals.send_offer(
        campaign,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        creator=cast.maya,
        terms=terms(),
    )
    url = reverse("pipeline:offer-notes", args=[offer.public_id])
    for user, key in ((cast.creator, "creator"), (cast.manager, "agency")):
        client = login(user, role_of(user, key).key)
        body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert "is below the floor of" in body
        page = client.get(reverse("campaigns:offer", args=[offer.public_id])).content.decode()
        assert f'data-hx-get="{url}"' in page
    brand = login(cast.brand, role_of(cast.brand, "brand").key)
    assert brand.get(url).status_code == 404
    assert url not in brand.get(reverse("campaigns:offer", args=[offer.public_id])).content.decode()


def _grow(cast, offer, n):
    role = role_of(cast.manager, "agency")
    grant = decide(role, cast.maya)
    for i in range(n):
        for target in (None, offer):
            actions.add_note(
                cast.maya,
                role=role,
                actor=cast.manager,
                grant=grant,
                body=f"n{i}",
                creator_visible=bool(i % 2),
                offer=target,
            )
            actions.add_task(
                cast.maya,
                role=role,
                actor=cast.manager,
                grant=grant,
                title=f"t{i}",
                due_on=today() + timedelta(days=i),
                assignee=cast.manager,
                creator_visible=bool(i % 2),
                offer=target,
            )


# (manager, creator) queries of each page at any size.
PINNED = {"creator-notes": (10, 9), "offer-notes": (12, 10), "rules": (13, 13)}


def test_20_pipeline_pages_read_the_same_queries_at_two_sizes(cast, login, offer):
    actions.set_offer_rules(
        cast.maya,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        grant=decide(role_of(cast.creator, "creator"), cast.maya),
        fields={"floors": {"video": "1000"}, "min_upfront_pct": Decimal("40")},
        categories=["gaming"],
        brands=[cast.glowskin],
    )
    clients = [
        login(cast.manager, role_of(cast.manager, "agency").key),
        login(cast.creator, role_of(cast.creator, "creator").key),
    ]
    urls = {
        "creator-notes": reverse("pipeline:creator-notes", args=[cast.maya.public_id]),
        "offer-notes": reverse("pipeline:offer-notes", args=[offer.public_id]),
        "rules": rules_url(cast),
    }

    def counts():
        return {
            name: tuple(
                count_queries(lambda c=c, u=url: c.get(u, HTTP_HX_REQUEST="true")) for c in clients
            )
            for name, url in urls.items()
        }

    check_offer(offer)  # the offer sent before the rules, checked late: flagged
    assert RuleBreach.objects.filter(offer=offer).exists()
    _grow(cast, offer, 2)
    small = counts()
    _grow(cast, offer, 30)
    assert counts() == small == PINNED


def test_20_her_home_links_to_her_rules_and_notes(cast, login):
    home = login(cast.creator, role_of(cast.creator, "creator").key).get("/").content.decode()
    assert rules_url(cast) in home
    assert reverse("pipeline:creator-notes", args=[cast.maya.public_id]) in home
