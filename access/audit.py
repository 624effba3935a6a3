"""Writing and verifying the business audit log.

The log subscribes to every domain event (`record_event`); `record` is the only writer
(`record_for_creators` is its batch form). It appends to one hash
chain per tenant: the creator the action was done for, else the agency or brand acting, else the
platform. The chain's head row is locked while appending, so two writers never take the same
position.

Each row's `hash` is an HMAC-SHA256 over its fields and the previous row's hash, keyed with the
audit key (`settings.AUDIT_KEY`, kept outside the database, access/keys.py); the row records the id
of the key (`key_id`), so rows made before a rotation verify with the old key kept in
`AUDIT_KEY_FALLBACKS`. Someone who can write the tables but does not hold the key cannot make a
row that verifies; the anchors (access/anchors.py) catch what the key alone cannot: a deleted
chain, or rewriting by someone who holds the key.
"""

import hashlib
import hmac
import json
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from itertools import batched

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from access.events import CreatorsEvent, Event
from access.models import ActingAs, AuditEvent, AuditHead, SecurityEvent
from talentdesk.lib.client_ip import client_ip
from talentdesk.lib.events import subscriber


@dataclass(frozen=True)
class Origin:
    ip: str | None = None
    user_agent: str = ""


CHUNK = 500  # chains locked and written per statement by `record_for_creators`
_origin: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> Origin:
    """Where the current request comes from (empty outside a request: the command line)."""
    return _origin.get() or Origin()


def set_origin(origin: Origin):
    return _origin.set(origin)


def reset_origin(token) -> None:
    _origin.reset(token)


def origin_of(request) -> Origin:
    """The request's client address (behind the trusted proxies, if any) and user agent."""
    return Origin(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:400],
    )


