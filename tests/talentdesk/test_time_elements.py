"""Every `<time datetime>` of the crawl is a valid HTML date or date-and-time (issue 18: `|date:'c'`
gave microseconds, which the W3C validator refuses, 171 errors)."""

import re

import pytest

from tests.talentdesk.test_page_crawl import pages_for

pytestmark = pytest.mark.django_db
DATETIME = re.compile(r'<time[^>]*\bdatetime="([^"]*)"')
VALID = re.compile(
    r"^\d{4}-\d{2}(-\d{2})?$"  # a month or a day
    r"|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$"  # a moment
)


def test_18_every_time_element_carries_a_valid_datetime(cast, login):
    checked, bad = 0, {}
    for user, urls in pages_for(cast).items():
        client = login(user)
        for url in urls:
            for value in DATETIME.findall(client.get(url).text):
                checked += 1
                if not VALID.match(value):
                    bad.setdefault(value, url)
    assert checked > 20 and bad == {}


def test_a_moment_in_an_ambiguous_hour_keeps_its_offset():
    """Paris, 2026-10-25 02:27: the clocks went back, so that hour happened twice and Django's
    `O` printed no offset (the roster's "Since" failed the crawl above that day). Moments are
    written in UTC: `|utc|date:'Y-m-d\\TH:i:s\\Z'`."""
    from datetime import UTC, datetime
    from pathlib import Path

    from django.template import Context, Template
    from django.utils import timezone

    moment = datetime(2026, 10, 25, 0, 27, 40, tzinfo=UTC)  # 02:27:40 in Paris, first time
    template = Template("{% load tz %}{{ when|utc|date:'Y-m-d\\TH:i:s\\Z' }}")
    with timezone.override("Europe/Paris"):
        assert template.render(Context({"when": moment})) == "2026-10-25T00:27:40Z"
    templates = Path(__file__).resolve().parents[2] / "templates"
    local = [p.name for p in templates.rglob("*.html") if "H:i:sO" in p.read_text()]
    assert local == []
