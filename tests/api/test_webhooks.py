"""Webhooks: written to the outbox with the event (nothing for a rolled-back one), signed with
HMAC-SHA256, retried with backoff until the receiver answers 2xx, logged and re-sendable."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from api import actions as api_actions
from api import webhooks
from api.models import WebhookDelivery
from campaigns import actions as offer_actions
from tests.api.conftest import role_of

J = "application/json"


class Receiver:
    """A local HTTP endpoint that fails `failures` times, then answers 200; it checks each
    signature the way docs/api.md tells receivers to."""

    def __init__(self, failures=0):
        self.failures, self.calls, self.valid = failures, [], []
        self.secret = ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls.append((dict(self.headers), json.loads(raw)))
                outer.valid.append(
                    webhooks.verify_signature(
                        outer.secret,
                        self.headers["Talentdesk-Signature"],
                        self.headers["Talentdesk-Timestamp"],
                        raw,
                    )
                )
                status = 500 if len(outer.calls) <= outer.failures else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    made = []

    def make(failures=0):
        made.append(Receiver(failures))
        return made[-1]

    yield make
    for r in made:
        r.close()


def subscribe(cast, receiver, events=("offer.received", "offer.accepted")):
    endpoint = api_actions.create_endpoint(
        role_of(cast.brand, "brand"), actor=cast.brand, url=receiver.url, events=list(events)
    )
    receiver.secret = endpoint.secret
    return endpoint


def test_a_receiver_failing_twice_gets_exactly_one_successful_delivery(
    cast, offer, receiver, django_capture_on_commit_callbacks
):
    hook = receiver(failures=2)
    endpoint = subscribe(cast, hook)
    with django_capture_on_commit_callbacks(execute=True):
        offer_actions.accept_offer(
            offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
        )
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    for minutes in (1, 3):  # the tick, after each backoff
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes, seconds=5)):
            webhooks.send_due()
            webhooks.send_due()  # a second, overlapping tick sends nothing more
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)
    assert len(hook.calls) == 3 and all(hook.valid)
    assert WebhookDelivery.objects.filter(endpoint=endpoint, status="succeeded").count() == 1
    headers, payload = hook.calls[-1]
    assert payload["type"] == "offer.accepted" and payload["data"]["offer"]["status"] == "accepted"
    assert headers["Talentdesk-Event-Id"] == payload["id"] == str(delivery.event_id)


def test_the_signature_checks_out_and_a_tampered_body_does_not():
    import time

    now = int(time.time())
    header = webhooks.sign("whsec_test", now, b'{"a":1}')
    assert webhooks.verify_signature("whsec_test", header, str(now), b'{"a":1}')
    assert not webhooks.verify_signature("whsec_test", header, str(now), b'{"a":2}')
    assert not webhooks.verify_signature("whsec_other", header, str(now), b'{"a":1}')
    assert not webhooks.verify_signature("whsec_test", header, str(now - 3600), b'{"a":1}')


def test_no_delivery_for_an_event_that_rolled_back(cast, campaign, receiver):
    endpoint = subscribe(cast, receiver())
    with pytest.raises(RuntimeError), transaction.atomic():
        from tests.campaigns.conftest import terms

        offer_actions.send_offer(
            campaign,
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=cast.leo,
            terms=terms(),
        )
        assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1  # in the outbox
        raise RuntimeError
    assert not WebhookDelivery.objects.exists()


def test_the_agency_hears_about_offers_to_its_creators(
    cast, campaign, receiver, django_capture_on_commit_callbacks
):
    hook = receiver()
    endpoint = api_actions.create_endpoint(
        role_of(cast.owner, "agency"), actor=cast.owner, url=hook.url, events=["offer.received"]
    )
    hook.secret = endpoint.secret
    from tests.campaigns.conftest import terms

    with django_capture_on_commit_callbacks(execute=True):
        offer_actions.send_offer(
            campaign,
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=cast.maya,
            terms=terms(),
        )
        offer_actions.send_offer(
            offer_actions.create_campaign(
                cast.glowskin,
                actor=cast.brand,
                name="Other",
                budget=campaign.budget,
                currency="EUR",
                starts_on=campaign.starts_on,
                ends_on=campaign.ends_on,
            ),
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=cast.leo,
            terms=terms(),
        )
    assert [c[1]["data"]["offer"]["creator"] for c in hook.calls] == ["mayamoves"]  # not Lumen's
    assert all(hook.valid)


def test_giving_up_after_the_last_attempt_and_sending_again(
    cast, offer, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    hook = receiver(failures=99)
    endpoint = subscribe(cast, hook)
    with django_capture_on_commit_callbacks(execute=True):
        offer_actions.accept_offer(
            offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
        )
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        webhooks.send_due()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    hook.failures = 0
    with django_capture_on_commit_callbacks(execute=True):
        again = api_actions.resend_delivery(delivery, role=None, actor=cast.brand)
    again.refresh_from_db()
    assert again.status == "succeeded" and again.event_id == delivery.event_id


def test_private_addresses_and_plain_http_are_refused_by_default(cast, settings):
    from talentdesk.lib.errors import ActionError

    settings.WEBHOOK_ALLOW_PRIVATE = False
    for url in (
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.5/x",
        "ftp://example.com/x",
    ):
        with pytest.raises(ActionError):
            api_actions.create_endpoint(
                role_of(cast.brand, "brand"), actor=cast.brand, url=url, events=["offer.accepted"]
            )


def test_webhooks_through_the_api_and_the_page(
    cast, bearer, login, receiver, offer, django_capture_on_commit_callbacks
):
    hook = receiver()
    api = bearer(cast.brand, "brand")
    created = api.post(
        "/api/v1/webhooks", {"url": hook.url, "events": ["offer.accepted"]}, content_type=J
    )
    assert created.status_code == 201 and created.json()["secret"].startswith("whsec_")
    hook.secret = created.json()["secret"]
    assert "secret" not in api.get("/api/v1/webhooks").json()[0]
    with django_capture_on_commit_callbacks(execute=True):
        offer_actions.accept_offer(
            offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
        )
    log = api.get(f"/api/v1/webhooks/{created.json()['id']}/deliveries").json()
    assert log["count"] == 1 and log["results"][0]["status"] == "succeeded"
    page = login(cast.brand).get(f"/settings/webhooks/{created.json()['id']}/")
    assert page.status_code == 200 and b"offer.accepted" in page.content
    assert (
        login(cast.outsider_brand).get(f"/settings/webhooks/{created.json()['id']}/").status_code
        == 404
    )
    assert login(cast.creator).get("/settings/webhooks/").status_code == 404  # not their hat


def test_the_tick_command_sends_due_deliveries(
    cast, offer, receiver, capsys, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    hook = receiver(failures=1)
    endpoint = subscribe(cast, hook)
    with django_capture_on_commit_callbacks(execute=True):
        offer_actions.accept_offer(
            offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
        )
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("send-webhooks")
    assert "1 webhook delivery attempt(s)" in capsys.readouterr().out
    assert WebhookDelivery.objects.get(endpoint=endpoint).status == "succeeded"
