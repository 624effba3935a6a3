"""Contracts: generated from the accepted terms, signed by both sides, then sealed by a hash."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from access.models import AuditEventType
from campaigns.models import Contract, Offer, Signature
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
    """SHA-256 over the document and every signature (name, side, time, IP)."""
    payload = {
        "document_hash": contract.document_hash,
        "signatures": [
            [s.side, s.full_name, s.signed_at.isoformat(), s.ip]
            for s in contract.signatures.order_by("side")
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def sign_contract(contract: Contract, *, role, actor, full_name: str, ip: str | None) -> Contract:
    """One side signs with its typed full name; the second signature seals the contract and the
    deal moves to "in progress". The caller fetched the offer through access.scoping."""
    from campaigns.actions import _record, representation_for

    full_name = " ".join(full_name.split())
    if len(full_name) < 3:
        raise ActionError(_("Type your full name to sign."), field="full_name")
    offer = contract.offer
    if role.kind == "brand":
        side = "brand"
    else:
        side = "creator_side"
        rep = representation_for(role, offer)
        if role.kind == "agency" and (
            rep is None or not rep.has_scope("accept_offers") or not role.membership.can_act
        ):
            raise ActionError(_("Only the creator, or a manager allowed to accept offers, signs."))
    with transaction.atomic():
        contract = Contract.objects.select_for_update().select_related("offer").get(pk=contract.pk)
        if contract.completed_at:
            raise ActionError(_("This contract is signed by both sides already."))
        try:
            with transaction.atomic():
                Signature.objects.create(
                    contract=contract, side=side, user=actor, full_name=full_name, ip=ip
                )
        except IntegrityError:
            raise ActionError(_("Your side has signed this contract already.")) from None
        offer = (
            Offer.objects.select_for_update()
            .select_related("campaign__brand", "creator")
            .get(pk=contract.offer_id)
        )
        changes = {"signed_by": [None, f"{full_name} ({side})"]}
        if contract.signatures.count() == 2:
            contract.completed_at = timezone.now()
            contract.signed_hash = seal(contract)
            contract.save(update_fields=["completed_at", "signed_hash"])
            offer.status, offer.updated_at = "in_progress", timezone.now()
            offer.save(update_fields=["status", "updated_at"])
            from deliverables.actions import generate_for

            generate_for(offer)
            changes |= {"status": ["accepted", "in_progress"], "sha256": contract.signed_hash}
        _record(AuditEventType.CONTRACT_SIGNED, offer, role, actor, changes)
    return contract


def pdf_bytes(contract: Contract) -> bytes | None:
    """The contract as PDF, or None when WeasyPrint's system libraries are missing."""
    try:
        from weasyprint import HTML
    except OSError:
        return None
    return HTML(string=contract.document).write_pdf()
