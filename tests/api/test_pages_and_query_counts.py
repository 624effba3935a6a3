"""The token and webhook pages, and the API's list operations: empty states, French, and query
counts equal at two data sizes (constant in data size)."""

import pytest

from api import actions as api_actions
from api.models import WebhookDelivery
from campaigns import actions
from creators.models import CreatorProfile
from tests.api.conftest import role_of, terms
from tests.helpers import count_queries


def test_empty_states_then_rows(cast, login):
    client = login(cast.brand)
    assert "No token yet" in client.get("/settings/tokens/").content.decode()
    assert "No endpoint yet" in client.get("/settings/webhooks/").content.decode()


def test_the_token_page_speaks_french(cast, login):
    cast.brand.language = "fr"
    cast.brand.save()
    page = login(cast.brand).get("/settings/tokens/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Jetons d’API" in page.content.decode() or "Jetons d'API" in page.content.decode()


def test_token_and_webhook_pages_query_counts_do_not_grow(cast, login, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    client = login(cast.brand)
    key = role_of(cast.brand, "brand").key
    api_actions.create_token(cast.brand, name="one", scope="read", role_key=key)
    endpoint = api_actions.create_endpoint(
        role_of(cast.brand, "brand"),
        actor=cast.brand,
        url="http://127.0.0.1:9/a",
        events=["offer.accepted"],
    )

    def deliveries(n):
        WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=endpoint, event="offer.accepted", payload={}) for _ in range(n)
        )

    deliveries(1)
    urls = ["/settings/tokens/", "/settings/webhooks/", f"/settings/webhooks/{endpoint.public_id}/"]
    small = [count_queries(lambda u=u: client.get(u)) for u in urls]
    for i in range(8):
        api_actions.create_token(cast.brand, name=f"t{i}", scope="read", role_key=key)
        api_actions.create_endpoint(
            role_of(cast.brand, "brand"),
            actor=cast.brand,
            url=f"http://127.0.0.1:9/{i}",
            events=["offer.accepted"],
        )
    deliveries(20)
    assert [count_queries(lambda u=u: client.get(u)) for u in urls] == small


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/offers",
        "/api/v1/creators",
        "/api/v1/notifications",
        "/api/v1/representations",
        "/api/v1/audit-events",
    ],
)
def test_api_lists_query_counts_do_not_grow(cast, bearer, campaign, path):
    client = bearer(cast.owner, "agency")

    def grow(n):
        creators = CreatorProfile.objects.filter(
            representations__agency=cast.northstar, representations__status="active"
        ).exclude(offers__campaign=campaign)[:n]
        for creator in creators:
            actions.send_offer(
                campaign,
                role=role_of(cast.brand, "brand"),
                actor=cast.brand,
                creator=creator,
                terms=terms(),
            )

    grow(2)
    client.get(path)  # the token's first use writes its last-used time
    small = count_queries(lambda: client.get(path))
    grow(10)
    assert count_queries(lambda: client.get(path)) == small
    assert small <= 15


def test_the_interactive_reference_is_served_from_our_own_static_files(cast, login):
    from django.contrib.staticfiles import finders

    page = login(cast.brand).get("/api/v1/docs").content.decode()
    assert "ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
