"""Every API operation × every kind of outsider to one tenant's objects: refused (404 for what
they cannot see, 401 without a valid token, 403 for a read-only token writing), and a refused
write changes nothing. The operations are read from the OpenAPI document, so a new one is in
the matrix the day it is added."""

import re
from datetime import timedelta

import pytest

from access import actions as access_actions
from access.models import AuditEvent, Representation
from api import actions as api_actions
from api.main import api
from campaigns.actions import today
from creators.models import ImportJob
from money import actions as money_actions
from money.models import Invoice
from tests.api.conftest import api_client, role_of
from tests.api.test_deal_flow import terms_json

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield method.upper(), path


def invoice_of(deal, cast):
    """The deal's upfront share, invoiced by Northstar (once, however often ids are asked)."""
    offer = deal["offer"]
    invoice = Invoice.objects.filter(offer=offer).first()
    if invoice is None:
        manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
        upfront = offer.milestones.get(number=1)
        invoice = money_actions.draft_invoice(offer=offer, milestones=[upfront], **manager)
        money_actions.issue_invoice(invoice=invoice, **manager)
    return invoice


def ids_of(deal, cast):
    return {
        "offer_id": deal["offer"].public_id,
        "campaign_id": deal["offer"].campaign.public_id,
        "deliverable_id": deal["deliverable"].public_id,
        "rep_id": Representation.objects.active().get(creator=cast.maya).public_id,
        "creator_id": cast.maya.public_id,
        "webhook_id": deal["endpoint"].public_id,
        "delivery_id": deal["delivery"].public_id,
        "import_id": ImportJob.objects.get_or_create(
            agency=cast.northstar,
            filename="matrix.csv",
            defaults={"kind": "creators", "content": "handle\n", "created_by": cast.manager},
        )[0].public_id,
        "invoice_id": invoice_of(deal, cast).public_id,
    }


def bodies(cast):
    due = (today() + timedelta(days=5)).isoformat()
    return {
        "/scopes": {"scopes": ["view_insights"]},
        "/offers": {"creator": str(cast.maya.public_id), "terms": terms_json()},
        "/counter": {"seen_version": 1, "terms": terms_json()},
        "/accept": {"seen_version": 1},
        "/decline": {"reason": "no"},
        "/withdraw": {"reason": "no"},
        "/cancel": {"reason": "no"},
        "/send-back": {"reason": "no", "seen_version": 1},
        "/approve": {"seen_version": 1},
        "/sign": {"full_name": "Some Body"},
        "/drafts": {"link": "https://drive.example.com/x"},
        "/feedback": {"kind": "comment", "body": "x"},
        "/posted": {"url": "https://www.tiktok.com/@a/video/1234567890123456789"},
        "/messages": {"body": "hello"},
        "/campaigns": {
            "name": "x",
            "budget": "10.00",
            "currency": "EUR",
            "starts_on": due,
            "ends_on": due,
        },
        "/webhooks": {"url": "https://example.com/hook", "events": ["offer.accepted"]},
        "/invoices": {"milestones": ["8c4b7a52-2f0e-4f43-9d2e-0b8f6c1f3a11"]},
        "/payments": {"amount": "1.00"},
        "/void": {"reason": "no"},
    }


def call(client, method, path, ids, cast):
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url)
    if path.endswith("/upload"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"file": SimpleUploadedFile("a.png", PNG, "image/png")})
    suffix = "/" + path.rstrip("/").rsplit("/", 1)[-1]
    payload = bodies(cast).get(suffix, {})
    send = client.put if method == "PUT" else client.post
    return send(url, payload, content_type="application/json")


def outsiders(cast):
    def bearer(user, kind):
        return api_client(
            api_actions.create_token(
                user, name="m", scope="write", role_key=role_of(user, kind).key
            )[1]
        )

    return {
        "other agency's owner": bearer(cast.lumen_owner, "agency"),
        "other agency's manager": bearer(cast.lumen_manager, "agency"),
        "manager not assigned": bearer(cast.manager2, "agency"),
        "other brand": bearer(cast.outsider_brand, "brand"),
        "another creator": bearer(cast.creator2, "creator"),
    }


def snapshot():
    return AuditEvent.objects.count(), Representation.objects.filter(status="active").count()


