"""The offer page's usage-rights card and its one-click renewal."""

import pytest
from django.urls import reverse

from campaigns.models import Offer
from campaigns.transitions import OfferStatus

pytestmark = pytest.mark.django_db


def test_the_card_shows_the_windows_and_the_creator_side_renews_in_one_click(cast, login, signed):
    page = reverse("campaigns:offer", args=[signed.public_id])
    manager = login(cast.manager)
    html = manager.get(page).content.decode()
    assert "Usage rights" in html and "Offer a renewal" in html and 'value="1500.00"' in html
    brand_html = login(cast.brand).get(page).content.decode()
    assert "Usage rights" in brand_html and "Offer a renewal" not in brand_html
    response = manager.post(reverse("campaigns:renew", args=[signed.public_id]), {"price": "1200"})
    renewal = Offer.objects.get(renews=signed)
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("campaigns:offer", args=[renewal.public_id])
    )
    assert renewal.status == OfferStatus.COUNTERED_BY_CREATOR
    html = manager.get(page).content.decode()
    assert "A renewal is open" in html and "Offer a renewal" not in html


def test_a_bad_price_changes_nothing_and_says_why(cast, login, signed):
    response = login(cast.creator).post(
        reverse("campaigns:renew", args=[signed.public_id]), {"price": "-3"}, follow=True
    )
    assert not Offer.objects.filter(renews=signed).exists()
    assert "greater than or equal to 0.01" in response.content.decode()


def test_in_french(cast, login, signed):
    client = login(cast.manager)
    client.post(reverse("accounts:language"), {"language": "fr"})
    html = client.get(reverse("campaigns:offer", args=[signed.public_id])).content.decode()
    assert "Droits d'usage" in html
