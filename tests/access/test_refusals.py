"""A refused attempt on another party's object goes to the security-event log, never into a
tenant's audit chain, and names nobody behind the identifier."""

import csv
import io

import pytest
from django.urls import reverse

from access.models import AuditEvent, Representation, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def export_rows(client):
    export = client.get(reverse("access:activity") + "?format=csv")
    return list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))


def test_issue14_break12_a_refused_post_leaves_no_row_in_anyones_audit_chain(cast, login):
    """Issue #14, break 12: a POST by another agency to a representation it is not party to got
    404 but appended a "refused attempt … @mayamoves" row to the attacker's own activity export,
    disclosing the creator behind the UUID."""
    rep = Representation.objects.active().get(creator=cast.maya)
    attacker = login(cast.lumen_owner)
    audited = AuditEvent.objects.count()
    before = export_rows(attacker)  # Lumen once represented Maya: its own past rows name her
    for url in (
        reverse("agencies:creator-remove", args=[rep.public_id]),
        reverse("agencies:proposal-answer", args=[rep.public_id, "decline"]),
        reverse("agencies:creator-team", args=[rep.public_id]),
        reverse("creators:creator-rate", args=[cast.maya.public_id]),
    ):
        assert attacker.post(url, {"deliverable": "video", "amount": "1"}).status_code == 404
    assert AuditEvent.objects.count() == audited
    assert export_rows(attacker) == before
    assert "Refused attempt" not in " ".join(" ".join(row) for row in before)
    refusals = SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCESS_DENIED, user=cast.lumen_owner
    )
    assert refusals.count() == 4
    assert all("mayamoves" not in (r.path + r.email) for r in refusals)


def test_a_refused_api_write_is_a_security_event_too(cast, bearer, offer):
    before = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED).count()
    response = bearer(cast.lumen_manager, "agency").post(
        f"/api/v1/offers/{offer.public_id}/decline",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    after = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED)
    assert after.count() == before + 1 and after.latest("id").user == cast.lumen_manager
