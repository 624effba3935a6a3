import pytest
from django.urls import reverse

from brands.models import Brand

pytestmark = pytest.mark.django_db


def test_user_creates_a_brand_in_a_category(outsider, login):
    client = login(outsider)
    response = client.post(
        reverse("brands:brand-create"), {"name": "Sunny Soda", "category": "food", "country": "us"}
    )
    assert response.status_code == 302
    assert Brand.objects.get(name="Sunny Soda").memberships.get().user == outsider
    assert "Creators in Food &amp; drink" in client.get("/").text


def test_brand_form_refuses_an_unknown_category(outsider, login):
    response = login(outsider).post(
        reverse("brands:brand-create"), {"name": "Sunny Soda", "category": "weapons"}
    )
    assert "Select a valid choice." in response.text
    assert not Brand.objects.filter(name="Sunny Soda").exists()
