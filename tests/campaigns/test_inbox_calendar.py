import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from messaging import actions as messaging_actions
from messaging.actions import post_message
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db


def test_inbox_lists_what_waits_on_my_side_oldest_first(cast, login, offer):
    page = login(cast.manager).get(reverse("messaging:inbox")).text
    assert "Summer glow" in page  # the brand's offer waits on the creator's side
    post_message(
        offer, role=role_of(cast.manager, "agency"), actor=cast.manager, body="Question about dates"
    )
    brand_page = login(cast.brand).get(reverse("messaging:inbox")).text
    assert "A message to answer" in brand_page


def test_calendar_and_ics_feed_with_a_revocable_token(cast, login, signed):
    client = login(cast.manager)
    page = client.get(reverse("messaging:calendar")).text
    assert "Summer glow" in page and "Due" in page
    response = client.post(reverse("messaging:calendar"), {"action": "new"})
    token = re.search(r"/notifications/calendar/([\w-]+)\.ics", response.text).group(1)
    feed = client.get(reverse("messaging:feed", args=[token]))
    calendar = Calendar.from_ical(feed.content)
    summaries = [str(e.get("summary")) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Due: Summer glow") for s in summaries)
    assert len({str(e.get("uid")) for e in calendar.walk("VEVENT")}) == len(summaries)
    messaging_actions.revoke_calendar_feeds(cast.manager)
    assert client.get(reverse("messaging:feed", args=[token])).status_code == 404
    assert client.get(reverse("messaging:feed", args=["forged-token"])).status_code == 404
