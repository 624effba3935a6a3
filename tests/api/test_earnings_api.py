"""GET /api/v1/earnings (issue 16): the earnings pages' figures by creator, brand or month over a
period, one row per currency, money as decimal strings; the same decision as the pages."""

import pytest

from access.models import Representation
from api import actions as api_actions
from money import earnings
from money.earnings import By, Period
from tests.api.conftest import api_client, role_of
from tests.money.test_earnings import invoice_upfront, signed_deal  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
URL = "/api/v1/earnings"


def bearer(user, kind):
    key = "creator" if kind == "creator" else role_of(user, kind).key
    return api_client(api_actions.create_token(user, name="t", scope="read", role_key=key)[1])


def test_by_creator_gives_the_pages_figures_as_decimal_strings(cast, signed_deal):  # noqa: F811
    invoice_upfront(cast, signed_deal())
    invoice_upfront(cast, signed_deal("2000.00", "JPY"))
    body = bearer(cast.owner, "agency").get(URL).json()
    assert body["by"] == "creator"
    page = earnings.earnings(role_of(cast.owner, "agency"), By.CREATOR, Period.default())
    maya = {r["currency"]: r for r in body["results"] if r["key"] == str(cast.maya.public_id)}
    eur = next(r for r in page.rows if r.key == str(cast.maya.public_id) and r.currency == "EUR")
    assert maya["EUR"]["label"] == "@mayamoves"
    assert maya["EUR"]["paid"] == f"{eur.figures.paid:.2f}"
    assert maya["EUR"]["creator_net"] == f"{eur.figures.net:.2f}"
    assert "." not in maya["JPY"]["paid"]  # yen have no decimals
    assert {t["currency"] for t in body["totals"]} >= {"EUR", "JPY"}


def test_by_month_and_by_brand_over_a_period(cast, signed_deal):  # noqa: F811
    invoice_upfront(cast, signed_deal())
    client = bearer(cast.creator, "creator")
    month = client.get(URL, {"by": "month", "from": "2021-01-01", "to": "2030-12-31"}).json()
    assert month["period"] == {"start": "2021-01-01", "end": "2030-12-31"}
    assert all(len(r["key"]) == 7 and r["label"] == r["key"] for r in month["results"])
    brands = client.get(URL, {"by": "brand", "page_size": 1}).json()
    assert len(brands["results"]) == 1 and brands["count"] >= 1
    empty = client.get(URL, {"from": "2001-01-01", "to": "2001-01-31"}).json()
    assert empty["results"] == [] and empty["totals"] == []


def test_a_wrong_period_or_grouping_is_422(cast):
    client = bearer(cast.creator, "creator")
    late = client.get(URL, {"from": "2026-05-01", "to": "2026-01-01"})
    assert late.status_code == 422 and "from" in late.json()["fields"]
    assert client.get(URL, {"by": "planet"}).status_code == 422
    assert client.get(URL, {"from": "yesterday"}).status_code == 422
    assert client.get(URL, {"to": "0"}).status_code == 422  # not a Unix time
    assert client.get(URL, {"to": "0001-01-01"}).status_code == 422
    assert client.get(URL, {"from": "2026-01-01", "to": "9999-12-31"}).status_code == 422


def test_brands_and_staff_without_any_shared_earnings_get_403(cast):
    for user in (cast.brand, cast.outsider_brand):
        refused = bearer(user, "brand").get(URL)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    Representation.objects.filter(agency=cast.northstar).update(scopes=["view_insights"])
    refused = bearer(cast.manager, "agency").get(URL)
    assert refused.status_code == 403
    assert "shares their earnings" in refused.json()["message"]


def test_no_other_tenant_sees_her_figures(cast, signed_deal):  # noqa: F811
    invoice_upfront(cast, signed_deal())
    for user, kind in (
        (cast.lumen_owner, "agency"),
        (cast.manager2, "agency"),
        (cast.creator2, "creator"),
    ):
        body = bearer(user, kind).get(URL).json()
        assert str(cast.maya.public_id) not in str(body)
        assert "@mayamoves" not in str(body)


def test_anonymous_callers_get_401(anon):
    assert anon.get(URL).status_code == 401
