"""Two people act on one deal at the same instant, 200 times per pair of actions, on PostgreSQL
(SQLite has no row locks): exactly one wins, and the loser changes nothing."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from access.models import AuditEvent, AuditEventType
from campaigns import actions
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Offer, TermsVersion
from campaigns.transitions import OfferStatus
from deliverables.models import Deliverable
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of, terms

ROUNDS = 200
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def race(*steps) -> list[str]:
    """Run the steps in threads released together; each returns a label or raises ActionError."""
    barrier = threading.Barrier(len(steps))
    results: list[str] = []

    def run(step):
        barrier.wait()
        try:
            results.append(step())
        except ActionError:
            results.append("refused")
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


def test_200_races_of_sign_against_cancel(cast_tx, capsys):
    """The manager's second signature against the creator cancelling: either the contract is
    sealed and the work starts, or the deal is cancelled with no signature, deliverable or
    audit row of the loser."""
    cast, make_offer = cast_tx
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    outcomes = {}
    for _round in range(ROUNDS):
        offer = make_offer()
        actions.accept_offer(offer, seen_version=1, **creator)
        contract = Contract.objects.get(offer=offer)
        sign_contract(
            contract, role=role_of(cast.brand, "brand"), actor=cast.brand, full_name="Camille Roux"
        )

        def sign(contract=contract):
            sign_contract(contract, full_name="Marco Bianchi", **manager)
            return "signed"

        def cancel(offer=offer):
            actions.decide_offer(
                offer,
                "cancel_creator",
                reason="Change of plans.",
                seen_status=OfferStatus.ACCEPTED,  # she saw it accepted, not yet signed
                **creator,
            )
            return "cancelled"

        result = race(sign, cancel)
        assert result in (["refused", "signed"], ["cancelled", "refused"]), result
        offer.refresh_from_db()
        signatures = contract.signatures.count()
        sealed = AuditEvent.objects.filter(
            event_type=AuditEventType.CONTRACT_SEALED, target_id=str(offer.public_id)
        ).count()
        if "signed" in result:
            assert offer.status == OfferStatus.IN_PROGRESS and signatures == 2 and sealed == 1
            assert Deliverable.objects.filter(offer=offer).count() == 2
        else:
            assert offer.status == OfferStatus.CANCELLED and signatures == 1 and sealed == 0
            assert not Deliverable.objects.filter(offer=offer).exists()
        winner = "signed" if "signed" in result else "cancelled"
        outcomes[winner] = outcomes.get(winner, 0) + 1
    with capsys.disabled():
        print(f"\nsign vs cancel: {ROUNDS} races, exactly one winner each: {outcomes}")


def test_200_races_of_accept_against_counter(cast_tx, capsys):
    """The creator accepting version 1 against her manager countering it: either the offer is
    accepted on version 1 with its contract, or countered to version 2 with no contract."""
    cast, make_offer = cast_tx
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    outcomes = {}
    for _round in range(ROUNDS):
        offer = make_offer()

        def accept(offer=offer):
            actions.accept_offer(offer, seen_version=1, **creator)
            return "accepted"

        def counter(offer=offer):
            actions.counter_offer(
                offer, seen_version=1, terms=terms(price=Decimal("1700")), **manager
            )
            return "countered"

        result = race(accept, counter)
        assert result in (["accepted", "refused"], ["countered", "refused"]), result
        offer = Offer.objects.get(pk=offer.pk)
        versions = TermsVersion.objects.filter(offer=offer).count()
        has_contract = Contract.objects.filter(offer=offer).exists()
        if "accepted" in result:
            assert (offer.status, offer.version, versions, has_contract) == (
                OfferStatus.ACCEPTED,
                1,
                1,
                True,
            )
        else:
            assert (offer.status, offer.version, versions, has_contract) == (
                OfferStatus.COUNTERED_BY_CREATOR,
                2,
                2,
                False,
            )
        winner = result[0] if result[0] != "refused" else result[1]
        outcomes[winner] = outcomes.get(winner, 0) + 1
    with capsys.disabled():
        print(f"\naccept vs counter: {ROUNDS} races, exactly one winner each: {outcomes}")