class AuditOriginMiddleware:
    """Makes the request's IP and user agent available to `record` without threading them
    through every action's signature."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_origin(origin_of(request))
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)


def actor_name(actor) -> str:
    """The name an audit row keeps: the account's name, or what an actor without an account
    says of itself (`audit_name`: a brand contact's guest link, an answer the agency recorded)."""
    if actor is None:
        return "system"
    return (getattr(actor, "audit_name", "") or actor.name or actor.email)[:200]


def chain_for(*, on_behalf_of=None, agency=None, brand=None) -> str:
    if on_behalf_of is not None:
        return f"creator:{on_behalf_of.pk}"
    if agency is not None:
        return f"agency:{agency.pk}"
    if brand is not None:
        return f"brand:{brand.pk}"
    return "platform"


HASHED_FIELDS = (
    "chain",
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "acting_as",
    "agency_id",
    "brand_id",
    "on_behalf_of_id",
    "representation_id",
    "event_type",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "ip",
    "user_agent",
    "prev_hash",
)


def _payload(event) -> bytes:
    payload = {name: getattr(event, name) for name in HASHED_FIELDS}
    payload["created_at"] = event.created_at.isoformat()
    return json.dumps(payload, sort_keys=True, default=str, separators=(",", ":")).encode()


def plain_hash(event) -> str:
    """The unkeyed SHA-256 the log used before it was keyed (read only by migration 0018)."""
    return hashlib.sha256(_payload(event)).hexdigest()


@cache
def key_id(key: str) -> str:
    """A key's public name, stored on each row it signs: reveals nothing of the key."""
    return hmac.new(key.encode(), b"talentdesk.audit.key-id", hashlib.sha256).hexdigest()[:12]


def keys() -> dict[str, str]:
    """{key id: key} of the current audit key and the old ones still accepted."""
    return {key_id(k): k for k in [settings.AUDIT_KEY, *settings.AUDIT_KEY_FALLBACKS]}


def current_key_id() -> str:
    return key_id(settings.AUDIT_KEY)


def mac(event, key: str) -> str:
    """HMAC-SHA256 of the row's fields (its key id among them) and the previous row's hash."""
    text = event.key_id.encode() + b"|" + _payload(event)
    return hmac.new(key.encode(), text, hashlib.sha256).hexdigest()


def compute_hash(event: AuditEvent) -> str:
    """Signs a new row with the current key (sets its `key_id`); returns its hash."""
    event.key_id = current_key_id()
    return mac(event, settings.AUDIT_KEY)


def rekey_legacy(event_model, head_model, *, batch: int = 1000) -> tuple[int, list[str]]:
    """Migration 0018: sign with the current key every row written before the log was keyed.

    Each chain is walked from its first row; a row is re-signed only while the old chain checks
    out (its plain SHA-256, its link, its position), so a row changed before the upgrade is not
    laundered: from it on the chain keeps its plain hashes, which `verify` no longer accepts.
    Returns (rows signed, chains left broken)."""
    key, kid = settings.AUDIT_KEY, current_key_id()
    signed, broken = 0, []
    chains = event_model.objects.filter(key_id="").values_list("chain", flat=True).distinct()
    for chain in sorted(set(chains)):
        heads = head_model.objects.filter(chain=chain)
        head = heads.first()
        expected_seq, old_prev, new_prev, pending = 1, "", "", []
        intact = True
        for event in event_model.objects.filter(chain=chain).order_by("seq").iterator():
            if event.key_id:  # already keyed (a chain written across the upgrade)
                intact = False
                break
            if (
                event.seq != expected_seq
                or event.prev_hash != old_prev
                or plain_hash(event) != event.hash
            ):
                intact = False
                break
            old_prev = event.hash
            event.prev_hash, event.key_id = new_prev, kid
            event.hash = mac(event, key)
            new_prev, expected_seq = event.hash, event.seq + 1
            pending.append(event)
            if len(pending) >= batch:
                event_model.objects.bulk_update(pending, ["prev_hash", "hash", "key_id"])
                signed += len(pending)
                pending = []
        if intact and head is not None and head.seq == expected_seq - 1 and head.hash == old_prev:
            event_model.objects.bulk_update(pending, ["prev_hash", "hash", "key_id"])
            signed += len(pending)
            heads.update(hash=new_prev)
        else:
            # Leave the rest as it was, and the head too: `verify` reports the chain.
            if pending:
                event_model.objects.bulk_update(pending, ["prev_hash", "hash", "key_id"])
                signed += len(pending)
            broken.append(chain)
    return signed, broken


def record(
    event_type,
    *,
    actor,
    acting_as: str,
    target,
    agency=None,
    brand=None,
    on_behalf_of=None,
    representation=None,
    changes: dict | None = None,
    target_label: str | None = None,
) -> AuditEvent:
    """Append one audit row; call it inside the action's transaction."""
    chain = chain_for(on_behalf_of=on_behalf_of, agency=agency, brand=brand)
    origin = _origin.get() or Origin()
    with transaction.atomic():
        head, _ = AuditHead.objects.get_or_create(chain=chain)
        head = AuditHead.objects.select_for_update().get(pk=head.pk)
        event = AuditEvent(
            chain=chain,
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor_name(actor),
            acting_as=acting_as,
            agency=agency,
            brand=brand,
            on_behalf_of=on_behalf_of,
            representation=representation,
            event_type=int(event_type),
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(getattr(target, "public_id", None) or getattr(target, "pk", "") or ""),
            target_label=(target_label if target_label is not None else str(target or ""))[:200],
            changes=jsonable(changes or {}),
            ip=origin.ip,
            user_agent=origin.user_agent,
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def record_for_creators(
    event_type,
    creators,
    *,
    actor,
    acting_as: str,
    changes: dict,
    agency=None,
    per_creator: dict | None = None,
) -> int:
    """The same event appended to each creator's own chain (an import touching thousands of
    creators) in a fixed handful of queries per CHUNK: missing heads made, the heads locked in
    one statement (in chain order, so two writers cannot deadlock), events and heads written in
    bulk. `per_creator[pk]` is merged over `changes` in that creator's row (her own before/after).
    Call it inside the action's transaction; returns the number of rows written."""
    per_creator = per_creator or {}
    written = 0
    for chunk in batched(creators, CHUNK):
        chains = {chain_for(on_behalf_of=creator): creator for creator in chunk}
        AuditHead.objects.bulk_create(
            [AuditHead(chain=chain) for chain in chains], ignore_conflicts=True
        )
        heads = AuditHead.objects.select_for_update().filter(chain__in=list(chains))
        heads = list(heads.order_by("chain"))
        origin = _origin.get() or Origin()
        now = timezone.now()
        events = []
        for head in heads:
            creator = chains[head.chain]
            event = AuditEvent(
                chain=head.chain,
                seq=head.seq + 1,
                created_at=now,
                actor=actor if actor is not None and actor.pk else None,
                actor_name=actor_name(actor),
                acting_as=acting_as,
                agency=agency,
                on_behalf_of=creator,
                event_type=int(event_type),
                target_type=type(creator)._meta.label_lower,
                target_id=str(getattr(creator, "public_id", None) or creator.pk),
                target_label=str(creator)[:200],
                changes=jsonable({**changes, **per_creator.get(creator.pk, {})}),
                ip=origin.ip,
                user_agent=origin.user_agent,
                prev_hash=head.hash,
            )
            event.hash = compute_hash(event)
            head.seq, head.hash = event.seq, event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events)
        AuditHead.objects.bulk_update(heads, ["seq", "hash"])
        written += len(events)
    return written


@subscriber(Event)
def record_event(event: Event) -> None:
    """The audit log's subscription: every published event goes in its creator's (or its
    organisation's) chain, in the transaction of the change."""
    if not event.audited:
        return
    if isinstance(event, CreatorsEvent):
        record_for_creators(
            event.type,
            event.creators,
            actor=event.actor,
            acting_as=event.acting_as,
            changes=event.changes,
            agency=event.agency,
            per_creator=event.per_creator,
        )
        return
    record(
        event.type,
        actor=event.actor,
        acting_as=event.acting_as,
        target=event.target,
        agency=event.agency,
        brand=event.brand,
        on_behalf_of=event.on_behalf_of,
        representation=event.representation,
        changes=event.changes,
        target_label=event.target_label,
    )


def jsonable(value):
    """Changes as plain JSON (Decimals and dates as strings), so the stored row hashes the same
    when read back."""
    return json.loads(json.dumps(value, default=str))


def diff(instance, fields, before: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed since `before` was taken."""
    changes = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            changes[name] = [before.get(name), new]
    return changes


def security_event(kind, *, user=None, email="", request=None) -> None:
    origin = origin_of(request) if request is not None else (_origin.get() or Origin())
    SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        email=email[:254],
        path=(request.path[:400] if request is not None else ""),
        ip=origin.ip,
        user_agent=origin.user_agent,
    )


@dataclass
class VerifyResult:
    ok: bool
    rows: int
    chains: int
    problem: str = ""
    event_id: int | None = None
    anchored_chains: int = 0


def verify(anchors: dict[str, dict[int, str]] | None = None) -> VerifyResult:
    """Walk every chain; report the first row whose MAC, key, link or position is wrong, and any
    chain whose stored head is missing rows (a cut tail).

    `anchors` ({chain: {seq: hash}}, read by `access.anchors.read`) are heads written outside the
    database earlier: each anchored row must still be there with that hash, and each anchored
    chain must still exist (a chain deleted with its head is otherwise invisible)."""
    anchors = anchors or {}
    known = keys()
    heads = {h.chain: h for h in AuditHead.objects.all()}
    rows = chains = 0
    chain_names = set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())

    def broken(problem, event_id=None):
        return VerifyResult(False, rows, chains, problem, event_id, len(anchors))

    for chain in sorted(chain_names):
        chains += 1
        expected_seq, prev_hash = 1, ""
        anchored = anchors.get(chain, {})
        for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator():
            rows += 1
            where = f"chain {chain}: row #{event.seq} (id {event.pk})"
            if event.seq != expected_seq:
                return broken(f"chain {chain}: row #{expected_seq} is missing", event.pk)
            if event.prev_hash != prev_hash:
                return broken(f"{where} does not follow row #{event.seq - 1}", event.pk)
            if not event.key_id:
                return broken(f"{where} carries a plain hash, not the audit key's MAC", event.pk)
            if event.key_id not in known:
                return broken(
                    f"{where} names key {event.key_id}, which is neither AUDIT_KEY nor one of "
                    "AUDIT_KEY_FALLBACKS (a forged row, or a key missing from the fallbacks)",
                    event.pk,
                )
            if not hmac.compare_digest(mac(event, known[event.key_id]), event.hash):
                return broken(f"{where} was changed", event.pk)
            if event.seq in anchored and anchored[event.seq] != event.hash:
                return broken(
                    f"{where} differs from the anchored one: the chain was rewritten up to here",
                    event.pk,
                )
            expected_seq, prev_hash = event.seq + 1, event.hash
        head = heads.get(chain)
        if head is None or head.seq != expected_seq - 1 or head.hash != prev_hash:
            return broken(
                f"chain {chain}: rows after #{expected_seq - 1} were removed "
                f"(the head says #{head.seq if head else '?'})"
            )
        if anchored and max(anchored) > expected_seq - 1:
            return broken(
                f"chain {chain}: rows after #{expected_seq - 1} were removed "
                f"(the anchors saw #{max(anchored)})"
            )
    missing = sorted(set(anchors) - chain_names)
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        return broken(
            f"chain {missing[0]}{more}: in the anchors (up to row #{max(anchors[missing[0]])}) "
            "but not in the database: the chain was deleted"
        )
    return VerifyResult(True, rows, chains, anchored_chains=len(anchors))


__all__ = ["ActingAs", "record", "verify", "diff", "security_event"]
