"""Issue 21: the ICS feed is a valid RFC 5545 calendar even with nothing in it."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from icalendar import Calendar

from messaging import actions, agenda

pytestmark = pytest.mark.django_db


def test_21_empty_ics_feed_is_valid(outsider, anon):
    token = actions.new_calendar_feed(outsider)
    response = anon.get(reverse("messaging:feed", args=[token]))
    assert response.status_code == 200
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)

    calendar = Calendar.from_ical(response.content)
    assert not calendar.walk("VEVENT")
    assert len(calendar.subcomponents) >= 1  # RFC 5545: icalbody = calprops 1*component
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "UTC"
    (standard,) = zone.walk("STANDARD")
    for required in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
        assert required in standard
    assert zone.to_tz().utcoffset(None).total_seconds() == 0


def test_21_a_feed_with_events_gets_no_time_zone(cast):
    offer = SimpleNamespace(public_id="abc")
    event = {"kind": "offer", "offer": offer, "title": "Deal", "day": date(2026, 12, 24)}
    calendar = Calendar.from_ical(agenda.ics(cast.manager, [event]))
    assert len(calendar.walk("VEVENT")) == 1
    assert not calendar.walk("VTIMEZONE")
