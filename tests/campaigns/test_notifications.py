import pytest
from django.urls import reverse

from campaigns import actions
from messaging.models import Notification
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db


def test_each_step_notifies_the_other_side_only(cast, login, offer):
    # The brand sent the offer: the creator and Northstar staff on her are told, the brand not.
    told = set(Notification.objects.filter(offer=offer).values_list("user__email", flat=True))
    assert {
        "creator@creators.example",
        "manager@northstar.example",
        "owner@northstar.example",
    } <= told
    assert "brand@glowskin.example" not in told and "manager@lumen.example" not in told
    actions.decide_offer(
        offer,
        "decline_creator",
        role=role_of(cast.manager, "agency"),
        actor=cast.manager,
        reason="Busy",
    )
    latest = Notification.objects.filter(offer=offer).latest("id")
    assert latest.user.email in {"brand@glowskin.example", "camille@glowskin.example"}
    page = login(cast.brand).get(reverse("messaging:notifications")).text
    assert "Offer declined" in page and "Marco Bianchi" in page
    login(cast.brand).post(reverse("messaging:mark-read"))
    assert not Notification.objects.filter(user=cast.brand, read_at__isnull=True).exists()


def test_notifications_are_private(cast, login, offer):
    page = login(cast.lumen_owner).get(reverse("messaging:notifications")).text
    assert reverse("campaigns:offer", args=[offer.public_id]) not in page
    assert "@mayamoves" not in page
