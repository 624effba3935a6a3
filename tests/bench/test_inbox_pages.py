"""The inbox reads a page at a time after a cursor: walking the pages gives every waiting item
once, oldest first."""

import re

import pytest
from django.urls import reverse

from access.hats import roles_for
from accounts.models import User
from bench.generate import agency_slug, owner_email
from messaging import agenda, views
from tests.bench.test_generated_data import fresh

pytestmark = pytest.mark.django_db


def test_walking_the_inbox_pages_lists_every_waiting_item_once_in_order(client, monkeypatch):
    fresh(30)
    owner = User.objects.get(email=owner_email(agency_slug(0)))
    everything = [(row["kind"], row["offer_pk"]) for row in agenda.waiting_on(roles_for(owner)[0])]
    assert len(everything) > 12
    monkeypatch.setattr(views, "INBOX_PAGE", 5)
    client.force_login(owner)
    seen, url = [], reverse("messaging:inbox")
    while url:
        page = client.get(url).text
        seen += re.findall(r'href="/(offers|notifications/offers)/([0-9a-f-]+)/"', page)
        more = re.search(r'href="\?after=([^"]+)" rel="next"', page)
        url = reverse("messaging:inbox") + "?after=" + more.group(1) if more else None
    from campaigns.models import Offer

    by_public = {str(o.public_id): o.pk for o in Offer.objects.all()}
    walked = [("offer" if kind == "offers" else "message", by_public[uid]) for kind, uid in seen]
    assert walked == everything
