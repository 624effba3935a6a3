"""My numbers (issue 19): the creator sees her own insights — the figures her agency sees on the
creator page — whatever she granted the agency, none included."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from access.models import Representation
from access.scopes import Scope
from creators.models import Video
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
URL = reverse("creators:my-numbers")
# Her representation, the insights (metrics, rates, history, audience, source figures), her
# categories and other platforms, and the request's own (session, user, hats), at any size.
PAGE_QUERIES = 14


@pytest.mark.parametrize(
    "scopes",
    [[], [Scope.VIEW_INSIGHTS], [Scope.MANAGE_RATES], [Scope.NEGOTIATE, Scope.MESSAGE_BRANDS]],
    ids=["none", "insights", "rates", "negotiate+message"],
)
def test_19_creator_sees_her_numbers_with_any_scopes(cast, login, scopes):
    Representation.objects.active().filter(creator=cast.maya).update(scopes=list(scopes))
    response = login(cast.creator).get(URL)
    assert response.status_code == 200
    text = response.text
    expected = [
        "My numbers",
        "At a glance",
        "Median views",
        "Engagement rate",
        "Audience",
        "Snapshot of",
        "Rate history",
        "Video series of 3",
        "Suggested video rate",
    ]
    assert [e for e in expected if e not in text] == []
    assert "withheld" not in text.lower()
    chart = reverse("creators:creator-chart", args=[cast.maya.public_id, "followers"])
    assert chart in text
    answer = login(cast.creator).get(chart)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"


def test_19_her_numbers_are_the_agencys_figures(cast, login):
    mine = login(cast.creator).get(URL + "?window=90").text
    agency = (
        login(cast.manager)
        .get(reverse("creators:creator", args=[cast.maya.public_id]) + "?window=90")
        .text
    )
    start = '<dl class="facts">'
    assert (
        mine[mine.index(start) :].split("</dl>")[0]
        == agency[agency.index(start) :].split("</dl>")[0]
    )


def test_19_a_creator_without_an_agency_gets_the_default_benchmark(cast, login):
    Representation.objects.filter(creator=cast.maya).delete()
    text = login(cast.creator).get(URL).text
    assert "Suggested video rate" in text and "benchmark CPM 20.00" in text


def test_19_another_creators_charts_stay_out_of_reach(cast, login):
    chart = reverse("creators:creator-chart", args=[cast.maya.public_id, "followers"])
    assert login(cast.creator2).get(chart).status_code == 404
    assert login(cast.brand).get(URL).status_code == 404


def test_19_my_numbers_is_in_her_navigation(cast, login):
    assert f'href="{URL}"' in login(cast.creator).get(reverse("home")).text


def test_19_my_numbers_query_count_is_pinned(cast, login):
    def add(n, offset):
        Video.objects.bulk_create(
            Video(
                creator=cast.maya,
                video_id=f"n{offset + i}",
                views=1000 + i,
                likes=i,
                comments=1,
                shares=1,
                posted_at=datetime.now(UTC) - timedelta(hours=i % 600),
            )
            for i in range(n)
        )

    client = login(cast.creator)
    url = URL + "?fit=1&countries=GB"
    add(10, 0)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    add(990, 10)
    assert small == count_queries(lambda: client.get(url)) == PAGE_QUERIES
