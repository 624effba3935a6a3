"""Bad input gets a clear 4xx or a message next to its field, never a 500, and changes nothing."""

import pytest
from django.urls import reverse

from deliverables import actions
from tests.api.conftest import body
from tests.api.test_deal_flow import terms_json
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.mark.parametrize("version", ["abc", "", "-1", "1e9", "99999999999999999999"])
def test_issue14_break10_a_mangled_version_on_the_offer_page_is_a_400(cast, offer, login, version):
    """Issue #14, break 10: `POST /offers/<id>/` with `version=abc` was a 500."""
    url = reverse("campaigns:offer", args=[offer.public_id])
    response = login(cast.manager).post(
        url, {"verb": "accept_creator", "version": version, "confirmed": "on"}
    )
    assert response.status_code == 400
    assert "reload the page and retry" in response.text
    offer.refresh_from_db()
    assert (offer.status, offer.version) == ("offered", 1)


def test_issue14_break10_a_lone_surrogate_in_an_api_body_is_a_422(cast, offer, bearer):
    """Issue #14, break 10: an API counter with `exclusivity_categories: ["\\ud800"]` was a 500
    (no database stores half a character)."""
    raw = (
        '{"seen_version": 1, "terms": '
        + __import__("json").dumps(terms_json() | {"exclusivity_categories": ["XX"]})
        + "}"
    ).replace('"XX"', '"\\ud800"')
    response = bearer(cast.manager, "agency").post(
        f"/api/v1/offers/{offer.public_id}/counter", raw, content_type=J
    )
    assert response.status_code == 422, response.content
    assert "terms.exclusivity_categories" in body(response)["fields"]
    note = bearer(cast.manager, "agency").post(
        f"/api/v1/offers/{offer.public_id}/messages", '{"body": "hi \\udfff"}', content_type=J
    )
    assert note.status_code == 422
    offer.refresh_from_db()
    assert offer.version == 1


def test_issue14_break10_an_enormous_view_count_is_a_field_error(cast, signed, login, bearer):
    """Issue #14, break 10: "Mark as posted" with views 99999999999999999999 was a 500
    (OverflowError); it is a message next to the field, and a 422 on the API."""
    item = signed.deliverables.order_by("number").first()
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    actions.submit_draft(item, link="https://drive.example.com/v1", **creator)
    actions.give_feedback(
        item, role=role_of(cast.brand, "brand"), actor=cast.brand, body="", kind="approval"
    )
    url = reverse("deliverables:deliverable", args=[item.public_id])
    video = "https://www.tiktok.com/@mayamoves/video/7312345678901234567"
    response = login(cast.creator).post(
        url, {"step": "posted", "url": video, "first_views": "99999999999999999999"}
    )
    assert response.status_code == 200 and "less than or equal to" in response.text
    api = bearer(cast.creator, "creator").post(
        f"/api/v1/deliverables/{item.public_id}/posted",
        '{"url": "' + video + '", "first_views": 99999999999999999999}',
        content_type=J,
    )
    assert api.status_code == 422 and "first_views" in body(api)["fields"]
    item.refresh_from_db()
    assert item.status == "approved"
