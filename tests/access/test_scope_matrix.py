"""A scope the creator did not grant means 403; read-only roles act on nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from access.models import Representation
from access.roles import roles_for
from access.scopes import ALL_SCOPES
from access.scoping import get_representation_for_user

pytestmark = pytest.mark.django_db


def agency_role(user):
    return next(r for r in roles_for(user) if r.kind == "agency")


@pytest.mark.parametrize("scope", ALL_SCOPES)
def test_each_scope_is_required_when_missing_and_enough_when_granted(cast, scope):
    rep = Representation.objects.active().get(creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(scopes=[s for s in ALL_SCOPES if s != scope])
    with pytest.raises(PermissionDenied):
        get_representation_for_user(agency_role(cast.manager), rep.public_id, need=scope)
    Representation.objects.filter(pk=rep.pk).update(scopes=[scope])
    assert get_representation_for_user(agency_role(cast.manager), rep.public_id, need=scope) == rep


def test_assistant_sees_assigned_creators_but_acts_on_nothing(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)  # the assistant is on her team
    role = agency_role(cast.assistant)
    assert get_representation_for_user(role, rep.public_id) == rep
    with pytest.raises(PermissionDenied):
        get_representation_for_user(role, rep.public_id, need="view_insights")
    client = login(cast.assistant)
    assert client.get(reverse("agencies:creator", args=[rep.public_id])).status_code == 200
    assert client.get(reverse("agencies:creator-invite")).status_code == 403


def test_assistant_granted_more_may_act(cast):
    from agencies.models import AgencyMembership

    AgencyMembership.objects.filter(user=cast.assistant).update(assistant_can_act=True)
    rep = Representation.objects.active().get(creator=cast.maya)
    role = agency_role(cast.assistant)
    assert get_representation_for_user(role, rep.public_id, need="negotiate") == rep


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
