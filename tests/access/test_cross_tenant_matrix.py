"""Everyone outside a representation gets 404 (or the login page) on every page about it."""

import pytest
from django.urls import reverse

from access import actions
from access.hats import roles_for
from access.models import Representation

pytestmark = pytest.mark.django_db

AGENCY_PAGES = ["agencies:creator-remove", "agencies:creator-team"]
CREATOR_PAGES = ["access:consent", "access:revoke", "access:scopes-change"]
POST_PAGES = ["agencies:proposal-answer", "access:proposal-answer"]
CREATOR_PAGE = ["creators:creator", "creators:creator-rate"]


def urls_for(rep):
    urls = [(name, reverse(name, args=[rep.public_id])) for name in AGENCY_PAGES + CREATOR_PAGES]
    urls += [(n, reverse(n, args=[rep.public_id, "decline"])) for n in POST_PAGES]
    urls += [(n, reverse(n, args=[rep.creator.public_id])) for n in CREATOR_PAGE]
    urls += [
        (
            "creators:creator-chart",
            reverse("creators:creator-chart", args=[rep.creator.public_id, "ages"]),
        )
    ]
    return urls


@pytest.fixture
def outsiders(cast, login, anon):
    """Every kind of outsider to Maya's representation with Northstar."""
    rep = Representation.objects.active().get(creator=cast.maya)
    return rep, {
        "other agency's owner": login(cast.lumen_owner),
        "other agency's manager": login(cast.lumen_manager),
        "brand not involved": login(cast.brand),
        "other brand": login(cast.outsider_brand),
        "another creator": login(cast.creator2),
        "manager not assigned": login(cast.manager2),
        "anonymous visitor": anon,
    }


def test_outsiders_get_404_or_login_on_every_page_and_verb(outsiders, capsys):
    rep, clients = outsiders
    checked = 0
    for who, client in clients.items():
        for name, url in urls_for(rep):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if who == "anonymous visitor":
                    assert (
                        response.status_code == 302 and "/accounts/login/" in response["Location"]
                    )
                else:
                    assert response.status_code in (404, 405), (who, name, method)
                assert "@mayamoves" not in response.content.decode(), (who, name)
                checked += 1
    rep.refresh_from_db()
    assert rep.status == "active"
    with capsys.disabled():
        print(f"\ncross-tenant matrix: {checked} requests by {len(clients)} outsiders, all refused")


def test_a_revoked_agency_loses_every_page_of_the_creator(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    creator_role = next(r for r in roles_for(cast.creator) if r.kind == "creator")
    actions.end_representation(rep, "revoke", role=creator_role, actor=cast.creator)
    for user in (cast.owner, cast.manager, cast.assistant):
        client = login(user)
        for name, url in urls_for(rep)[:2] + urls_for(rep)[-3:]:
            assert client.get(url).status_code in (404, 405), (user, name)
        assert "@mayamoves" not in client.get(reverse("agencies:roster")).text


def test_lumen_never_sees_a_northstar_handle_on_its_pages(cast, login):
    from talentdesk.demo import CREATORS, NORTHSTAR_COUNT

    handles = [
        f"@{c[0]}" for c in CREATORS[1:NORTHSTAR_COUNT]
    ]  # Maya revoked Lumen: its log names her
    client = login(cast.lumen_owner)
    for url in (
        "/",
        reverse("agencies:roster"),
        reverse("access:activity"),
        reverse("accounts:team"),
    ):
        text = client.get(url).text
        assert [h for h in handles if h + "<" in text or h + " " in text] == [], url
