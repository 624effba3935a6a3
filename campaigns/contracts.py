"""Contracts: generated from the accepted terms, signed by both sides, then sealed by a hash."""

import hashlib
import json
from datetime import UTC

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from access import audit
from access.roles import RoleKind
from campaigns import contract_document, contract_snapshot, usage
from campaigns.models import Contract, Offer, Signature
from campaigns.transitions import OFFERS, side_of
from talentdesk.lib.actors import account_of
from talentdesk.lib.errors import ActionError


def create_contract(offer: Offer) -> Contract:
    """The contract document for the offer's current (accepted) terms; call inside the accept."""
    existing = Contract.objects.filter(offer=offer).first()
    if existing is not None:
        return existing  # an offer is accepted once; its contract never changes
    terms = offer.versions.get(number=offer.version)
    with translation.override("en"):
        context = {"offer": offer, "terms": terms}
        document = render_to_string("campaigns/contract_document.html", context)
    return Contract.objects.create(
        offer=offer,
        terms=terms,
        document=document,
        document_hash=hashlib.sha256(document.encode()).hexdigest(),
    )


def seal(contract: Contract) -> str:
    """The seal: the SHA-256 of the frozen snapshot's canonical JSON (terms, parties, clauses,
    every signature with its account, time and IP: campaigns.contract_snapshot). A contract
    sealed before snapshots existed (format 1) hashed the stored terms sheet's hash and the
    signatures."""
    if contract.snapshot:
        return contract_snapshot.digest(contract.snapshot)
    payload = {
        "document_hash": contract.document_hash,
        "signatures": [
            [s.side, s.user_id, s.full_name, s.organisation, s.for_creator]
            + [s.signed_at.isoformat(), s.ip]
            for s in contract.signatures.order_by("side")
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


def sign_contract(contract: Contract, *, role, actor, full_name: str, ip=None) -> Contract:
    """One side signs, typing its own account's name; the second signature seals the contract
    and the deal moves to "in progress". Only an `accepted` offer can be signed (the workflow's
    sign steps start from there alone): a cancelled deal stays cancelled. Locks the offer, then
    the contract (the order every action on an offer keeps). The caller fetched the offer
    through campaigns.queries."""
    full_name = " ".join((full_name or "").split())
    if len(full_name) < 3:
        raise ActionError(_("Type your full name to sign."), field="full_name")
    if not (actor.name or "").strip():
        raise ActionError(
            _("Add your full name to your profile first: a signature carries your own name."),
            field="full_name",
        )
    if not _same_name(full_name, actor.name):
        raise ActionError(
            _("Type your own full name, as on your account: %(name)s.") % {"name": actor.name},
            field="full_name",
        )
    verb = "sign_brand" if role.kind == RoleKind.BRAND else "sign_creator"
    with transaction.atomic():
        offer = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("campaign__brand", "creator")
            .get(pk=contract.offer_id)
        )
        grant = OFFERS.grant_for(role, offer)
        OFFERS.check(verb, role, offer, grant)
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        if contract.completed_at:
            raise ActionError(_("This contract is signed by both sides already."))
        organisation, for_creator, authority = "", "", {}
        if role.kind == RoleKind.BRAND:
            organisation = offer.campaign.brand.name
        elif role.kind == RoleKind.AGENCY:
            organisation, for_creator = role.agency.name, offer.creator.at_handle
            authority = contract_snapshot.authority_of(grant)
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    contract=contract,
                    side=side_of(role),
                    user=account_of(actor),
                    full_name=actor.name.strip(),
                    organisation=organisation,
                    for_creator=for_creator,
                    ip=ip if ip is not None else audit.current_origin().ip,
                    account=actor.email,
                    authority=authority,
                )
        except IntegrityError:
            raise ActionError(_("Your side has signed this contract already.")) from None
        changes = {"signed_by": [None, signature.signed_as]}
        OFFERS.move(offer, verb, role=role, actor=actor, grant=grant, changes=changes)
        if contract.signatures.count() == 2:
            contract.completed_at = timezone.now()
            sealed_on = contract.completed_at.astimezone(UTC).date()
            contract.usage_ends_on, contract.paid_ads_ends_on = usage.ends(
                sealed_on, contract.terms
            )
            # Freeze what the executed contract prints, then seal that (JSON round trip first,
            # so the hash is of exactly what the database gives back).
            snapshot = contract_snapshot.build(contract, sealed_at=contract.completed_at)
            contract.snapshot = json.loads(contract_snapshot.canonical(snapshot))
            contract.signed_hash = seal(contract)
            contract.save(
                update_fields=[
                    "completed_at",
                    "signed_hash",
                    "usage_ends_on",
                    "paid_ads_ends_on",
                    "snapshot",
                ]
            )
            changes = {"sha256": contract.signed_hash}
            OFFERS.move(offer, "contract_sealed", role=role, actor=actor, changes=changes)
    return contract


def pdf_bytes(contract: Contract, *, language: str = "en", zone=None) -> bytes | None:
    """The executed contract (or the draft) as PDF in the reader's language and time zone, or
    None when WeasyPrint's system libraries are missing (campaigns.contract_document)."""
    return contract_document.pdf(contract, language=language, zone=zone)
