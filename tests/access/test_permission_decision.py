"""The one permission decision (access/permissions.py), scope by scope and party by party:
what it answers is what every page, the API and the workflows obey."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from access.actions import end_representation
from access.models import Representation
from access.permissions import NOBODY, Party, decide, decide_many
from access.scopes import ALL_SCOPES, Scope
from tests.campaigns.conftest import role_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def set_scopes(cast, scopes, **fields):
    Representation.objects.filter(creator=cast.maya, status="active").update(
        scopes=scopes, **fields
    )


def test_issue14_break7_view_earnings_is_decided_like_every_scope(cast):
    """Issue #14, break 7: `view_earnings` did nothing, no code read it. The decision now
    answers it — a reading scope, so read-only staff have it when granted — ready for the money
    pages to ask."""
    set_scopes(cast, [s for s in ALL_SCOPES if s != Scope.VIEW_EARNINGS])
    manager = decide(role_of(cast.manager, "agency"), cast.maya)
    assert not manager.sees(Scope.VIEW_EARNINGS) and not manager.may(Scope.VIEW_EARNINGS)
    with pytest.raises(PermissionDenied, match="has not shared their earnings"):
        manager.require(Scope.VIEW_EARNINGS)
    set_scopes(cast, [Scope.VIEW_EARNINGS])
    for user in (cast.manager, cast.assistant, cast.owner):
        assert decide(role_of(user, "agency"), cast.maya).sees(Scope.VIEW_EARNINGS), user
    assert decide(role_of(cast.creator, "creator"), cast.maya).sees(Scope.VIEW_EARNINGS)
    for outsider in (cast.manager2, cast.lumen_owner):
        assert decide(role_of(outsider, "agency"), cast.maya) is NOBODY
    assert not decide(role_of(cast.brand, "brand"), cast.maya).sees(Scope.VIEW_EARNINGS)


@pytest.mark.parametrize("scope", [s for s in ALL_SCOPES])
def test_each_scope_follows_the_grant_for_acting_and_looking(cast, scope):
    scope = Scope(scope)
    set_scopes(cast, [scope])
    manager = decide(role_of(cast.manager, "agency"), cast.maya)
    assistant = decide(role_of(cast.assistant, "agency"), cast.maya)
    assert manager.may(scope)
    assert assistant.may(scope) == (scope in (Scope.VIEW_INSIGHTS, Scope.VIEW_EARNINGS))
    others = [s for s in ALL_SCOPES if s != scope]
    assert [s for s in others if manager.may(Scope(s))] == []


def test_the_parties(cast):
    assert decide(role_of(cast.creator, "creator"), cast.maya).party is Party.CREATOR
    assert decide(role_of(cast.creator2, "creator"), cast.maya) is NOBODY
    assert decide(role_of(cast.manager, "agency"), cast.maya).party is Party.AGENCY
    assert decide(role_of(cast.brand, "brand"), cast.maya).party is Party.PUBLIC
    assert decide(None, cast.maya) is NOBODY


def test_a_revocation_answers_on_the_very_next_decision(cast):
    rep = Representation.objects.active().get(creator=cast.maya)
    assert decide(role_of(cast.manager, "agency"), cast.maya).may(Scope.NEGOTIATE)
    end_representation(rep, "revoke", role=role_of(cast.creator, "creator"), actor=cast.creator)
    assert decide(role_of(cast.manager, "agency"), cast.maya) is NOBODY


def test_the_ceiling_decides_what_binds_her(cast):
    set_scopes(
        cast, ["accept_offers"], accept_ceiling=Decimal("1000"), accept_ceiling_currency="EUR"
    )
    grant = decide(role_of(cast.manager, "agency"), cast.maya)
    assert grant.binds(Decimal("1000"), "EUR") and not grant.binds(Decimal("1000.01"), "EUR")
    assert not grant.binds(Decimal("10"), "USD")  # another currency: not comparable
    assert decide(role_of(cast.creator, "creator"), cast.maya).binds(Decimal("99999"), "JPY")
    assistant = decide(role_of(cast.assistant, "agency"), cast.maya)
    assert not assistant.binds(Decimal("10"), "EUR")  # read-only staff bind nobody


def test_a_page_of_creators_is_decided_in_one_query(cast):
    from creators.models import CreatorProfile

    creators = list(CreatorProfile.objects.all()[:30])
    role = role_of(cast.owner, "agency")
    assert count_queries(lambda: decide_many(role, creators)) == 1
    grants = decide_many(role, creators)
    assert grants[cast.maya.pk].party is Party.AGENCY and grants[cast.leo.pk] is NOBODY
