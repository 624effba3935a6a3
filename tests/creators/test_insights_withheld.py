"""Insights the creator did not share are withheld everywhere with one answer and a line saying
why: the roster, the API's creator lists, the creator page and its charts, the offer page's
review aids."""

import re

import pytest
from django.urls import reverse

from access.models import Representation
from tests.api.conftest import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_insights(cast):
    """Maya withdraws view_insights (and manage_rates) from Northstar."""
    Representation.objects.filter(creator=cast.maya, status="active").update(
        scopes=["negotiate", "accept_offers", "message_brands", "manage_content"]
    )


def maya_row(html):
    return re.search(r"@mayamoves</strong>.*?</tr>", html, re.S).group(0)


def test_issue14_break5_the_roster_withholds_her_figures_and_says_why(cast, login, no_insights):
    """Issue #14, break 5: with view_insights withdrawn the roster still showed median views,
    engagement, growth and the rate; and sorting on a withheld figure would rank her by it."""
    html = login(cast.manager).get(reverse("agencies:roster")).text
    row = maya_row(html)
    assert row.count(">withheld<") == 2  # the three insights in one cell, the rate in another
    assert "%" not in row and " EUR" not in row  # no engagement, growth or rate figure
    assert "have not shared their insights" in html
    by_median = login(cast.manager).get(reverse("agencies:roster") + "?sort=-median").text
    table = by_median.split("<tbody>")[1].split("</tbody>")[0]
    handles = re.findall(r"<strong>(@[\w.]+)</strong>", table)
    assert handles[-1] == "@mayamoves"  # a withheld figure sorts like a missing one


def test_issue14_break5_the_api_withholds_her_metrics_with_the_reason(cast, bearer, no_insights):
    """Issue #14, break 5, by API: `GET /api/v1/creators` showed her 30-day metrics."""
    rows = body(bearer(cast.manager, "agency").get("/api/v1/creators?page_size=100"))["results"]
    maya = next(r for r in rows if r["handle"] == "mayamoves")
    assert maya["metrics"] is None
    assert maya["withheld"]["metrics"].startswith("The creator has not shared their insights")
    detail = body(bearer(cast.manager, "agency").get(f"/api/v1/creators/{cast.maya.public_id}"))
    assert detail["metrics"] is None and detail["rates"] == [] and "rates" in detail["withheld"]
    metrics = bearer(cast.manager, "agency").get(f"/api/v1/creators/{cast.maya.public_id}/metrics")
    assert metrics.status_code == 403 and "not shared their insights" in body(metrics)["message"]


def test_issue14_break5_the_offer_page_withholds_the_review_aids(cast, login, offer, no_insights):
    """Issue #14, break 5: the offer page's price against the rate card and audience match."""
    client = login(cast.manager)
    page = client.get(reverse("campaigns:offer", args=[offer.public_id])).text
    assert page.count("Withheld") == 2  # the rate card and the audience match
    assert "the rate card</strong>" not in page and "Matching share" not in page
    # The brand's payment record (loaded once the page is shown) is withheld as well, since her
    # grant has no view_earnings either.
    record = client.get(reverse("money:offer-brand-record", args=[offer.public_id])).text
    assert "Withheld" in record and "not shared their earnings" in record


def test_issue14_break5_the_creator_page_and_its_charts_give_one_answer(cast, login, no_insights):
    """Issue #14, break 5: an assistant saw the creator page while every chart answered 403;
    now the page and its charts answer alike: shown when granted, withheld when not."""
    page_url = reverse("creators:creator", args=[cast.maya.public_id])
    chart = reverse("creators:creator-chart", args=[cast.maya.public_id, "followers"])
    for user in (cast.manager, cast.assistant):
        client = login(user)
        page = client.get(page_url).text
        assert "Insights withheld" in page and chart not in page
        refused = client.get(chart)
        assert refused.status_code == 403
        assert "not shared their insights" in refused.text
    Representation.objects.filter(creator=cast.maya, status="active").update(
        scopes=["view_insights"]
    )
    client = login(cast.assistant)
    assert chart in client.get(page_url).text and client.get(chart).status_code == 200


def test_the_withheld_lines_speak_french_too(cast, login, no_insights):
    cast.manager.language = "fr"
    cast.manager.save(update_fields=["language"])
    page = login(cast.manager).get(reverse("creators:creator", args=[cast.maya.public_id])).text
    assert "Statistiques non partagées" in page
    assert "pas partagé ses statistiques avec votre agence" in page


def test_the_rate_card_partial_gives_the_pages_answer(cast, login, no_insights):
    url = reverse("creators:creator", args=[cast.maya.public_id])
    partial = login(cast.manager).get(url, headers={"HX-Request": "true", "HX-Target": "rate-card"})
    assert "Withheld" in partial.text and "No rates yet." not in partial.text
