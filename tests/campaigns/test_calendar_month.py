"""The calendar's month grid: deadlines per day in the user's time zone and language."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Offer
from deliverables.models import Deliverable
from tests.campaigns.test_list_query_counts import grow
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
URL = reverse("messaging:calendar")


def month_page(client, month: date | None = None) -> str:
    query = "?view=month" + (f"&month={month:%Y-%m}" if month else "")
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.text


def cell(page: str, day: date) -> str:
    """The HTML of one day's cell."""
    match = re.search(
        rf'<td[^>]*>\s*<time class="month__day" datetime="{day:%Y-%m-%d}">.*?</td>', page, re.S
    )
    assert match, day
    return match.group(0)


def test_a_deliverable_due_date_sits_in_its_day_and_links_to_it(cast, login, signed):
    item = signed.deliverables.order_by("number").first()
    page = month_page(login(cast.manager), item.due_date)
    day = cell(page, item.due_date)
    assert reverse("deliverables:deliverable", args=[item.public_id]) in day
    assert "Due: Summer glow #1 → @mayamoves" in day
    before = item.due_date - timedelta(days=1)
    if f'datetime="{before:%Y-%m-%d}"' in page:  # unless the grid starts on the due date
        assert "Summer glow #1" not in cell(page, before)
    assert '<th scope="col">' in page and "<caption>" in page
    # The brand sees it too; someone from another agency does not.
    assert "Summer glow #1" in month_page(login(cast.brand), item.due_date)
    assert "Summer glow #1" not in month_page(login(cast.lumen_manager), item.due_date)


def test_response_deadlines_link_to_their_offer(cast, login, offer):
    page = month_page(login(cast.manager), offer.response_deadline)
    day = cell(page, offer.response_deadline)
    assert reverse("campaigns:offer", args=[offer.public_id]) in day and "Answer by" in day


def test_today_is_marked_in_the_users_time_zone(cast, login):
    cast.manager.time_zone = "Pacific/Auckland"
    cast.manager.save()
    # 20:00 UTC on 31 March is already 1 April in Auckland.
    with time_machine.travel(datetime(2027, 3, 31, 20, 0, tzinfo=UTC), tick=False):
        page = month_page(login(cast.manager))
    assert "April 2027" in page
    assert 'aria-current="date"' in cell(page, date(2027, 4, 1))
    assert page.count('aria-current="date"') == 1


def test_previous_and_next_months_and_the_toggle(cast, login):
    page = month_page(login(cast.manager), date(2027, 1, 1))
    assert 'href="?view=month&amp;month=2026-12" rel="prev"' in page
    assert 'href="?view=month&amp;month=2027-02" rel="next"' in page
    assert f'href="{URL}"' in page  # back to the agenda
    assert '<h2 id="month-title">January 2027</h2>' in page
    # whole weeks, Sunday first in English: 27 December 2026 to 6 February 2027
    assert page.index('datetime="2026-12-27"') < page.index('datetime="2027-02-06"')
    assert re.search(r'<th scope="col"><abbr title="Sunday">Sun</abbr></th>', page)


def test_an_empty_month_says_so_and_a_bad_month_falls_back_to_this_one(cast, login):
    client = login(cast.manager)
    assert "No deadline this month." in month_page(client, date(2031, 7, 1))
    today = date.today()
    assert (
        f'datetime="{today.replace(day=1):%Y-%m-%d}"'
        in client.get(URL + "?view=month&month=2026-13").text
    )


def test_the_month_reads_in_french_with_monday_first(cast, login):
    cast.manager.language = "fr"
    cast.manager.save()
    page = month_page(login(cast.manager), date(2027, 4, 1))
    assert "avril 2027" in page
    headers = re.findall(r'<th scope="col"><abbr title="(\w+)">', page)
    assert headers[0] == "lundi" and headers[-1] == "dimanche"
    first = re.search(r'<time class="month__day" datetime="([\d-]+)"', page).group(1)
    assert first == "2027-03-29"  # the grid starts on Monday 29 March


def test_the_page_needs_a_login(anon):
    assert anon.get(URL + "?view=month").status_code == 302


def test_month_query_count_is_the_same_at_two_sizes(cast, login, campaign, signed):
    month = date.today().replace(day=1) + timedelta(days=40)
    month = month.replace(day=1)
    client = login(cast.owner)

    def spread():
        # every pending offer and deliverable due somewhere in that month
        for i, pk in enumerate(
            Offer.objects.filter(campaign=campaign).values_list("pk", flat=True)
        ):
            Offer.objects.filter(pk=pk).update(response_deadline=month + timedelta(days=i % 27))
        Deliverable.objects.filter(offer__campaign=campaign).update(due_date=month)

    grow(cast, campaign, 2)
    spread()
    client.get(URL + f"?view=month&month={month:%Y-%m}")
    small = count_queries(lambda: client.get(URL + f"?view=month&month={month:%Y-%m}"))
    grow(cast, campaign, 12)
    spread()
    page = month_page(client, month)
    assert page.count("month__event--response") >= 14
    assert count_queries(lambda: client.get(URL + f"?view=month&month={month:%Y-%m}")) == small
