"""What an executed contract prints, as one JSON-able dict, and its SHA-256.

A draft's snapshot is built from the current details at each reading; when the second signature
seals the contract, the snapshot is frozen on `Contract.snapshot` and `Contract.signed_hash` is
the SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8). So a later change of the
agency's clauses, a party's legal name or address, or an account's e-mail address never changes
a sealed contract, and anyone holding the snapshot can recompute its hash."""

import hashlib
import json

from access.models import Representation
from agencies.clauses import clauses_of

FORMAT = 2  # format 1: the seal over the stored terms sheet and the signatures alone


def _party(row, **extra) -> dict:
    return {
        "name": str(row),
        "legal_name": row.billing_name(),
        "address": row.billing_address,
        "vat_number": row.vat_number,
    } | extra


def agency_of(contract, signatures):
    """The agency whose clauses the contract prints: the one that signed for the creator, else
    the one representing her now (or None: she has no agency)."""
    from agencies.models import Agency

    for signature in signatures:
        agency_id = (signature.authority or {}).get("agency_id")
        if agency_id:
            return Agency.objects.filter(pk=agency_id).first()
    active = Representation.objects.active().filter(creator_id=contract.offer.creator_id)
    representation = active.select_related("agency").order_by("started_at", "pk").first()
    return representation.agency if representation else None


def authority_of(grant) -> dict:
    """The authority an agency member signs under: the representation and the scopes the creator
    had granted at that moment (called at signing, stored on the signature)."""
    representation = grant.representation
    if representation is None:
        return {}
    agency = representation.agency
    return {
        "agency_id": agency.pk,
        "agency": agency.name,
        "agency_legal_name": agency.billing_name(),
        "representation": str(representation.public_id),
        "since": representation.started_at.isoformat() if representation.started_at else None,
        "scopes": sorted(grant.scopes),
        "scope_used": "accept_offers",
        "ceiling": str(grant.ceiling) if grant.ceiling is not None else None,
        "ceiling_currency": grant.ceiling_currency,
    }


def _terms(terms, contract) -> dict:
    return {
        "number": terms.number,
        "price": str(terms.price),
        "currency": terms.currency,
        "deliverables": terms.deliverables,
        "upfront_pct": str(terms.upfront_pct),
        "milestones": terms.milestones,
        "net_days": terms.net_days,
        "usage_days": terms.usage_days,
        "usage_channels": terms.usage_channels,
        "usage_ends_on": contract.usage_ends_on.isoformat() if contract.usage_ends_on else None,
        "paid_ads_days": terms.paid_ads_days,
        "paid_ads_ends_on": (
            contract.paid_ads_ends_on.isoformat() if contract.paid_ads_ends_on else None
        ),
        "exclusivity_categories": terms.exclusivity_categories,
        "exclusivity_days": terms.exclusivity_days,
        "revision_rounds": terms.revision_rounds,
    }


def build(contract, *, sealed_at=None) -> dict:
    """The snapshot from the current rows: the contract's terms, the parties' details now, the
    clauses of the agency acting for the creator, and the signatures made so far."""
    offer = contract.offer
    signatures = list(contract.signatures.select_related("user").order_by("signed_at", "side"))
    agency = agency_of(contract, signatures)
    creator = offer.creator
    return {
        "format": FORMAT,
        "offer": str(offer.public_id),
        "campaign": offer.campaign.name,
        "document_hash": contract.document_hash,
        "sealed_at": sealed_at.isoformat() if sealed_at else None,
        "terms": _terms(contract.terms, contract),
        "parties": {
            "brand": _party(offer.campaign.brand),
            "creator": {
                "name": creator.display_name,
                "legal_name": creator.legal_name or creator.display_name,
                "handle": creator.at_handle,
                "address": creator.billing_address,
                "vat_number": creator.vat_number,
            },
            "agency": _party(agency) if agency is not None else None,
        },
        "clauses": clauses_of(agency),
        "signatures": [
            {
                "side": s.side,
                "name": s.full_name,
                "account": s.account or (s.user.email if s.user else ""),
                "organisation": s.organisation,
                "for_creator": s.for_creator,
                "signed_at": s.signed_at.isoformat(),
                "ip": s.ip,
                "authority": s.authority or {},
            }
            for s in signatures
        ],
    }


def canonical(snapshot: dict) -> bytes:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(snapshot: dict) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()


def _without(value, names: list[str], replacement: str):
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, replacement)
        return value
    if isinstance(value, list):
        return [_without(item, names, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _without(item, names, replacement) for key, item in value.items()}
    return value


def redact(contracts, names: set[str], replacement: str) -> None:
    """A closed account's names, handle and e-mail address become `replacement` in the frozen
    snapshots of these contracts (its address and VAT number go when it was the creator's);
    the seal stays the hash of the contract as signed, as for the stored terms sheet, so a copy
    either party kept still proves what was agreed. Called by the account closure."""
    ordered = sorted((n for n in names if n), key=len, reverse=True)  # "@maya" before "maya"
    for contract in contracts.exclude(snapshot={}):
        snapshot = _without(contract.snapshot, ordered, replacement)
        creator = snapshot.get("parties", {}).get("creator") or {}
        if creator.get("legal_name") == replacement or creator.get("name") == replacement:
            creator.update(address="", vat_number="")
        if snapshot != contract.snapshot:
            snapshot["redacted"] = True
            contract.snapshot = snapshot
            contract.save(update_fields=["snapshot"])
