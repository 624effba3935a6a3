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
