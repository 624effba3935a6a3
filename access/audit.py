"""Writing and verifying the business audit log.

The log subscribes to every domain event (`record_event`); `record` is the only writer
(`record_for_creators` is its batch form). It appends to one hash
chain per tenant: the creator the action was done for, else the agency or brand acting, else the
platform. The chain's head row is locked while appending, so two writers never take the same
position.
"""

import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import batched

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


def compute_hash(event: AuditEvent) -> str:
    payload = {name: getattr(event, name) for name in HASHED_FIELDS}
    payload["created_at"] = event.created_at.isoformat()
    text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


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


def verify() -> VerifyResult:
    """Walk every chain; report the first row whose hash, link or position is wrong, and any
    chain whose stored head is missing rows (a cut tail)."""
    heads = {h.chain: h for h in AuditHead.objects.all()}
    rows = chains = 0
    chain_names = set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(chain_names):
        chains += 1
        expected_seq, prev_hash = 1, ""
        for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator():
            rows += 1
            if event.seq != expected_seq:
                return VerifyResult(
                    False, rows, chains, f"chain {chain}: row #{expected_seq} is missing", event.pk
                )
            if event.prev_hash != prev_hash:
                return VerifyResult(
                    False,
                    rows,
                    chains,
                    f"chain {chain}: row #{event.seq} (id {event.pk}) does not follow row "
                    f"#{event.seq - 1}",
                    event.pk,
                )
            if compute_hash(event) != event.hash:
                return VerifyResult(
                    False,
                    rows,
                    chains,
                    f"chain {chain}: row #{event.seq} (id {event.pk}) was changed",
                    event.pk,
                )
            expected_seq, prev_hash = event.seq + 1, event.hash
        head = heads.get(chain)
        if head is None or head.seq != expected_seq - 1 or head.hash != prev_hash:
            return VerifyResult(
                False,
                rows,
                chains,
                f"chain {chain}: rows after #{expected_seq - 1} were removed "
                f"(the head says #{head.seq if head else '?'})",
            )
    return VerifyResult(True, rows, chains)


__all__ = ["ActingAs", "record", "verify", "diff", "security_event"]
