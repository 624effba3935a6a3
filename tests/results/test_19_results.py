"""Campaign results (issue 19): spend, posts, views, engagement, CPM and CPV per deal and per
currency, from the imported videos the posted deliverables name; refused to outsiders."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from money.models import DealMoney
from results.queries import Source, Timing, campaign_report, deal_report
from tests.campaigns.conftest import role_of
from tests.helpers import count_queries
from tests.results.conftest import import_video, post

pytestmark = pytest.mark.django_db
# The campaign results page's queries, whatever its number of deals: session and user, role,
# campaign, its deals, deal money, invoices, deliverables, videos, and the page's own.
PINNED = 11

MAYA_1, MAYA_2, LEO_1, THIRD_1 = (
    "7400000000000000001",
    "7400000000000000002",
    "7400000000000000003",
    "7400000000000000004",
)


@pytest.fixture
def three(cast, third, campaign_of, make_deal):
    """Maya (EUR 1,500, two videos: one imported, one with typed views only), Leo (EUR 900,
    imported) and a third creator whose deal was signed in USD (2,000, imported)."""
    campaign = campaign_of()
    maya = make_deal(campaign, cast.maya, cast.creator, "1500", videos=2)
    leo = make_deal(campaign, cast.leo, cast.creator2, "900")
    other = make_deal(campaign, third, third.user, "2000")
    # A campaign holds one currency today; the results never assume it (no rate is invented).
    DealMoney.objects.filter(offer=other).update(currency="USD")
    post(maya, cast.creator, 1, MAYA_1, views=1000)
    post(maya, cast.creator, 2, MAYA_2, views=30000)
    post(leo, cast.creator2, 1, LEO_1)
    post(other, third.user, 1, THIRD_1)
    import_video(cast.maya, MAYA_1, views=120000, likes=9000, comments=450, shares=300)
    import_video(cast.leo, LEO_1, views=45000, likes=2000, comments=100, shares=50)
    import_video(third, THIRD_1, views=80000, likes=5000, comments=250, shares=125)
    return campaign, maya, leo, other


def q(value, places):
    return value.quantize(Decimal(places), ROUND_HALF_UP)


def test_19_cpm_cpv_and_engagement_rate_equal_an_independent_computation(cast, three):
    campaign, maya, leo, other = three
    report = campaign_report(role_of(cast.brand, "brand"), campaign.public_id)
    totals = {t.money.currency: t for t in report.totals}
    assert sorted(totals) == ["EUR", "USD"]  # per currency, never converted

    # EUR: Maya's two posts (120,000 imported + 30,000 typed views) and Leo's 45,000.
    eur_spend, eur_views = Decimal(1500 + 900), 120000 + 30000 + 45000
    eur_engagements = (9000 + 450 + 300) + (2000 + 100 + 50)
    eur_engaged_views = 120000 + 45000  # the typed figure has no engagements
    eur = totals["EUR"]
    assert eur.deals == 2
    assert eur.money.committed == eur_spend
    assert eur.performance.views == eur_views
    assert eur.performance.engagements == eur_engagements
    assert eur.performance.rate == q(Decimal(eur_engagements) / eur_engaged_views, "0.000001")
    assert eur.cpm == q(eur_spend * 1000 / eur_views, "0.01")
    assert eur.cpv == q(eur_spend / eur_views, "0.0001")

    usd = totals["USD"]
    assert (usd.deals, usd.money.committed, usd.performance.views) == (1, Decimal(2000), 80000)
    assert usd.performance.rate == q(Decimal(5000 + 250 + 125) / 80000, "0.000001")
    assert usd.cpm == Decimal("25.00") and usd.cpv == Decimal("0.0250")

    deals = {d.offer.pk: d for d in report.deals}
    mine = deals[maya.pk]
    assert mine.cpm == q(Decimal(1500) * 1000 / 150000, "0.01")
    assert mine.performance.rate == q(Decimal(9750) / 120000, "0.000001")
    first, second = mine.items
    # The imported video wins over the 1,000 typed at "Mark as posted", dated by its import.
    assert (first.views, first.source, first.engagements) == (120000, Source.IMPORTED, 9750)
    assert first.as_of is not None and first.detail == "tiktok-business"
    assert (second.views, second.source, second.engagements) == (30000, Source.ENTERED, None)
    assert second.as_of == second.deliverable.posted_at
    assert report.timings[Timing.ON_TIME] == 4


def test_19_a_refreshed_import_feeds_the_results(cast, three):
    campaign, maya, *_rest = three
    import_video(cast.maya, MAYA_1, views=200000, likes=10000, comments=500, shares=500)
    report = deal_report(role_of(cast.brand, "brand"), maya.public_id)
    assert report.deals[0].items[0].views == 200000
    assert report.deals[0].performance.views == 230000


def test_19_the_page_shows_totals_per_currency(cast, three, login):
    campaign, *_deals = three
    page = login(cast.brand).get(reverse("results:campaign", args=[campaign.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2,400.00 EUR" in text and "2,000.00 USD" in text
    assert "25.00 USD" in text  # the USD deal's CPM
    campaign_page = login(cast.brand).get(reverse("campaigns:campaign", args=[campaign.public_id]))
    assert reverse("results:campaign", args=[campaign.public_id]) in campaign_page.content.decode()


def test_19_results_are_refused_to_another_brand(cast, three, login):
    campaign, maya, *_rest = three
    client = login(cast.outsider_brand)
    for url in (
        reverse("results:campaign", args=[campaign.public_id]),
        reverse("results:chart", args=[campaign.public_id]),
        reverse("results:campaign-export", args=[campaign.public_id, "xlsx"]),
        reverse("results:deal", args=[maya.public_id]),
        reverse("results:deal-export", args=[maya.public_id, "pdf"]),
    ):
        assert client.get(url).status_code == 404, url


def test_19_an_agency_sees_only_its_own_deals(cast, three, login):
    """Lumen represents Leo: his deal's results, not Maya's (404), and in the campaign's
    results only his deal."""
    campaign, maya, leo, _other = three
    client = login(cast.lumen_manager)
    assert client.get(reverse("results:deal", args=[maya.public_id])).status_code == 404
    assert client.get(reverse("results:deal", args=[leo.public_id])).status_code == 200
    report = campaign_report(role_of(cast.lumen_manager, "agency"), campaign.public_id)
    assert [d.offer.creator.handle for d in report.deals] == ["leo.eats"]


def test_19_an_agency_without_a_deal_in_the_campaign_gets_404(cast, campaign_of, make_deal, login):
    campaign = campaign_of("Maya only")
    offer = make_deal(campaign, cast.maya, cast.creator, "1200")
    client = login(cast.lumen_manager)
    assert client.get(reverse("results:campaign", args=[campaign.public_id])).status_code == 404
    assert client.get(reverse("results:deal", args=[offer.public_id])).status_code == 404
    assert (
        login(cast.manager).get(reverse("results:deal", args=[offer.public_id])).status_code == 200
    )


def test_19_the_creator_sees_her_own_deal_and_its_link(cast, three, login):
    _campaign, maya, leo, _other = three
    client = login(cast.creator)
    assert client.get(reverse("results:deal", args=[maya.public_id])).status_code == 200
    assert client.get(reverse("results:deal", args=[leo.public_id])).status_code == 404
    offer_page = client.get(reverse("campaigns:offer", args=[maya.public_id])).content.decode()
    assert reverse("results:deal", args=[maya.public_id]) in offer_page


def test_19_the_results_page_runs_the_same_queries_for_one_deal_or_three(
    cast, three, campaign_of, make_deal, login
):
    small = campaign_of("Small")
    one = make_deal(small, cast.maya, cast.creator, "500")
    post(one, cast.creator, 1, "7400000000000000099", views=10)
    import_video(cast.maya, "7400000000000000099", views=50, likes=1, comments=1, shares=1)
    client = login(cast.brand)
    client.get(reverse("results:campaign", args=[small.public_id]))  # warm the session

    def page(campaign):
        def get():
            assert (
                client.get(reverse("results:campaign", args=[campaign.public_id])).status_code
                == 200
            )

        return get

    one_deal, three_deals = count_queries(page(small)), count_queries(page(three[0]))
    assert one_deal == three_deals == PINNED


def test_19_the_xlsx_neutralises_formulas_and_the_pdf_renders(cast, campaign_of, make_deal, login):
    from io import BytesIO

    from openpyxl import load_workbook

    campaign = campaign_of('=HYPERLINK("http://x.example","y")')
    offer = make_deal(campaign, cast.maya, cast.creator, "1500")
    post(offer, cast.creator, 1, MAYA_1, views=3000)
    client = login(cast.brand)
    response = client.get(reverse("results:campaign-export", args=[campaign.public_id, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][4] == 1500  # committed, a number
    pdf = client.get(reverse("results:campaign-export", args=[campaign.public_id, "pdf"]))
    assert pdf.status_code in (200, 302)  # 302: this machine has no WeasyPrint libraries
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")
