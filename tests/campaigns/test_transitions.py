"""Every step of campaigns/transitions.py a person can take, generated from the table: allowed to
the right side from each source status (and audited), refused in any other status or to any
other side, with nothing changed."""

from decimal import Decimal

import pytest

from access.models import AuditEvent, Representation
from campaigns import actions
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Offer, Signature
from campaigns.transitions import OFFERS, SYSTEM, TRANSITIONS, OfferStatus, Side
from talentdesk.lib.errors import ActionError
from talentdesk.lib.workflow import PREVIOUS
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db

CASES = [
    (verb, status)
    for verb, transition in TRANSITIONS.items()
    if transition.who != SYSTEM
    for status in OfferStatus.values
]


def actors(cast):
    """Each side, and who plays it."""
    return {
        Side.BRAND: [(cast.brand, role_of(cast.brand, "brand"))],
        Side.CREATOR: [(cast.creator, role_of(cast.creator, "creator"))],
        Side.CREATOR_SIDE: [
            (cast.creator, role_of(cast.creator, "creator")),
            (cast.manager, role_of(cast.manager, "agency")),
        ],
        "outsiders": [
            (cast.outsider_brand, role_of(cast.outsider_brand, "brand")),
            (cast.lumen_manager, role_of(cast.lumen_manager, "agency")),
            (cast.creator2, role_of(cast.creator2, "creator")),
        ],
    }


def run(verb, offer, user, role):
    if verb.startswith("counter"):
        return actions.counter_offer(
            offer,
            role=role,
            actor=user,
            terms=terms(price=Decimal("1800")),
            seen_version=offer.version,
        )
    if verb.startswith("accept"):
        return actions.accept_offer(offer, role=role, actor=user, seen_version=offer.version)
    if verb.startswith("sign"):
        contract = Contract.objects.filter(offer=offer).first()
        if contract is None:
            raise ActionError("no contract")  # only an accepted offer has one
        return sign_contract(contract, role=role, actor=user, full_name=user.name)
    return actions.decide_offer(
        offer, verb, role=role, actor=user, reason="test reason", seen_version=offer.version
    )


def pair_of(verb):
    """Counter, accept and sign are one call for both sides (the role picks *_brand or
    *_creator): the other side's attempt is the other verb, tested on its own row."""
    if verb.startswith(("counter", "accept", "sign")):
        return "brand" if verb.endswith("_brand") else "creator"
    return None


@pytest.mark.parametrize(("verb", "status"), CASES)
def test_transition_from_each_status(cast, offer, verb, status):
    transition = TRANSITIONS[verb]
    if verb.startswith("sign"):
        actions.accept_offer(
            offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
        )
    if verb == "accept_brand":  # the brand accepts terms the creator proposed herself
        actions.counter_offer(
            offer,
            role=role_of(cast.creator, "creator"),
            actor=cast.creator,
            terms=terms(price=Decimal("1600")),
            seen_version=1,
        )
    Offer.objects.filter(pk=offer.pk).update(status=status, status_before_approval="offered")
    Representation.objects.filter(creator=cast.maya, status="active").update(accept_ceiling=None)
    people = actors(cast)
    allowed_people = people[transition.who] if status in transition.sources else []
    refused = [p for s, group in people.items() for p in group if p not in allowed_people]
    mine = pair_of(verb)
    if mine:
        refused = [(u, r) for u, r in refused if (r.kind == "brand") == (mine == "brand")]
    for user, role in refused:
        offer.refresh_from_db()
        before = AuditEvent.objects.count()
        with pytest.raises(ActionError):
            run(verb, offer, user, role)
        offer.refresh_from_db()
        assert offer.status == status, (verb, user.email)
        assert AuditEvent.objects.count() == before
    for user, role in allowed_people:
        Offer.objects.filter(pk=offer.pk).update(status=status)
        Signature.objects.filter(contract__offer=offer).delete()  # each signs on a fresh contract
        offer.refresh_from_db()
        before = AuditEvent.objects.count()
        run(verb, offer, user, role)
        offer.refresh_from_db()
        expected = {None: status, PREVIOUS: "offered"}.get(transition.target, transition.target)
        assert offer.status == expected, (verb, user.email)
        event = AuditEvent.objects.latest("id")
        assert AuditEvent.objects.count() == before + 1 and event.actor == user
        assert event.event_type == transition.event and event.on_behalf_of == cast.maya


def test_every_status_is_reachable_or_initial_and_every_step_is_tested():
    targets = {t.target for t in TRANSITIONS.values() if t.target}
    assert set(OfferStatus.values) - targets == {OfferStatus.OFFERED}  # the initial status
    system = {verb for verb, t in TRANSITIONS.items() if t.who == SYSTEM}
    assert system == {
        "hold_for_creator",
        "contract_sealed",
        "all_approved",
        "all_verified",
        "expire",
    }
    assert {verb for verb, _status in CASES} == set(TRANSITIONS) - system


def test_the_system_steps_are_never_buttons(cast, offer):
    for role in (role_of(cast.brand, "brand"), role_of(cast.creator, "creator")):
        for status in OfferStatus.values:
            Offer.objects.filter(pk=offer.pk).update(status=status)
            offer.refresh_from_db()
            verbs = OFFERS.verbs_for(role, offer)
            assert not {v for v in verbs if TRANSITIONS[v].who == SYSTEM}
