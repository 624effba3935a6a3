"""Invoices through the API: a signed deal's milestones, drafted and issued by Northstar for Maya,
paid by GlowSkin in two parts; filters and pages; refusals that change nothing; replayed
retries; and who sees what (the brand never the commission, staff only with view_earnings)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from access.models import AuditEvent, AuditEventType, Representation
from campaigns import actions as offer_actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from deliverables import actions as work
from money import actions
from money.models import Invoice, Payment
from tests.api.conftest import body, role_of, terms
from tests.api.test_invoice_webhooks import without_earnings
from tests.helpers import count_queries

J = "application/json"
pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(cast, bearer):
    return {
        "manager": bearer(cast.manager, "agency"),
        "brand": bearer(cast.brand, "brand"),
        "creator": bearer(cast.creator, "creator"),
    }


@pytest.fixture
def complete(cast):
    """complete(offer): every deliverable approved, posted and verified: the rest falls due."""
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}

    def run(offer):
        for n, item in enumerate(offer.deliverables.order_by("number")):
            work.submit_draft(item, link="https://drive.example.com/v", **creator)
            work.give_feedback(item, body="", kind="approval", **brand)
            video = f"https://www.tiktok.com/@mayamoves/video/73100000000000000{n:02d}"
            work.mark_posted(item, url=video, **creator)
            work.verify(item, **brand)

    return run


def milestones(client, offer):
    response = client.get(f"/api/v1/offers/{offer.public_id}/milestones")
    assert response.status_code == 200, response.content
    return body(response)


def draft(client, offer, ids, **extra):
    return client.post(
        f"/api/v1/offers/{offer.public_id}/invoices", {"milestones": ids} | extra, content_type=J
    )


def issued(cast, offer):
    """Northstar's issued invoice for the signed deal's upfront share (450.00 EUR)."""
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    invoice = actions.draft_invoice(
        offer=offer, milestones=[offer.milestones.get(number=1)], **manager
    )
    return actions.issue_invoice(invoice=invoice, **manager)


def state():
    return (
        AuditEvent.objects.count(),
        list(Invoice.objects.order_by("pk").values_list("status", "number", "paid_amount")),
        Payment.objects.count(),
    )


def test_the_agency_drafts_then_issues_an_invoice_for_a_due_milestone(cast, signed, clients):
    manager = clients["manager"]
    upfront, rest = milestones(manager, signed)
    assert (upfront["trigger"], upfront["amount"], upfront["currency"]) == (
        "signature",
        "450.00",
        "EUR",
    )
    assert (upfront["status"], upfront["invoice"], rest["status"]) == ("due", None, "scheduled")

    response = draft(manager, signed, [upfront["id"]], vat_rate="20", note="PO 4411")
    assert response.status_code == 201, response.content
    invoice = body(response)
    assert (invoice["status"], invoice["number"], invoice["allowed_actions"]) == (
        "draft",
        None,
        ["issue", "void"],
    )
    assert (invoice["subtotal"], invoice["vat_rate"], invoice["vat_amount"]) == (
        "450.00",
        "20.00",
        "90.00",
    )
    assert (invoice["amount"], invoice["paid_amount"], invoice["balance"]) == (
        "540.00",
        "0.00",
        "540.00",
    )
    assert invoice["issuer"]["kind"] == "agency"
    assert invoice["issuer"]["on_behalf_of"].endswith("(@mayamoves)")
    assert invoice["recipient"]["brand"] == cast.glowskin.slug
    assert invoice["lines"] == [
        {
            "description": invoice["lines"][0]["description"],
            "amount": "450.00",
            "milestone": upfront["id"],
        }
    ]
    assert milestones(manager, signed)[0]["invoice"] == invoice["id"]

    done = manager.post(f"/api/v1/invoices/{invoice['id']}/issue", content_type=J)
    assert done.status_code == 200, done.content
    out = body(done)
    assert out["status"] == "issued" and re.fullmatch(r"[A-Z0-9]+-\d{4}-\d{4}", out["number"])
    assert out["issued_on"] == today().isoformat()
    assert out["due_on"] == (today() + timedelta(days=30)).isoformat()
    assert out["allowed_actions"] == ["void", "record_payment"]
    assert milestones(manager, signed)[0]["status"] == "invoiced"
    audited = AuditEvent.objects.filter(target_type="money.invoice", target_id=out["id"])
    assert set(audited.values_list("event_type", "actor")) == {
        (AuditEventType.INVOICE_DRAFTED, cast.manager.pk),
        (AuditEventType.INVOICE_ISSUED, cast.manager.pk),
    }


def test_an_invoice_drafted_and_issued_in_one_call(signed, clients):
    upfront = milestones(clients["manager"], signed)[0]
    response = draft(clients["manager"], signed, [upfront["id"]], issue=True)
    assert response.status_code == 201, response.content
    assert body(response)["status"] == "issued" and body(response)["number"]
    assert (
        body(clients["brand"].get(f"/api/v1/invoices/{body(response)['id']}"))["number"]
        == (body(response)["number"])
    )


def test_the_brand_pays_in_two_parts_and_never_sees_the_commission(cast, signed, clients):
    invoice = issued(cast, signed)
    brand = clients["brand"]
    seen = body(brand.get(f"/api/v1/invoices/{invoice.public_id}"))
    assert (seen["commission"], seen["creator_net"]) == (None, None)
    assert seen["allowed_actions"] == ["record_payment"]

    first = brand.post(
        f"/api/v1/invoices/{invoice.public_id}/payments",
        {"amount": "200.00", "reference": "SEPA 1", "paid_on": today().isoformat()},
        content_type=J,
    )
    assert first.status_code == 201, first.content
    assert (body(first)["status"], body(first)["paid_amount"], body(first)["balance"]) == (
        "issued",
        "200.00",
        "250.00",
    )
    assert body(first)["payments"][0]["commission"] is None
    rest = brand.post(f"/api/v1/invoices/{invoice.public_id}/payments", {}, content_type=J)
    assert rest.status_code == 201, rest.content
    paid = body(rest)
    assert (paid["status"], paid["paid_amount"], paid["balance"]) == ("paid", "450.00", "0.00")
    assert paid["paid_on"] == today().isoformat() and paid["allowed_actions"] == []
    assert [p["amount"] for p in paid["payments"]] == ["200.00", "250.00"]
    assert all(p["commission"] is None and p["creator_net"] is None for p in paid["payments"])
    listed = body(brand.get(f"/api/v1/invoices?offer={signed.public_id}"))["results"]
    assert [(i["commission"], i["creator_net"]) for i in listed] == [(None, None)]

    # The creator side sees the split: 20 % commission, the parts summing to what was paid.
    for who in ("creator", "manager"):
        mine = body(clients[who].get(f"/api/v1/invoices/{invoice.public_id}"))
        assert (mine["commission"], mine["creator_net"]) == ("90.00", "360.00"), who
        assert [(p["commission"], p["creator_net"]) for p in mine["payments"]] == [
            ("40.00", "160.00"),
            ("50.00", "200.00"),
        ]
    audited = AuditEvent.objects.filter(on_behalf_of=cast.maya).values_list("event_type", flat=True)
    assert {AuditEventType.PAYMENT_RECORDED, AuditEventType.INVOICE_PAID} <= set(audited)


def test_a_void_invoice_frees_its_milestone_for_a_new_one(cast, signed, clients):
    invoice = issued(cast, signed)
    manager = clients["manager"]
    voided = manager.post(
        f"/api/v1/invoices/{invoice.public_id}/void", {"reason": "Wrong PO"}, content_type=J
    )
    assert voided.status_code == 200, voided.content
    assert (body(voided)["status"], body(voided)["void_reason"]) == ("void", "Wrong PO")
    upfront = milestones(manager, signed)[0]
    assert (upfront["status"], upfront["invoice"]) == ("due", None)
    again = draft(manager, signed, [upfront["id"]], issue=True)
    assert again.status_code == 201
    assert body(again)["number"] != invoice.number  # a void number stays used


def test_refusals_say_why_and_change_nothing(cast, signed, clients, offer):
    manager, brand = clients["manager"], clients["brand"]
    upfront, rest = milestones(manager, signed)
    invoice = issued(cast, signed)
    url = f"/api/v1/invoices/{invoice.public_id}"
    before = state()
    cases = [
        (draft(manager, signed, [rest["id"]]), 422, "invalid", "milestones"),  # not due
        (draft(manager, signed, [upfront["id"]]), 422, "invalid", "milestones"),  # invoiced
        (draft(manager, signed, [str(invoice.public_id)]), 422, "invalid", "milestones"),
        (draft(manager, signed, []), 422, "invalid", "milestones"),
        (draft(manager, signed, [upfront["id"]], total="1.00"), 422, "invalid", "total"),
        (draft(manager, signed, [upfront["id"]], vat_rate="120"), 422, "invalid", "vat_rate"),
        (manager.post(f"{url}/issue", content_type=J), 409, "wrong_state", None),
        (manager.post(f"{url}/void", {"reason": "  "}, content_type=J), 422, "invalid", "reason"),
        (
            brand.post(f"{url}/payments", {"amount": "450.01"}, content_type=J),
            422,
            "invalid",
            "amount",
        ),
        (
            brand.post(f"{url}/payments", {"amount": "1.234"}, content_type=J),
            422,
            "invalid",
            "amount",
        ),
        (brand.post(f"{url}/payments", {"amount": "0"}, content_type=J), 422, "invalid", "amount"),
        (brand.post(f"{url}/payments", {"paid_on": 0}, content_type=J), 422, "invalid", "paid_on"),
        (
            brand.post(
                f"{url}/payments",
                {"paid_on": (today() + timedelta(days=2)).isoformat()},
                content_type=J,
            ),
            422,
            "invalid",
            "paid_on",
        ),
        (brand.post(f"{url}/void", {"reason": "No"}, content_type=J), 403, "forbidden", None),
        (brand.post(f"{url}/issue", content_type=J), 403, "forbidden", None),
        (draft(brand, signed, [upfront["id"]]), 403, "forbidden", None),
        (draft(clients["creator"], signed, [upfront["id"]]), 403, "forbidden", None),
        (draft(manager, offer, []), 422, "invalid", "milestones"),
    ]
    for response, status, code, field in cases:
        assert response.status_code == status, (status, response.content)
        assert body(response)["code"] == code, response.content
        assert body(response)["message"]
        if field:
            assert field in body(response)["fields"], response.content
    assert state() == before


def test_an_unsigned_deal_has_no_milestones_and_nothing_to_invoice(cast, offer, clients):
    assert milestones(clients["manager"], offer) == []
    response = draft(clients["manager"], offer, ["00000000-0000-0000-0000-000000000000"])
    assert response.status_code == 409 and body(response)["code"] == "wrong_state"


def test_a_paid_invoice_cannot_be_voided_or_paid_again(cast, signed, clients):
    invoice = issued(cast, signed)
    url = f"/api/v1/invoices/{invoice.public_id}"
    assert clients["brand"].post(f"{url}/payments", {}, content_type=J).status_code == 201
    before = state()
    again = clients["brand"].post(f"{url}/payments", {}, content_type=J)
    void = clients["manager"].post(f"{url}/void", {"reason": "Oops"}, content_type=J)
    assert (again.status_code, body(again)["code"]) == (409, "wrong_state")
    assert (void.status_code, body(void)["code"]) == (409, "wrong_state")
    assert state() == before


def test_filters_and_pages(cast, signed, clients, complete):
    first = issued(cast, signed)
    complete(signed)
    rest = signed.milestones.get(number=2)
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    second = actions.draft_invoice(offer=signed, milestones=[rest], **manager)
    client = clients["manager"]
    base = f"/api/v1/invoices?offer={signed.public_id}"
    both = body(client.get(base))
    assert [i["id"] for i in both["results"]] == [str(second.public_id), str(first.public_id)]
    assert body(client.get(base + "&status=draft"))["count"] == 1
    assert body(client.get(base + "&status=issued"))["results"][0]["id"] == str(first.public_id)
    assert body(client.get(base + "&creator=@MayaMoves"))["count"] == 2
    assert body(client.get(base + "&creator=leo.eats"))["count"] == 0
    assert body(client.get(base + f"&brand={cast.glowskin.slug}"))["count"] == 2
    assert body(client.get(base + "&brand=voltbikes"))["count"] == 0
    one = body(client.get(base + "&page_size=1"))
    assert (one["count"], len(one["results"]), one["previous"]) == (2, 1, None)
    two = body(client.get(one["next"]))
    assert two["results"][0]["id"] == str(first.public_id) and two["next"] is None
    # The brand does not see the draft: it is not addressed to anyone yet.
    assert [i["id"] for i in body(clients["brand"].get(base))["results"]] == [str(first.public_id)]
    assert clients["brand"].get(f"/api/v1/invoices/{second.public_id}").status_code == 404
    actions.void_invoice(invoice=second, reason="Not yet", **manager)  # void, never sent
    assert clients["brand"].get(f"/api/v1/invoices/{second.public_id}").status_code == 404
    assert body(clients["brand"].get(base))["count"] == 1
    for bad in ("status=sent", "page=0", "page_size=101", "page=10001", "offer=nope"):
        response = client.get(f"/api/v1/invoices?{bad}")
        assert response.status_code == 422 and body(response)["code"] == "invalid", bad


def test_a_retried_payment_is_recorded_once(cast, signed, clients):
    invoice = issued(cast, signed)
    url = f"/api/v1/invoices/{invoice.public_id}/payments"
    headers = {"HTTP_IDEMPOTENCY_KEY": "glowskin-transfer-77"}
    answers = [
        clients["brand"].post(url, {"amount": "100.00"}, content_type=J, **headers)
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert answers[2].content == answers[0].content
    assert Payment.objects.filter(invoice=invoice).count() == 1
    other = clients["brand"].post(url, {"amount": "50.00"}, content_type=J, **headers)
    assert (other.status_code, body(other)["code"]) == (422, "idempotency_key_reused")


def test_a_retried_draft_makes_one_invoice_and_a_refusal_replays_alike(cast, signed, clients):
    url = f"/api/v1/offers/{signed.public_id}/invoices"
    upfront, rest = (str(m.public_id) for m in signed.milestones.order_by("number"))

    def post(ids, key):
        return clients["manager"].post(
            url, {"milestones": ids, "issue": True}, content_type=J, HTTP_IDEMPOTENCY_KEY=key
        )

    made = [post([upfront], "draft-1") for _ in range(2)]
    assert [m.status_code for m in made] == [201, 201] and made[1].content == made[0].content
    assert Invoice.objects.filter(offer=signed).count() == 1
    refused = [post([rest], "draft-2") for _ in range(2)]  # not due yet
    assert refused[0].status_code == refused[1].status_code == 422
    assert refused[1]["Idempotent-Replayed"] == "true"
    assert refused[1].content == refused[0].content


def test_outsiders_get_404_on_every_invoice_operation(cast, signed, bearer):
    invoice = issued(cast, signed)
    ids = {"invoice": invoice.public_id, "offer": signed.public_id}
    outsiders = {  # their tokens' creation is audited: the state is read after
        "other agency": bearer(cast.lumen_owner, "agency"),
        "other agency's manager": bearer(cast.lumen_manager, "agency"),
        "manager not assigned": bearer(cast.manager2, "agency"),
        "other brand": bearer(cast.outsider_brand, "brand"),
        "another creator": bearer(cast.creator2, "creator"),
    }
    before = state()
    for who, client in outsiders.items():
        for method, path, payload in operations(ids):
            response = send(client, method, path, payload)
            assert response.status_code == 404, (who, method, path, response.content)
            assert body(response) == {"code": "not_found", "message": "Not found.", "fields": {}}
        listed = body(client.get("/api/v1/invoices?page_size=100"))
        assert str(invoice.public_id) not in str(listed), who
    assert state() == before


def operations(ids):
    invoice, offer = ids["invoice"], ids["offer"]
    return [
        ("GET", f"/api/v1/invoices/{invoice}", None),
        ("GET", f"/api/v1/offers/{offer}/milestones", None),
        ("POST", f"/api/v1/offers/{offer}/invoices", {"milestones": [str(invoice)]}),
        ("POST", f"/api/v1/invoices/{invoice}/issue", {}),
        ("POST", f"/api/v1/invoices/{invoice}/payments", {"amount": "1.00"}),
        ("POST", f"/api/v1/invoices/{invoice}/void", {"reason": "x"}),
    ]


def send(client, method, path, payload):
    if method == "GET":
        return client.get(path)
    return client.post(path, payload, content_type=J)


def test_staff_without_view_earnings_get_403_with_the_reason(cast, signed, bearer):
    invoice = issued(cast, signed)
    without_earnings(cast)
    ids = {"invoice": invoice.public_id, "offer": signed.public_id}
    staff = [bearer(user, "agency") for user in (cast.owner, cast.manager, cast.assistant)]
    before = state()
    for client in staff:
        for method, path, payload in operations(ids):
            response = send(client, method, path, payload)
            assert response.status_code == 403, (method, path, response.content)
            assert body(response)["message"] == (
                "The creator has not shared their earnings with your agency."
            )
        listed = client.get(f"/api/v1/invoices?offer={signed.public_id}")
        assert body(listed)["count"] == 0
        assert client.get(f"/api/v1/offers/{signed.public_id}").status_code == 200
    assert state() == before


def test_the_read_only_assistant_reads_and_is_refused_every_write(cast, signed, bearer):
    invoice = issued(cast, signed)
    assistant = bearer(cast.assistant, "agency")
    seen = body(assistant.get(f"/api/v1/invoices/{invoice.public_id}"))
    assert seen["commission"] == "0.00" and seen["allowed_actions"] == []
    assert len(milestones(assistant, signed)) == 2
    before = state()
    ids = {"invoice": invoice.public_id, "offer": signed.public_id}
    for method, path, payload in operations(ids)[2:]:
        response = send(assistant, method, path, payload)
        assert response.status_code == 403, (path, response.content)
        assert body(response)["message"] == "Your role is read-only for this creator.", path
    assert state() == before


def test_a_read_token_cannot_write(cast, signed, bearer):
    invoice = issued(cast, signed)
    reader = bearer(cast.manager, "agency", scope="read")
    assert reader.get(f"/api/v1/invoices/{invoice.public_id}").status_code == 200
    response = reader.post(
        f"/api/v1/invoices/{invoice.public_id}/void", {"reason": "x"}, content_type=J
    )
    assert response.status_code == 403 and invoice.status == "issued"


def sign(cast, offer):
    """Maya accepts the offer and both sides sign: its money opens."""
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    offer_actions.accept_offer(offer, seen_version=1, **creator)
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, full_name="Camille Roux", ip=None, **brand)
    sign_contract(contract, full_name="Maya Okafor", ip=None, **creator)
    offer.refresh_from_db()
    return offer


def test_a_creator_who_invoices_herself_drafts_and_her_agency_only_reads(
    cast, offer, clients, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    Representation.objects.active().filter(creator=cast.maya).update(invoice_issuer="creator")
    deal = sign(cast, offer)
    upfront = milestones(clients["creator"], deal)[0]
    refused = draft(clients["manager"], deal, [upfront["id"]])
    assert refused.status_code == 403
    assert body(refused)["message"] == "The creator invoices this deal herself."
    made = draft(clients["creator"], deal, [upfront["id"]], issue=True)
    assert made.status_code == 201, made.content
    invoice = body(made)
    assert (invoice["issuer"]["kind"], invoice["issuer"]["on_behalf_of"]) == ("creator", "")
    seen = body(clients["manager"].get(f"/api/v1/invoices/{invoice['id']}"))
    assert seen["number"] == invoice["number"] and seen["allowed_actions"] == []
    paid = clients["creator"].post(
        f"/api/v1/invoices/{invoice['id']}/payments", {"reference": "received"}, content_type=J
    )
    assert (paid.status_code, body(paid)["status"]) == (201, "paid")


def test_yen_amounts_have_no_decimals(cast, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    campaign = offer_actions.create_campaign(
        cast.glowskin,
        actor=cast.brand,
        name="Tokyo launch",
        budget=Decimal("2000000"),
        currency="JPY",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    deal = offer_actions.send_offer(
        campaign,
        creator=cast.maya,
        terms=terms(price=Decimal("150000"), currency="JPY", upfront_pct=Decimal("33")),
        **brand,
    )
    sign(cast, deal)
    upfront = milestones(clients["manager"], deal)[0]
    assert (upfront["amount"], upfront["currency"]) == ("49500", "JPY")
    invoice = body(draft(clients["manager"], deal, [upfront["id"]], issue=True))
    assert (invoice["amount"], invoice["paid_amount"]) == ("49500", "0")
    cents = clients["brand"].post(
        f"/api/v1/invoices/{invoice['id']}/payments", {"amount": "100.50"}, content_type=J
    )
    assert cents.status_code == 422 and "decimal places" in body(cents)["message"]


def test_the_list_query_count_does_not_grow(cast, signed, clients, complete):
    client = clients["manager"]
    issued(cast, signed)
    client.get("/api/v1/invoices")  # the token's first use is written once
    small = count_queries(lambda: client.get("/api/v1/invoices"))
    complete(signed)
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    actions.draft_invoice(offer=signed, milestones=[signed.milestones.get(number=2)], **manager)
    assert body(client.get("/api/v1/invoices"))["count"] >= 2
    assert count_queries(lambda: client.get("/api/v1/invoices")) == small