def test_outsiders_are_refused_on_every_operation_naming_an_object(cast, deal, capsys):
    ids = ids_of(deal, cast)
    clients = outsiders(cast)  # their tokens' creation is audited: count after it
    before = (snapshot(), deal["offer"].status, deal["offer"].version)
    checked = 0
    for who, client in clients.items():
        for method, path in operations():
            if "{" not in path:
                continue
            if path.startswith("/api/v1/creators/") and who == "other brand" and method == "GET":
                continue  # listed creators are the brands' marketplace (SPEC §2)
            response = call(client, method, path, ids, cast)
            checked += 1
            if "/webhooks" in path and who in (
                "other agency's manager",
                "manager not assigned",
                "another creator",
            ):
                assert response.status_code == 403  # only owners/admins manage webhooks
                continue
            if path.startswith("/api/v1/imports/") and who == "manager not assigned":
                assert response.status_code == 200  # an agency's imports are its members'
                continue  # (as on the imports page): counts, no creator's figures
            assert response.status_code == 404, (who, method, path, response.content[:200])
            assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}
    deal["offer"].refresh_from_db()
    assert (snapshot(), deal["offer"].status, deal["offer"].version) == before
    with capsys.disabled():
        print(f"\nAPI cross-tenant matrix: {checked} requests by 5 outsiders, all 404")
    assert checked >= 140


def test_lists_never_carry_another_tenants_records(cast, deal):
    ids = {str(v) for v in ids_of(deal, cast).values()}
    for who, client in outsiders(cast).items():
        for method, path in operations():
            if method != "GET" or "{" in path or path.endswith(("openapi.json", "/docs")):
                continue
            response = client.get(path + "?page_size=100")
            assert response.status_code in (200, 403), (who, path)
            leaked = {i for i in ids if i in response.content.decode()}
            if who == "other brand":
                leaked.discard(str(cast.maya.public_id))  # listed: the brands' marketplace
            if who == "manager not assigned" and path == "/api/v1/imports":
                leaked.discard(str(ids_of(deal, cast)["import_id"]))  # the agency's imports
            assert not leaked, (who, path)


def test_a_revoked_representation_closes_every_door_at_once(cast, deal):
    ids = ids_of(deal, cast)
    manager = api_client(
        api_actions.create_token(
            cast.manager, name="m", scope="write", role_key=role_of(cast.manager, "agency").key
        )[1]
    )
    assert manager.get(f"/api/v1/offers/{ids['offer_id']}").status_code == 200
    rep = Representation.objects.active().get(creator=cast.maya)
    access_actions.end_representation(
        rep, "revoke", role=role_of(cast.creator, "creator"), actor=cast.creator
    )
    refused = 0
    for method, path in operations():
        if "{" not in path or "/webhooks" in path or "/representations" in path:
            continue
        if path.startswith("/api/v1/imports/"):
            continue  # the agency keeps read access to what it did (SPEC §9 Revocation)
        response = call(manager, method, path, ids, cast)
        assert response.status_code in (403, 404), (method, path)
        refused += 1
    assert refused >= 25


def test_revoked_tokens_and_anonymous_callers_get_401_everywhere(cast, deal, anon):
    ids = ids_of(deal, cast)
    token, raw = api_actions.create_token(
        cast.brand, name="m", scope="write", role_key=role_of(cast.brand, "brand").key
    )
    api_actions.revoke_token(token, actor=None)
    for client in (api_client(raw), anon):
        for method, path in operations():
            if path.endswith(("openapi.json", "/docs")):
                continue
            assert call(client, method, path, ids, cast).status_code == 401, (method, path)


def test_read_tokens_cannot_call_any_writing_operation(cast, deal):
    ids = ids_of(deal, cast)
    reader = api_client(
        api_actions.create_token(
            cast.brand, name="m", scope="read", role_key=role_of(cast.brand, "brand").key
        )[1]
    )
    writes = [(m, p) for m, p in operations() if m != "GET"]
    for method, path in writes:
        assert call(reader, method, path, ids, cast).status_code == 403, (method, path)
    assert len(writes) >= 20


def test_every_operation_requires_authentication():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            schemes = {name for item in operation.get("security", []) for name in item}
            assert schemes == {"TokenAuth", "BrowserSession"}, (method, path)


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_api_reference_is_for_signed_in_users_and_token_holders(cast, anon, login, path):
    assert anon.get(path).status_code == 302
    assert login(cast.brand).get(path).status_code == 200
    raw = api_actions.create_token(
        cast.brand, name="m", scope="read", role_key=role_of(cast.brand, "brand").key
    )[1]
    assert api_client(raw).get(path).status_code == 200
