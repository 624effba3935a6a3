"""A scope the creator did not grant means 403; read-only roles act on nothing but may look."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from access.hats import roles_for
from access.models import Representation
from access.permissions import SEEING, decide
from access.scopes import ALL_SCOPES, Scope

pytestmark = pytest.mark.django_db


def agency_role(user):
    return next(r for r in roles_for(user) if r.kind == "agency")


@pytest.mark.parametrize("scope", ALL_SCOPES)
def test_each_scope_is_required_when_missing_and_enough_when_granted(cast, scope):
    rep = Representation.objects.active().get(creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(scopes=[s for s in ALL_SCOPES if s != scope])
    grant = decide(agency_role(cast.manager), cast.maya)
    assert not grant.may(Scope(scope))
    with pytest.raises(PermissionDenied, match="creator"):
        grant.require(Scope(scope))
    Representation.objects.filter(pk=rep.pk).update(scopes=[scope])
    grant = decide(agency_role(cast.manager), cast.maya)
    assert grant.may(Scope(scope)) and grant.representation == rep


def test_assistant_sees_assigned_creators_but_acts_on_nothing(cast, login):
    role = agency_role(cast.assistant)  # the assistant is on Maya's team
    grant = decide(role, cast.maya)
    assert grant.sees(Scope.VIEW_INSIGHTS)  # looking is not acting
    assert {s for s in ALL_SCOPES if grant.may(Scope(s))} == set(SEEING)
    with pytest.raises(PermissionDenied, match="read-only"):
        grant.require(Scope.NEGOTIATE)
    client = login(cast.assistant)
    page = reverse("creators:creator", args=[cast.maya.public_id])
    assert client.get(page).status_code == 200
    chart = reverse("creators:creator-chart", args=[cast.maya.public_id, "followers"])
    assert client.get(chart).status_code == 200  # the page's charts give the page's answer
    assert client.get(reverse("agencies:creator-invite")).status_code == 403


def test_assistant_granted_more_may_act(cast):
    from agencies.models import AgencyMembership

    AgencyMembership.objects.filter(user=cast.assistant).update(assistant_can_act=True)
    assert decide(agency_role(cast.assistant), cast.maya).may(Scope.NEGOTIATE)


def test_manager_cannot_use_owner_only_pages(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    client = login(cast.manager)
    assert client.get(reverse("agencies:creator-team", args=[rep.public_id])).status_code == 403
    assert client.get(reverse("access:activity")).status_code == 403


def test_owner_lets_the_assistant_act_from_the_team_page(cast, login):
    from access.models import AuditEvent, AuditEventType
    from agencies.models import AgencyMembership

    membership = AgencyMembership.objects.get(user=cast.assistant)
    url = reverse("agencies:assistant-permission", args=[membership.pk])
    assert login(cast.manager).post(url, {"can_act": "1"}).status_code == 403
    assert login(cast.lumen_owner).post(url, {"can_act": "1"}).status_code == 404
    login(cast.owner).post(url, {"can_act": "1"})
    membership.refresh_from_db()
    assert membership.assistant_can_act
    assert AuditEvent.objects.filter(event_type=AuditEventType.MEMBER_ROLE_CHANGED).exists()
    assert login(cast.assistant).get(reverse("agencies:creator-invite")).status_code == 200
