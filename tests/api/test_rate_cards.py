"""A creator's rate card is private unless she marks it public (SPEC §2, §9)."""

import pytest
from django.urls import reverse

from tests.api.conftest import body

pytestmark = pytest.mark.django_db


def test_issue14_break6_brands_do_not_get_her_rate_card_until_she_makes_it_public(
    cast, bearer, login
):
    """Issue #14, break 6: `GET /api/v1/creators/{id}` gave every brand the full rate card of
    every listed creator; it is private by default, public when she says so on her profile."""
    brand = bearer(cast.outsider_brand, "brand")
    path = f"/api/v1/creators/{cast.maya.public_id}"
    private = body(brand.get(path))
    assert private["rates"] == [] and private["withheld"]["rates"]
    assert private["metrics"]["rate_from"] is None  # the cheapest line is the card too
    assert private["metrics"]["median_views"] is not None  # performance is public
    listed = body(brand.get("/api/v1/creators?q=mayamoves"))["results"][0]
    assert listed["metrics"]["rate_from"] is None and "rates" in listed["withheld"]

    creator = login(cast.creator)
    form = creator.get(reverse("creators:profile-edit")).text
    assert (
        'name="rates_public"' in form and "checked" not in form.split('name="rates_public"')[1][:40]
    )
    creator.post(
        reverse("creators:profile-edit"),
        {
            "display_name": cast.maya.display_name,
            "country": cast.maya.country,
            "is_listed": "on",
            "rates_public": "on",
        },
    )
    public = body(brand.get(path))
    assert public["rates"] and "rates" not in public["withheld"]
    assert public["metrics"]["rate_from"] is not None


def test_her_agency_sees_the_rate_card_whatever_the_setting(cast, bearer):
    detail = body(bearer(cast.manager, "agency").get(f"/api/v1/creators/{cast.maya.public_id}"))
    assert detail["rates"] and detail["withheld"] == {}
