"""Fifty invoices of one agency issued at the same instant, on PostgreSQL (SQLite has no row
locks): numbers 1 to 50, each once, none skipped."""

import re
import threading

import pytest
from django.db import connection

from campaigns import actions as offer_actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from money import actions
from money.models import Invoice
from tests.campaigns.conftest import role_of

CONCURRENT = 50
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_50_concurrent_issues_get_gap_free_unique_numbers(cast_tx):
    cast, make_offer = cast_tx
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    drafts = []
    for _n in range(CONCURRENT):
        offer = make_offer()
        offer_actions.accept_offer(offer, seen_version=1, **creator)
        contract = Contract.objects.get(offer=offer)
        sign_contract(contract, full_name="Camille Roux", **brand)
        sign_contract(contract, full_name="Maya Okafor", **creator)
        upfront = offer.milestones.get(number=1)
        drafts.append(actions.draft_invoice(offer=offer, milestones=[upfront], **manager))
    barrier = threading.Barrier(CONCURRENT)
    errors = []

    def issue(invoice):
        barrier.wait()
        try:
            actions.issue_invoice(invoice=invoice, **manager)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(
        Invoice.objects.filter(pk__in=[d.pk for d in drafts]).values_list("number", flat=True)
    )
    prefix = f"NST-{today().year}-"
    assert all(re.fullmatch(rf"{prefix}\d{{4}}", n) for n in numbers), numbers
    issued = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    before = issued[0] - 1  # the demo's own invoices came first
    assert issued == list(range(before + 1, before + CONCURRENT + 1))
